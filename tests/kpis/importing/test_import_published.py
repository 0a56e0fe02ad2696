"""The Published, PublishedSummary and Focus sheets: kept as printed, idempotent."""

from decimal import Decimal

from kpis import models
from tests.commands import run_import
from tests.database import database_state
from tests.workbooks import small_council, write_workbook


def printed(code, year, quarter):
    return dict(
        models.PublishedValue.objects.filter(indicator__code=code, year=year, quarter=quarter).values_list(
            "field", "value"
        )
    )


def test_published_values_are_kept_as_printed(imported_small_council):
    assert printed("HOMES", 2016, 3) == {
        "status": "Achieved", "dot_year": "↑", "dot_quarter": "↓", "dot_month_7_6": "↓", "dot_month_8_7": "↑",
        "dot_month_9_8": "↓", "figure": "973", "section": "achieving",
    }
    assert printed("CTAX", 2016, 3)["figure"] == "80.04"
    assert printed("NEET", 2016, 3) == {"status": "new govt. method"}
    assert printed("TWO", 2016, 2) == {"status": "Not due (Termly)"}


def test_a_section_is_read_in_any_case(imported_small_council):
    assert printed("SICK", 2016, 3)["section"] == "failing"


def test_published_summary_is_kept(imported_small_council):
    lines = models.PublishedSummary.objects.filter(year=2016, quarter=2)
    achieved = lines.get(measure="statuses", value="achieved")
    assert (achieved.percent, achieved.count) == (Decimal("62.5"), 5)
    assert lines.get(measure="dot_year", value="better").count is None
    assert lines.count() == 4


def test_focus_indicators_are_kept_in_order(imported_small_council):
    focus = models.FocusIndicator.objects.filter(year=2016, quarter=3)
    assert [(f.indicator.code, f.position) for f in focus] == [("POT", 1), ("SICK", 2)]


def test_reimport_of_published_sheets_changes_nothing(imported_small_council):
    before = database_state()
    status, out, _ = run_import(imported_small_council)
    assert status == 0
    assert "Published: 0 created, 0 updated, 26 unchanged" in out
    assert "PublishedSummary: 0 created, 0 updated, 4 unchanged" in out
    assert "Focus: 0 created, 0 updated, 2 unchanged" in out
    assert database_state() == before


def test_a_corrected_published_value_is_updated_with_history(imported_small_council, tmp_path):
    sheets = small_council()
    for row in sheets["Published"]:
        if (row["code"], row["field"]) == ("POT", "status"):
            row["value"] = "Failed"
    status, out, _ = run_import(write_workbook(tmp_path / "v2.xlsx", sheets))
    assert status == 0 and "Published: 0 created, 1 updated, 25 unchanged" in out
    value = models.PublishedValue.objects.get(indicator__code="POT", year=2016, quarter=3, field="status")
    assert [h.value for h in value.history.order_by("history_id")] == ["Achieved", "Failed"]


def test_the_published_sheets_are_optional(db, tmp_path):
    sheets = small_council()
    for name in ("Published", "PublishedSummary", "Focus"):
        del sheets[name]
    status, out, _ = run_import(write_workbook(tmp_path / "plain.xlsx", sheets))
    assert status == 0, out
    assert not models.PublishedValue.objects.exists()
