"""What a printed word or arrow means (kpis/published.py), as tables to check against the
council's appendix by eye (Q3 2016/17, seeds/000)."""

import pytest

from kpis.domain.periods import Month
from kpis.domain.published import (
    field_problem,
    month_pair_field,
    published_direction,
    published_status,
    published_status_of,
)
from kpis.domain.terms import Direction, Polarity, Status

STATUSES = [
    # printed text, status
    ("Achieved", Status.ACHIEVED),
    ("Failed", Status.FAILED),
    ("  achieved ", Status.ACHIEVED),
    ("FAILED", Status.FAILED),
    ("Green", Status.GREEN),
    ("amber", Status.AMBER),
    ("Red", Status.RED),
    ("Qtr in arrears", None),  # alone it says nothing; see published_status_of
    ("new govt. method", None),  # the NEET row
    ("Not due (Termly)", None),  # the two-year-olds row
    ("97.9", None),
    ("Achieved 55%", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize("text, expected", STATUSES, ids=[repr(s[0]) for s in STATUSES])
def test_published_status(text, expected):
    assert published_status(text) == expected


DIRECTIONS = [
    # printed arrow, polarity, direction
    ("↑", Polarity.UP, Direction.BETTER),
    ("↓", Polarity.UP, Direction.WORSE),
    ("→", Polarity.UP, Direction.STATIC),
    ("↑", Polarity.DOWN, Direction.BETTER),  # the council's arrows say better or worse, not up or down
    ("↓", Polarity.DOWN, Direction.WORSE),
    (" ↑ ", Polarity.UP, Direction.BETTER),
    ("↑", Polarity.NONE, Direction.HIGHER),  # a demand indicator goes up or down
    ("↓", Polarity.NONE, Direction.LOWER),
    ("→", Polarity.NONE, Direction.STATIC),
    ("WORSE ↓", Polarity.DOWN, Direction.WORSE),  # In Focus: "Direction of Travel since last year WORSE ↓"
    ("BETTER ↑", Polarity.UP, Direction.BETTER),
    ("↑↓", Polarity.UP, None),
    ("Better", Polarity.UP, None),
    ("Qtr in arrears", Polarity.UP, None),
    ("", Polarity.UP, None),
    (None, Polarity.NONE, None),
]


@pytest.mark.parametrize("text, polarity, expected", DIRECTIONS,
                         ids=[f"{d[0]!r}-{d[1].value}" for d in DIRECTIONS])
def test_published_direction(text, polarity, expected):
    assert published_direction(text, polarity) == expected


INDICATOR_QUARTERS = [
    # the printed fields of one indicator-quarter, the status the council gave it
    ({"status": "Achieved"}, Status.ACHIEVED),
    ({"status": "Failed", "section": "achieving"}, Status.FAILED),  # the printed word wins
    # The reoffending row: "Qtr in arrears", placed among the achieving (counted in "Achieved 55%").
    ({"status": "Qtr in arrears", "section": "achieving"}, Status.ACHIEVED),
    ({"status": "Qtr in arrears", "section": "failing"}, Status.FAILED),
    ({"status": "Q3 in arrears", "section": "Failing"}, Status.FAILED),
    ({"status": "Qtr in arrears"}, None),  # placed nowhere: not counted
    ({"status": "Qtr in arrears", "section": "context"}, None),
    ({"status": "new govt. method", "section": "achieving"}, None),  # only an in-arrears row borrows its section
    ({"section": "achieving"}, None),
    ({"dot_year": "↑"}, None),
    ({}, None),
]


@pytest.mark.parametrize("values, expected", INDICATOR_QUARTERS, ids=[str(v[0]) for v in INDICATOR_QUARTERS])
def test_published_status_of(values, expected):
    assert published_status_of(values) == expected


FIELDS = [
    ("status", True),
    ("dot_year", True),
    ("dot_quarter", True),
    ("figure", True),
    ("section", True),
    ("dot_month_7_6", True),  # "DOT between Month 7 and Month 6": October against September
    ("dot_month_2_1", True),
    ("dot_month_12_11", True),
    ("dot_month_1_12", False),  # April against March crosses the financial year
    ("dot_month_13_12", False),
    ("dot_month_8_6", False),
    ("dot_month_6_7", False),
    ("dot_month_7", False),
    ("dot", False),
    ("rag", False),
]


@pytest.mark.parametrize("name, valid", FIELDS, ids=[f[0] for f in FIELDS])
def test_published_fields(name, valid):
    assert (field_problem(name) is None) == valid


@pytest.mark.parametrize("month, name", [(Month(2016, 10), "dot_month_7_6"), (Month(2017, 3), "dot_month_12_11"),
                                         (Month(2016, 5), "dot_month_2_1")])
def test_month_pair_field_names_the_appendix_column(month, name):
    assert month_pair_field(month) == name
