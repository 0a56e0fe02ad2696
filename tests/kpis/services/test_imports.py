"""kpis.services.imports writes in bulk: a dry run compares and reports without writing a row,
and reports exactly what the real run then writes; every record created or changed gets one
history row saying who, when and why, holding the record as it now stands."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kpis import models
from kpis.domain.periods import Quarter
from kpis.importing.problems import WorkbookError
from kpis.services import workflow
from kpis.services.imports import import_workbook
from tests.database import MODELS, database_state
from tests.people import make_user
from tests.workbooks import indicator, small_council, write_workbook

HISTORY_MODELS = [model for model in MODELS if hasattr(model, "history")]


def tokens():
    return list(models.DataVersion.objects.values_list("public", "working"))


def imported(path, **options):
    with open(path, "rb") as source:
        return import_workbook(source, reason=f"upload {path.name}", **options)


def changed_council() -> dict:
    """The small council a year on: a figure, a target, a commentary and a printed value
    changed; an indicator moved to a new portfolio; a new indicator, with a new directorate,
    and its first figures."""
    sheets = small_council()
    for row in sheets["Readings"]:
        if row["code"] == "HOMES" and row["month"] == "2016-12":
            row["value"] = 35
    for row in sheets["Targets"]:
        if row["code"] == "SICK" and row["period"] == "year":
            row["value"] = 8.5
    sheets["Commentary"][0]["text"] = "Fewer potholes missed the timescale."
    sheets["Published"][0]["value"] = "Failed"
    pot = next(row for row in sheets["Indicators"] if row["code"] == "POT")
    pot["portfolio"] = "Highways"
    sheets["Indicators"].append(indicator("LIB", "Library visits", unit="count", rollup="sum",
                                          directorate="Libraries", portfolio="Culture"))
    sheets["Readings"] += [{"code": "LIB", "month": "2016-04", "value": 1200},
                           {"code": "LIB", "month": "2016-05", "value": 1310}]
    return sheets


def test_a_dry_run_into_an_empty_database_writes_nothing_and_reports_what_the_import_writes(db, tmp_path):
    path = write_workbook(tmp_path / "small.xlsx", small_council())
    before, tokens_before = database_state(), tokens()
    dry = imported(path, dry_run=True)
    assert database_state() == before and tokens() == tokens_before
    real = imported(path)
    assert dry.changes == real.changes and dry.counts == real.counts and dry.fingerprint == real.fingerprint
    assert real.counts["Readings"]["created"] == 119 == models.Reading.objects.count()
    assert len(real.changes) == real.changed == sum(model.objects.count() for model in HISTORY_MODELS)
    assert tokens() != tokens_before


def test_a_dry_run_of_changes_writes_nothing_and_reports_what_the_import_writes(imported_small_council, tmp_path):
    path = write_workbook(tmp_path / "v2.xlsx", changed_council())
    before, tokens_before = database_state(), tokens()
    dry = imported(path, dry_run=True)
    assert database_state() == before and tokens() == tokens_before
    assert not models.Portfolio.objects.filter(name__in=["Highways", "Culture"]).exists()
    real = imported(path)
    assert dry.changes == real.changes and dry.counts == real.counts and dry.fingerprint == real.fingerprint
    shown = [str(change) for change in real.changes]
    # A portfolio or directorate is shown by its name, which a dry run knows before it exists.
    assert "Indicators!3 POT portfolio: Cllr B Little -> Highways" in shown
    assert "Readings!10 HOMES 2016-12 value: 31 -> 35" in shown
    assert "Targets!5 SICK 2016/17 year value: 9 -> 8.5" in shown
    assert real.counts["Readings"] == {"created": 2, "updated": 1, "unchanged": 118}
    assert real.counts["Indicators"] == {"created": 1, "updated": 1, "unchanged": 13}
    assert models.Indicator.objects.get(code="POT").portfolio.name == "Highways"
    assert models.Indicator.objects.get(code="LIB").directorate.name == "Libraries"
    assert tokens() != tokens_before
    # And the confirmed preview of the same file is still that file's: nothing changed since.
    assert imported(path, dry_run=True).changed == 0


def test_a_locked_quarter_stops_the_dry_run_as_it_stops_the_import(imported_small_council, tmp_path):
    performance = make_user("perf", "performance")
    workflow.set_lock(performance, Quarter(2016, 3), True, "signed off")
    path = write_workbook(tmp_path / "v2.xlsx", changed_council())
    before = database_state()
    with pytest.raises(WorkbookError) as dry:
        imported(path, dry_run=True)
    with pytest.raises(WorkbookError) as real:
        imported(path, user=performance)
    assert dry.value.lines() == real.value.lines() == [
        "Readings!10 month: Quarter 3 2016/17 is locked: give a reason to reopen it (on the command line, --reopen "
        "\"reason\")",
        "Commentary!2 quarter: Quarter 3 2016/17 is locked: give a reason to reopen it (on the command line, "
        "--reopen \"reason\")"]
    assert database_state() == before
    # With a reason, the dry run reports and still writes nothing, not even the reopening.
    imported(path, dry_run=True, reopen="late correction")
    assert database_state() == before
    assert models.QuarterLock.objects.get(year=2016, quarter=3).locked
    imported(path, user=performance, reopen="late correction")
    lock = models.QuarterLock.objects.get(year=2016, quarter=3)
    assert not lock.locked and lock.history.latest("history_id").history_change_reason == "late correction"


def test_every_record_created_has_one_history_row_saying_who_when_and_why(db, tmp_path):
    performance = make_user("perf", "performance")
    path = write_workbook(tmp_path / "small.xlsx", small_council())
    start = timezone.now()
    imported(path, user=performance)
    for model in HISTORY_MODELS:
        records = {row["id"]: row for row in model.objects.values()}
        history = list(model.history.values())
        assert len(history) == len(records) > 0, model.__name__
        for row in history:
            assert (row["history_type"], row["history_user_id"], row["history_change_reason"]) == (
                "+", performance.pk, "upload small.xlsx"), model.__name__
            assert start <= row["history_date"] <= timezone.now()
            assert {name: row[name] for name in records[row["id"]]} == records[row["id"]], model.__name__
    assert models.Reading.history.filter(history_user=performance).count() == 119


def test_every_record_changed_has_one_new_history_row_and_the_rest_none(imported_small_council, tmp_path):
    performance = make_user("perf", "performance")
    counts = {model: model.history.count() for model in HISTORY_MODELS}
    last = {model: model.history.order_by("-history_id").values_list("history_id", flat=True).first()
            for model in HISTORY_MODELS}
    report = imported(write_workbook(tmp_path / "v2.xlsx", changed_council()), user=performance)
    new = {model: list(model.history.filter(history_id__gt=last[model]).values()) for model in HISTORY_MODELS}
    for model in HISTORY_MODELS:
        sheet = {models.Reading: "Readings", models.Target: "Targets", models.Indicator: "Indicators",
                 models.Commentary: "Commentary", models.PublishedValue: "Published"}.get(model)
        created, updated = (report.counts[sheet]["created"], report.counts[sheet]["updated"]) if sheet else (0, 0)
        assert model.history.count() == counts[model] + created + updated, model.__name__
        assert sorted(row["history_type"] for row in new[model]) == ["+"] * created + ["~"] * updated
        for row in new[model]:
            assert (row["history_user_id"], row["history_change_reason"]) == (performance.pk, "upload v2.xlsx")
            record = model.objects.filter(pk=row["id"]).values().get()
            assert {name: row[name] for name in record} == record, model.__name__
    homes = models.Reading.objects.get(indicator__code="HOMES", month="2016-12-01")
    latest = homes.history.latest("history_id")
    assert (latest.value, latest.version, latest.history_type) == (35, homes.version, "~")
    assert homes.version == 1 and homes.updated_at > timezone.now() - timedelta(minutes=1)
