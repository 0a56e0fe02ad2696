"""The scorecard sets what the council printed beside what it computes, and the computed
values never read the printed ones (tests/workbooks.py has the printed rows)."""

import csv
import io
import json
from dataclasses import astuple
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.domain.periods import Month
from kpis.domain.terms import Direction, Status
from kpis.models import (
    Commentary,
    Directorate,
    FocusIndicator,
    Indicator,
    Portfolio,
    PublishedSummary,
    PublishedValue,
    Reading,
    Target,
)
from reports.scorecards import scorecard_for
from tests.commands import scorecard


def rows_by_code(year=2016, quarter=3):
    return {row.code: row for row in scorecard_for(year, quarter).rows}


AGREEMENT = [
    # code, computed status, published status, agrees, computed dot_year, published dot_year, agrees_dot_year
    ("HOMES", Status.ACHIEVED, Status.ACHIEVED, True, Direction.BETTER, Direction.BETTER, True),
    ("POT", Status.FAILED, Status.ACHIEVED, False, None, Direction.BETTER, None),
    ("SICK", Status.FAILED, Status.FAILED, True, Direction.WORSE, Direction.WORSE, True),
    ("CTAX", Status.ACHIEVED, Status.ACHIEVED, True, Direction.BETTER, Direction.STATIC, False),
    # In arrears: judged on Q2, as the council counted it ("Qtr in arrears" placed among the achieving).
    ("REOFF", Status.ACHIEVED, Status.ACHIEVED, True, None, None, None),
    ("NEET", None, None, None, None, None, None),  # "new govt. method": no status either side
    ("UNEMP", Status.FAILED, Status.FAILED, True, None, Direction.WORSE, None),
    ("FLY", None, None, None, None, Direction.HIGHER, None),  # a demand indicator's arrow goes up or down
    ("EMR", Status.ACHIEVED, None, None, None, None, None),  # nothing printed
]


@pytest.mark.parametrize("expected", AGREEMENT, ids=[a[0] for a in AGREEMENT])
def test_computed_and_published_side_by_side(imported_small_council, expected):
    code, status, published_status, agrees, dot_year, published_dot_year, agrees_dot_year = expected
    row = rows_by_code()[code]
    assert (row.result.status, row.published_status, row.agrees) == (status, published_status, agrees)
    assert (row.result.dot_year, row.published_dot_year, row.agrees_dot_year) == (
        dot_year, published_dot_year, agrees_dot_year)


def test_the_row_carries_the_printed_fields_and_the_quarter(imported_small_council):
    rows = rows_by_code()
    assert rows["CTAX"].published == {"status": "Achieved", "dot_year": "→", "figure": "80.04"}
    assert rows["EMR"].published == {}
    assert [code for code, row in rows.items() if row.in_focus] == ["POT", "SICK"]
    assert rows["POT"].commentary == "22 of 301 potholes missed the 3 day timescale."
    assert rows["HOMES"].commentary == ""


def test_month_on_month_directions_of_the_quarter(imported_small_council):
    # Homes transformed: Sep 108, Oct 68, Nov 111, Dec 31 (higher is better).
    assert rows_by_code()["HOMES"].dot_months == (
        (Month(2016, 10), Direction.WORSE), (Month(2016, 11), Direction.BETTER), (Month(2016, 12), Direction.WORSE))
    # In arrears: no figures in the quarter's months, so no arrows.
    assert [d for _, d in rows_by_code()["REOFF"].dot_months] == [None, None, None]
    # Fly tipping has no polarity: Higher / Lower.
    assert [d for _, d in rows_by_code()["FLY"].dot_months] == [Direction.LOWER, Direction.HIGHER, Direction.LOWER]


def computed(row) -> tuple:
    r = row.result
    return (row.code, r.figure, r.target, r.status, r.no_status_reason, r.dot_year, r.dot_quarter, row.dot_months,
            r.period, row.section, astuple(r))


@pytest.mark.parametrize("quarter", [1, 2, 3])
def test_computed_fields_never_read_published_values(imported_small_council, quarter):
    before = [computed(row) for row in scorecard_for(2016, quarter).rows]
    assert PublishedValue.objects.exists()
    PublishedValue.objects.all().delete()
    after = scorecard_for(2016, quarter).rows
    assert [computed(row) for row in after] == before
    assert {row.published_status for row in after} == {None} and {row.agrees for row in after} == {None}


def test_json_has_the_published_fields(imported_small_council):
    rows = {row["code"]: row for row in json.loads(scorecard("--year", "2016", "--quarter", "3"))}
    pot = rows["POT"]
    assert (pot["status"], pot["published_status"], pot["agrees"]) == ("failed", "achieved", False)
    # The rules give no arrow since last year: the printed one is shown, and says so.
    assert (pot["dot_year"], pot["dot_year_basis"], pot["published_dot_year"], pot["agrees_dot_year"]) == (
        "better", "as_published", "better", None)
    assert (pot["in_focus"], pot["commentary"]) == (True, "22 of 301 potholes missed the 3 day timescale.")
    assert rows["HOMES"]["dot_months"] == {"2016-10": "worse", "2016-11": "better", "2016-12": "worse"}
    assert rows["REOFF"]["dot_months"] == {"2016-10": None, "2016-11": None, "2016-12": None}
    assert rows["NEET"]["agrees"] is None


def test_csv_flattens_month_arrows_into_appendix_columns(imported_small_council):
    rows = list(csv.DictReader(io.StringIO(scorecard("--year", "2016", "--quarter", "3", "--format", "csv"))))
    homes = next(row for row in rows if row["code"] == "HOMES")
    assert (homes["dot_month_7_6"], homes["dot_month_8_7"], homes["dot_month_9_8"]) == ("worse", "better", "worse")
    assert "dot_months" not in homes
    assert (homes["published_status"], homes["agrees"], homes["in_focus"]) == ("achieved", "True", "False")


def test_summary_sets_the_published_figures_beside_the_computed(imported_small_council):
    summary = json.loads(scorecard("--year", "2016", "--quarter", "2", "--summary"))
    assert summary["computed"]["statuses"]["achieved"] == {"count": 4, "total": 7, "percent": 57.14, "as_published": 0}
    assert summary["published"]["statuses"] == {
        "achieved": {"percent": 62.5, "count": 5}, "failed": {"percent": 37.5, "count": 3}}
    assert summary["published"]["dot_year"] == {
        "better": {"percent": 75, "count": None}, "worse": {"percent": 25, "count": None}}
    assert summary["published"]["dot_quarter"] == {}


def test_summary_csv_has_published_columns(imported_small_council):
    rows = list(csv.reader(io.StringIO(scorecard("--year", "2016", "--quarter", "2", "--summary", "--format", "csv"))))
    assert rows[0] == ["measure", "value", "count", "total", "percent", "as_published", "computed_count",
                       "computed_total", "computed_percent", "published_percent", "published_count"]
    assert ["statuses", "achieved", "4", "7", "57.14", "0", "4", "7", "57.14", "62.5", "5"] in rows
    assert ["dot_year", "better", "3", "3", "100", "0", "3", "3", "100", "75", ""] in rows
    assert ["dot_year", "static", "0", "3", "0", "0", "0", "3", "0", "", ""] in rows  # no printed static share


def test_summary_of_a_quarter_with_nothing_published(imported_small_council):
    summary = json.loads(scorecard("--year", "2016", "--quarter", "3", "--summary"))
    assert summary["published"] is None
    rows = list(csv.reader(io.StringIO(scorecard("--year", "2016", "--quarter", "3", "--summary", "--format", "csv"))))
    assert rows[0] == ["measure", "value", "count", "total", "percent", "as_published", "computed_count",
                       "computed_total", "computed_percent"]


def test_scorecard_carries_the_published_summary(imported_small_council):
    assert scorecard_for(2016, 3).published_summary is None
    printed = scorecard_for(2016, 2).published_summary
    assert printed["statuses"]["achieved"].count == 5
    PublishedSummary.objects.all().delete()
    assert scorecard_for(2016, 2).published_summary is None


# --- queries ---------------------------------------------------------------------------


def add_indicators(first: int, last: int):
    """Indicators with everything a scorecard row reads: readings, targets, printed values,
    focus and commentary."""
    portfolio, _ = Portfolio.objects.get_or_create(name="Housing", holder="Cllr R Gledhill")
    directorate, _ = Directorate.objects.get_or_create(name="Housing")
    for n in range(first, last):
        indicator = Indicator.objects.create(code=f"K{n}", title=f"Indicator {n}", unit="count", rollup="sum",
                                             portfolio=portfolio, directorate=directorate)
        for month in (9, 10, 11, 12):
            Reading.objects.create(indicator=indicator, month=date(2016, month, 1), value=n + month,
                                   state=Reading.State.APPROVED)
        Target.objects.create(indicator=indicator, year=2016, period="year", value=100, text="100 by year end")
        for field, value in (("status", "Achieved"), ("dot_year", "↑"), ("section", "achieving")):
            PublishedValue.objects.create(indicator=indicator, year=2016, quarter=3, field=field, value=value)
        FocusIndicator.objects.create(indicator=indicator, year=2016, quarter=3)
        Commentary.objects.create(indicator=indicator, year=2016, quarter=3, text="On track.", published_text="On track.")


def queries_of_a_scorecard() -> int:
    with CaptureQueriesContext(connection) as queries:
        card = scorecard_for(2016, 3)
    assert all(row.published_status is Status.ACHIEVED and row.in_focus for row in card.rows)
    return len(queries)


def test_query_count_does_not_grow_with_the_indicators(db):
    add_indicators(0, 5)
    with_five = queries_of_a_scorecard()
    add_indicators(5, 20)
    assert Indicator.objects.count() == 20
    assert queries_of_a_scorecard() == with_five
