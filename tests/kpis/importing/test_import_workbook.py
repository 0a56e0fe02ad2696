"""import_workbook: all or nothing, idempotent, every change in history."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from kpis import models
from kpis.services.imports import import_workbook
from tests.commands import run_import
from tests.database import database_state
from tests.workbooks import small_council, write_workbook


def test_import_creates_everything_with_its_attributes(imported_small_council):
    homes = models.Indicator.objects.get(code="HOMES")
    assert homes.aliases == ["Homes transformed", "Transforming homes"]
    assert (homes.unit, homes.rollup, homes.polarity, homes.target_basis) == ("count", "sum", "up", "ytd")
    assert (homes.portfolio.name, homes.portfolio.holder) == ("Housing", "Cllr R Gledhill")
    # A portfolio with no name is named after its holder.
    assert models.Indicator.objects.get(code="POT").portfolio.name == "Cllr B Little"
    assert models.Reading.objects.get(indicator__code="HOMES", month="2016-04-01").value == 192
    assert {r.state for r in models.Reading.objects.all()} == {"approved"}
    assert models.Outturn.objects.get(indicator=homes, year=2015).text == "58% (5838)"
    assert models.Benchmark.objects.filter(indicator__code="OBES").count() == 2
    assert models.Commentary.objects.get(indicator__code="SICK").quarter == 3
    assert models.ReportingYear.objects.get(year=2016).scheme == "achieved_failed"


def test_ratio_value_is_computed_from_its_parts(imported_small_council):
    oct_ = models.Reading.objects.get(indicator__code="POT", month="2016-10-01")
    assert (oct_.numerator, oct_.denominator, oct_.value) == (94, 98, Decimal("95.918367"))


def test_time_is_read_as_mm_ss_and_stored_in_seconds(imported_small_council):
    values = models.Reading.objects.filter(indicator__code="CALL").order_by("month").values_list("value", flat=True)
    assert list(values) == [105, 130, 115]
    assert models.Target.objects.get(indicator__code="CALL", period="year").value == 120


def test_reimporting_the_same_file_changes_nothing(imported_small_council):
    before = database_state()
    status, out, _ = run_import(imported_small_council)
    assert status == 0
    assert "Readings: 0 created, 0 updated, 119 unchanged" in out
    assert "0 changes written." in out
    assert database_state() == before


def test_a_changed_value_updates_the_reading_and_keeps_history(imported_small_council, tmp_path):
    User.objects.create_user("perf", password="x")
    sheets = small_council()
    for row in sheets["Readings"]:
        if row["code"] == "HOMES" and row["month"] == "2016-12":
            row["value"] = 35
    status, out, _ = run_import(write_workbook(tmp_path / "v2.xlsx", sheets), "--user", "perf")
    assert status == 0, out
    assert "Readings: 0 created, 1 updated, 118 unchanged" in out
    reading = models.Reading.objects.get(indicator__code="HOMES", month="2016-12-01")
    assert reading.value == 35
    latest, previous = reading.history.order_by("-history_id")[:2]
    assert (previous.value, latest.value) == (31, 35)
    assert latest.history_user.username == "perf"
    assert latest.history_change_reason == "import_workbook v2.xlsx"
    assert latest.history_type == "~"


def test_dry_run_reports_and_writes_nothing(db, small_council_file):
    before = database_state()
    status, out, _ = run_import(small_council_file, "--dry-run")
    assert status == 0
    assert "Readings: 119 created, 0 updated, 0 unchanged" in out
    assert "Dry run: nothing was written." in out
    assert database_state() == before


def test_progress_is_reported_per_sheet(db, small_council_file):
    seen = []

    def progress(rows, total, desc):
        seen.append((desc, total))
        return rows

    with open(small_council_file, "rb") as source:
        import_workbook(source, progress=progress)
    assert ("Readings", 119) in seen and ("Indicators", 14) in seen


def test_unknown_user_is_refused(db, small_council_file):
    status, _, err = run_import(small_council_file, "--user", "nobody")
    assert status == 1 and "no such user" in err


@pytest.mark.parametrize("typed, seconds", [
    (__import__("datetime").time(2, 5), 125),  # "02:05" typed, read by Excel as 2 h 5 min: mm:ss meant
    (__import__("datetime").time(0, 45), 45),  # "0:45"
    (__import__("datetime").time(0, 2, 5), 125),  # "0:02:05" typed in full
])
def test_excel_time_cells_read_as_minutes_and_seconds(typed, seconds):
    from types import SimpleNamespace

    from kpis.domain.values import duration

    assert duration(SimpleNamespace(value=typed)) == seconds
