"""The SPC columns of the import contract (issue 17): an indicator's `spc_baseline` and the
SpcPeriods sheet of changes of process. Written with who and why, refused cell by cell with
nothing written, unchanged when imported again, and carried by the exported workbook."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kpis.models import ChangeOfProcess, Indicator
from tests.commands import run_import
from tests.database import database_state, empty_the_database
from tests.people import make_user
from tests.workbooks import small_council, write_workbook

CHANGES = [
    {"code": "CTAX", "month": "2016-10", "reason": "New collection contractor from October"},
    # A month as a date cell, as the Readings sheet takes it.
    {"code": "HOMES", "month": datetime(2016, 7, 1), "reason": "Definition widened to\nrepairs"},
]


def with_spc(change=lambda sheets: None):
    sheets = small_council()
    for row in sheets["Indicators"]:
        if row["code"] == "CTAX":
            row["spc_baseline"] = 12
    sheets["SpcPeriods"] = [dict(row) for row in CHANGES]
    change(sheets)
    return sheets


def recorded():
    return [(c.indicator.code, c.month, c.reason) for c in ChangeOfProcess.objects.order_by("indicator__code")]


def test_the_baseline_and_changes_of_process_are_written_with_who_and_why(imported_small_council, tmp_path):
    pat = make_user("pat", "performance")
    status, out, err = run_import(write_workbook(tmp_path / "spc.xlsx", with_spc()), "--user", "pat")

    assert status == 0, err
    assert "SpcPeriods: 2 created, 0 updated, 0 unchanged" in out
    assert Indicator.objects.get(code="CTAX").spc_baseline == 12
    assert Indicator.objects.get(code="HOMES").spc_baseline is None
    assert recorded() == [("CTAX", date(2016, 10, 1), "New collection contractor from October"),
                          ("HOMES", date(2016, 7, 1), "Definition widened to\nrepairs")]
    assert {c.recorded_by for c in ChangeOfProcess.objects.all()} == {pat}
    history = ChangeOfProcess.history.get(indicator__code="CTAX")
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", pat, "import_workbook spc.xlsx")
    baseline = Indicator.history.filter(code="CTAX").latest("history_date")
    assert (baseline.spc_baseline, baseline.history_user) == (12, pat)


def test_the_same_rows_again_change_nothing(imported_small_council, tmp_path):
    workbook = write_workbook(tmp_path / "spc.xlsx", with_spc())
    assert run_import(workbook)[0] == 0
    before = database_state()

    status, out, _ = run_import(workbook)

    assert status == 0
    assert "SpcPeriods: 0 created, 0 updated, 2 unchanged" in out
    assert "0 changes written." in out
    assert database_state() == before


def test_a_changed_reason_is_updated_and_kept_in_history(imported_small_council, tmp_path):
    assert run_import(write_workbook(tmp_path / "spc.xlsx", with_spc()))[0] == 0

    def new_reason(sheets):
        sheets["SpcPeriods"][0]["reason"] = "New contractor (Veolia) from October"

    status, out, _ = run_import(write_workbook(tmp_path / "again.xlsx", with_spc(new_reason)))

    assert status == 0 and "SpcPeriods: 0 created, 1 updated, 1 unchanged" in out
    assert ChangeOfProcess.objects.get(indicator__code="CTAX").reason == "New contractor (Veolia) from October"
    assert list(ChangeOfProcess.history.filter(indicator__code="CTAX").values_list("history_type", flat=True)
                .order_by("history_date")) == ["+", "~"]


def test_a_dry_run_shows_the_changes_and_writes_nothing(imported_small_council, tmp_path):
    before = database_state()
    status, out, _ = run_import(write_workbook(tmp_path / "spc.xlsx", with_spc()), "--dry-run")
    assert status == 0 and "SpcPeriods: 2 created" in out and "Dry run: nothing was written." in out
    assert database_state() == before


SPC_ROW = len(CHANGES) + 2  # the row added after the good ones (header is row 1)
INDICATORS_ROW = 2 + next(i for i, row in enumerate(small_council()["Indicators"]) if row["code"] == "CTAX")


def add_change(**values):
    return lambda sheets: sheets["SpcPeriods"].append({"code": "CTAX", "month": "2017-01", "reason": "Why", **values})


def baseline(value):
    def change(sheets):
        next(row for row in sheets["Indicators"] if row["code"] == "CTAX")["spc_baseline"] = value
    return change


CASES = [
    ("unknown indicator", add_change(code="NOPE"), f"SpcPeriods!{SPC_ROW} code: unknown indicator code 'NOPE'"),
    ("month not YYYY-MM", add_change(month="Jan 2017"), f"SpcPeriods!{SPC_ROW} month: 'Jan 2017' is not a month "
                                                        "written YYYY-MM"),
    ("month before the product's years", add_change(month="1066-05"),
     f"SpcPeriods!{SPC_ROW} month: '1066-05' is not a month the product keeps figures for"),
    ("blank month", add_change(month=None), f"SpcPeriods!{SPC_ROW} month: is required"),
    ("blank reason", add_change(reason=None), f"SpcPeriods!{SPC_ROW} reason: is required"),
    ("reason of spaces", add_change(reason="   "), f"SpcPeriods!{SPC_ROW} reason: is required"),
    ("reason longer than kept", add_change(reason="x" * 10_001),
     f"SpcPeriods!{SPC_ROW} reason: is 10001 characters long; at most 10000 are kept"),
    ("the same indicator and month twice", add_change(month="2016-10"),
     f"SpcPeriods!{SPC_ROW} month: another row records a change of process for this indicator and month "
     "(first at row 2)"),
    ("the same month as a date and as text", add_change(month=datetime(2016, 10, 1)),
     f"SpcPeriods!{SPC_ROW} month: another row records a change of process for this indicator and month"),
    ("baseline of one point", baseline(1),
     f"Indicators!{INDICATORS_ROW} spc_baseline: 1 is fewer than 2 points: give 2 or more, or leave it blank"),
    ("baseline of no points", baseline(0), f"Indicators!{INDICATORS_ROW} spc_baseline: 0 is fewer than 2 points"),
    ("baseline not whole", baseline(12.5), f"Indicators!{INDICATORS_ROW} spc_baseline: 12.5 is not a whole number"),
    ("baseline in words", baseline("a year"), f"Indicators!{INDICATORS_ROW} spc_baseline: 'a year' is not a number"),
    ("baseline too large", baseline(40_000),
     f"Indicators!{INDICATORS_ROW} spc_baseline: 40000 is more than 32767 points"),
]


@pytest.mark.parametrize("change, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_cell_is_named_and_nothing_is_written(imported_small_council, tmp_path, change, message):
    before = database_state()
    status, _, err = run_import(write_workbook(tmp_path / "bad.xlsx", with_spc(change)))
    assert status == 1
    assert message in err
    assert "nothing was written" in err
    assert database_state() == before  # the good rows and the baseline are not written either


def test_the_missing_reason_column_is_named(imported_small_council, tmp_path):
    before = database_state()
    status, _, err = run_import(write_workbook(tmp_path / "bad.xlsx", with_spc(), omit=("reason",)))
    assert status == 1 and "SpcPeriods!1 reason: missing column" in err
    assert database_state() == before


def test_the_exported_workbook_carries_them_and_imports_back(imported_small_council, tmp_path):
    assert run_import(write_workbook(tmp_path / "spc.xlsx", with_spc()))[0] == 0
    ChangeOfProcess.objects.create(indicator=Indicator.objects.get(code="CTAX"), month=date(2017, 1, 1),
                                   reason="After the quarter: not in its workbook")
    exported = tmp_path / "appendix.xlsx"
    call_command("export_appendix", "--year", "2016", "--quarter", "3", "--out", str(exported), stdout=io.StringIO())

    workbook = load_workbook(exported)
    sheet = workbook["SpcPeriods"]
    assert [c.value for c in sheet[1]] == ["code", "month", "reason"]
    assert sorted(sheet.iter_rows(min_row=2, values_only=True)) == [
        ("CTAX", "2016-10", "New collection contractor from October"),
        ("HOMES", "2016-07", "Definition widened to\nrepairs")]
    header = [c.value for c in workbook["Indicators"][1]]
    spc_baseline = {row[0]: row[header.index("spc_baseline")]
                    for row in workbook["Indicators"].iter_rows(min_row=2, values_only=True)}
    assert spc_baseline["CTAX"] == 12 and spc_baseline["HOMES"] is None

    empty_the_database()
    assert run_import(exported)[0] == 0

    assert Indicator.objects.get(code="CTAX").spc_baseline == 12
    assert recorded() == [("CTAX", date(2016, 10, 1), "New collection contractor from October"),
                          ("HOMES", date(2016, 7, 1), "Definition widened to\nrepairs")]
    status, out, _ = run_import(exported)
    assert status == 0 and "0 changes written." in out  # exported, imported, imported again: the same
