"""A workbook written by a test goes through import_workbook and scorecard, and comes
out with the statuses and arrows the rules give (tests/workbooks.py explains each)."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.commands import scorecard


def rows_by_code(year=2016, quarter=3):
    return {row["code"]: row for row in json.loads(scorecard("--year", str(year), "--quarter", str(quarter)))}


EXPECTED_Q3 = [
    # code, section, period, figure, target, year_target, status, reason, dot_year, dot_quarter
    ("HOMES", "achieving", "2016-Q3", 973, 450, 600, "achieved", None, "better", "worse"),
    ("POT", "failing", "2016-Q3", 92.69, 100, 100, "failed", None, None, "worse"),
    ("SICK", "failing", "2016-Q3", 7.21, 6.75, 9, "failed", None, "worse", "worse"),
    ("EMR", "achieving", "2016-Q3", 0.17, 0.2, 0.2, "achieved", None, None, "worse"),
    ("CTAX", "achieving", "2016-Q3", 80.04, 79.86, 98.9, "achieved", None, "better", "better"),
    ("REOFF", "achieving", "2016-Q2", 8, 30, 30, "achieved", None, None, "worse"),
    ("NEET", "no_status", "2016-Q3", None, 5, 5, None, "new_method", None, None),
    ("TWO", "achieving", "2016-Q3", 741, 741, None, "achieved", None, None, None),
    ("FLY", "demand", "2016-Q3", 2239, 1700, 2250, None, "baseline_only", None, "higher"),
    ("CPP", "demand", "2016-Q3", 71, None, None, None, "no_target", None, "higher"),
    ("UNEMP", "context", "2016-Q3", 5.2, 3.8, 3.8, "failed", None, None, "worse"),
    ("RED", "achieving", "2016-Q3", 90, 99, None, "achieved", None, "better", "static"),
    ("CALL", "achieving", "2016-Q3", 117, 120, 120, "achieved", None, None, None),
    ("OBES", "failing", "2015-Q4", 37.8, 36.6, 36.6, "failed", None, None, None),
]


@pytest.mark.parametrize("expected", EXPECTED_Q3, ids=[e[0] for e in EXPECTED_Q3])
def test_round_trip_gives_the_rules_answer(imported_small_council, expected):
    code, section, period, figure, target, year_target, status, reason, dot_year, dot_quarter = expected
    row = rows_by_code()[code]
    assert (row["section"], row["period"], row["figure"], row["target"], row["year_target"]) == (
        section, period, figure, target, year_target)
    assert (computed(row, "status"), row["no_status_reason"], computed(row, "dot_year"),
            computed(row, "dot_quarter")) == (status, reason, dot_year, dot_quarter)


def computed(row, key):
    """The rules' own value: `key` unless it is the council's printed one."""
    return row[key] if row[f"{key}_basis"] == "computed" else None


def test_where_the_rules_give_none_the_printed_value_stands_and_says_so(imported_small_council):
    pot = rows_by_code()["POT"]
    assert (pot["dot_year"], pot["dot_year_basis"], pot["published_dot_year"]) == ("better", "as_published", "better")
    assert (pot["status"], pot["status_basis"]) == ("failed", "computed")
    neet = rows_by_code()["NEET"]
    assert (neet["status"], neet["status_basis"]) == (None, None)


def test_every_row_has_the_contract_fields(imported_small_council):
    rows = json.loads(scorecard("--year", "2016", "--quarter", "3"))
    assert [row["code"] for row in rows] == [e[0] for e in EXPECTED_Q3]  # workbook order
    for key in ("code", "title", "category", "section", "portfolio_holder", "directorate", "period", "figure",
                "target", "year_target", "status", "no_status_reason", "dot_year", "dot_quarter"):
        assert all(key in row for row in rows), key
    homes = rows[0]
    assert (homes["portfolio_holder"], homes["directorate"], homes["category"]) == (
        "Cllr R Gledhill", "AHH - Housing", "kpi")
    # The Q3 target is the year target profiled, so it carries the year target's printed text.
    assert homes["target_text"] == "50 per month" and homes["year_target_text"] == "50 per month"
    reoffending = next(row for row in rows if row["code"] == "REOFF")
    assert (reoffending["target"], reoffending["target_text"]) == (30, "")  # judged on Q2: the year target
    assert isinstance(homes["figure"], int) and isinstance(rows[1]["figure"], float)


def test_in_arrears_row_says_which_period_it_reports(imported_small_council):
    reoff = rows_by_code()["REOFF"]
    assert reoff["in_arrears"] is True and reoff["period"] == "2016-Q2"
    assert rows_by_code()["HOMES"]["in_arrears"] is False


def test_csv_has_the_same_rows(imported_small_council):
    rows = list(csv.DictReader(io.StringIO(scorecard("--year", "2016", "--quarter", "3", "--format", "csv"))))
    as_json = rows_by_code()
    assert len(rows) == len(as_json)
    for row in rows:
        assert row["status"] == (as_json[row["code"]]["status"] or "")
        assert row["figure"] == ("" if as_json[row["code"]]["figure"] is None else str(as_json[row["code"]]["figure"]))


def test_summary_counts_corporate_kpis(imported_small_council):
    summary = json.loads(scorecard("--year", "2016", "--quarter", "3", "--summary"))
    # KPIs judged: 7 achieved (HOMES EMR CTAX REOFF TWO RED CALL), 3 failed (POT SICK OBES);
    # NEET (new method), UNEMP (context), FLY and CPP (demand) are not counted.
    computed = summary["computed"]
    assert computed["statuses"]["achieved"] == {"count": 7, "total": 10, "percent": 70, "as_published": 0}
    assert computed["statuses"]["failed"] == {"count": 3, "total": 10, "percent": 30, "as_published": 0}
    assert computed["dot_year"]["better"] == {"count": 3, "total": 4, "percent": 75, "as_published": 0}
    assert computed["dot_year"]["worse"] == {"count": 1, "total": 4, "percent": 25, "as_published": 0}
    assert computed["dot_quarter"]["worse"]["count"] == 5
    assert computed["dot_quarter"]["static"]["count"] == 1
    assert computed["dot_quarter"]["better"] == {"count": 1, "total": 7, "percent": 14.29, "as_published": 0}
    # What the pages show: POT's printed arrow since last year stands where the rules give none.
    assert summary["dot_year"]["better"] == {"count": 4, "total": 5, "percent": 80, "as_published": 1}
    assert summary["dot_year"]["worse"] == {"count": 1, "total": 5, "percent": 20, "as_published": 0}
    assert summary["statuses"] == computed["statuses"]


def test_summary_as_csv(imported_small_council):
    rows = list(csv.reader(io.StringIO(scorecard("--year", "2016", "--quarter", "3", "--summary", "--format", "csv"))))
    assert rows[0] == ["measure", "value", "count", "total", "percent", "as_published", "computed_count",
                       "computed_total", "computed_percent"]
    assert ["statuses", "achieved", "7", "10", "70", "0", "7", "10", "70"] in rows


def test_a_rag_year_gives_amber_within_tolerance(db, tmp_path):
    from tests.workbooks import small_council, write_workbook

    sheets = small_council()
    sheets["Years"] = [{"year": 2016, "scheme": "rag"}]
    for row in sheets["Indicators"]:
        if row["code"] == "SICK":
            row["tolerance"] = 0.5  # 7.21 misses 6.75 by 0.46
        if row["code"] == "POT":
            row["tolerance"] = 5  # 92.69 misses 100 by 7.31
    call_command("import_workbook", str(write_workbook(tmp_path / "rag.xlsx", sheets)))
    rows = rows_by_code()
    assert [rows[code]["status"] for code in ("SICK", "POT", "HOMES")] == ["amber", "red", "green"]
    assert [rows[code]["section"] for code in ("SICK", "POT", "HOMES")] == ["failing", "failing", "achieving"]
    summary = json.loads(scorecard("--year", "2016", "--quarter", "3", "--summary"))
    assert summary["scheme"] == "rag" and summary["statuses"]["amber"]["count"] == 1


def test_an_earlier_quarter(imported_small_council):
    rows = rows_by_code(quarter=1)
    assert (rows["HOMES"]["figure"], rows["HOMES"]["target"], rows["HOMES"]["status"]) == (435, 150, "achieved")
    # NEET before the new method: 5.6 against the year target 5, smaller is better.
    assert (rows["NEET"]["figure"], rows["NEET"]["status"]) == (5.6, "failed")


def test_a_quarter_with_no_data_has_no_statuses(imported_small_council):
    rows = rows_by_code(year=2020, quarter=1)
    assert {row["status"] for row in rows.values()} == {None}
    assert rows["HOMES"]["no_status_reason"] == "no_figure"


def test_bad_year_is_refused(db):
    with pytest.raises(CommandError, match="not a financial year"):
        scorecard("--year", "16", "--quarter", "3")
