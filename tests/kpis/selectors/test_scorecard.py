"""What a quarter's scorecard reads (kpis.selectors.scorecard): the quarters with figures, each
indicator's figures exactly as stored, and a fixed number of queries however many indicators."""

import gc
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.domain.periods import Month, Quarter
from kpis.domain.terms import Flag
from kpis.models import Commentary, FocusIndicator, Indicator, PublishedValue, Reading, Target
from kpis.selectors.scorecard import quarters_with_data, series_by_indicator
from reports.scorecards import scorecard_for
from tests.month_sheet import approved, make_indicator

pytestmark = pytest.mark.django_db


def reading(indicator, month, value="1", state=Reading.State.APPROVED, **fields):
    return Reading.objects.create(indicator=indicator, month=date.fromisoformat(f"{month}-01"),
                                  value=None if value is None else Decimal(value), state=state, **fields)


def test_each_financial_quarter_counts_the_indicators_with_a_figure_in_it_latest_first():
    # One indicator a month through 2016/17: each quarter's three months are its own, January to
    # March 2017 included (a calendar grouping would give them to 2017).
    for month in (Month(2016, 4).shifted(i) for i in range(12)):
        approved(make_indicator(f"M{month}"), str(month), "5")
    # Three figures in one quarter are one indicator; March 2016 is the last quarter of 2015/16.
    busy = make_indicator("BUSY")
    for month in ("2015-03", "2016-03", "2016-04", "2016-05", "2016-06"):
        approved(busy, month, "7")

    counts = quarters_with_data()

    assert list(counts.items()) == [
        (Quarter(2016, 4), 3), (Quarter(2016, 3), 3), (Quarter(2016, 2), 3), (Quarter(2016, 1), 4),
        (Quarter(2015, 4), 1), (Quarter(2014, 4), 1),
    ]


def test_only_published_figures_with_a_value_count_unless_drafts_are_asked_for():
    annual, monthly, blank = make_indicator("ANNUAL"), make_indicator("MONTHLY"), make_indicator("BLANK")
    reading(annual, "2017-03", "650")  # one annual figure: its quarter has one indicator
    reading(monthly, "2016-10", "3")
    reading(monthly, "2016-07", "4", state=Reading.State.DRAFT)
    reading(monthly, "2016-04", "5", state=Reading.State.SUBMITTED)
    reading(monthly, "2016-05", "6", state=Reading.State.RETURNED)
    reading(blank, "2016-10", None)  # approved, but no value: not a figure
    reading(blank, "2016-08", None, state=Reading.State.DRAFT, flag=Flag.NOT_DUE)

    assert list(quarters_with_data().items()) == [(Quarter(2016, 4), 1), (Quarter(2016, 3), 1)]
    assert list(quarters_with_data(include_drafts=True).items()) == [
        (Quarter(2016, 4), 1), (Quarter(2016, 3), 1), (Quarter(2016, 2), 1), (Quarter(2016, 1), 1),
    ]


def test_no_figures_no_quarters(django_assert_num_queries):
    make_indicator("EMPTY")
    with django_assert_num_queries(1):
        assert quarters_with_data() == {}


def test_the_database_counts_the_quarters_in_one_query_as_every_reading_says(imported_small_council,
                                                                               django_assert_num_queries):
    for include_drafts in (False, True):
        readings = Reading.objects.filter(value__isnull=False)
        if not include_drafts:
            readings = readings.filter(state=Reading.State.APPROVED)
        indicators = {}
        for indicator_id, month in readings.values_list("indicator_id", "month"):
            indicators.setdefault(Month.of(month).quarter, set()).add(indicator_id)
        assert len(indicators) >= 4
        expected = {quarter: len(indicators[quarter]) for quarter in sorted(indicators, reverse=True)}
        with django_assert_num_queries(1):
            counts = quarters_with_data(include_drafts=include_drafts)
        assert list(counts.items()) == list(expected.items())


def test_each_figure_is_read_exactly_as_stored():
    ratio, plain = make_indicator("RATIO"), make_indicator("PLAIN")
    stored = [
        reading(ratio, "2016-04", "76.510000", numerator=Decimal("821"), denominator=Decimal("1073.123456")),
        reading(ratio, "2016-05", "0", numerator=Decimal("0"), denominator=Decimal("5"), flag=Flag.PROVISIONAL),
        reading(plain, "2016-04", "-3.5", flag=Flag.NEW_METHOD),
        reading(plain, "2016-05", None, flag=Flag.NOT_DUE),
        reading(plain, "2016-06", "12345678901234.123456"),
        reading(plain, "2016-07", "5", state=Reading.State.SUBMITTED, flag=Flag.IN_ARREARS),
        reading(plain, "2017-01", "0.000001"),
    ]
    for include_drafts in (False, True):
        series = series_by_indicator(Month(2016, 4), Month(2017, 3), include_drafts=include_drafts)
        read = {(indicator_id, figure.month): figure for indicator_id, figures in series.items()
                for figure in figures.over(Month(2016, 4).shifted(i) for i in range(12))}
        expected = [r for r in Reading.objects.filter(pk__in=[r.pk for r in stored])
                    if include_drafts or r.state == Reading.State.APPROVED]
        assert len(read) == len(expected)
        for r in expected:
            figure = read[r.indicator_id, Month.of(r.month)]
            # The same values, to the same places: a figure prints as it is stored.
            assert (repr(figure.value), repr(figure.numerator), repr(figure.denominator)) == (
                repr(r.value), repr(r.numerator), repr(r.denominator))
            assert figure.flag is Flag(r.flag)
    assert series_by_indicator(Month(2016, 4), Month(2017, 3), only=[]) == {}


def council(first: int, count: int):
    """`count` indicators, each with figures (a draft among them), targets, commentary, a printed
    status and an In Focus place in Q3 2016/17."""
    for n in range(first, first + count):
        indicator = make_indicator(f"K{n:03d}", rollup="sum" if n % 2 else "latest")
        for month in ("2015-10", "2015-11", "2016-04", "2016-10", "2016-11"):
            approved(indicator, month, str(n))
        reading(indicator, "2016-12", str(n + 1), state=Reading.State.SUBMITTED)
        Target.objects.create(indicator=indicator, year=2016, period="year", value=Decimal(50))
        Target.objects.create(indicator=indicator, year=2016, period="Q3", value=Decimal(40))
        Commentary.objects.create(indicator=indicator, year=2016, quarter=3, text="Why.", published_text="Why.")
        PublishedValue.objects.create(indicator=indicator, year=2016, quarter=3, field="status", value="Achieved")
        FocusIndicator.objects.create(indicator=indicator, year=2016, quarter=3, position=n)


def queries_of(**kwargs) -> int:
    cache.clear()  # computed, not remembered (reports.cache)
    with CaptureQueriesContext(connection) as queries:
        scorecard = scorecard_for(2016, 3, **kwargs)
    assert len(scorecard.rows) == Indicator.objects.count()
    return len(queries)


@pytest.mark.parametrize("include_drafts", [False, True])
def test_a_quarters_scorecard_reads_a_fixed_number_of_queries_however_many_indicators(include_drafts):
    council(0, 2)
    few = queries_of(include_drafts=include_drafts)
    council(2, 8)
    assert queries_of(include_drafts=include_drafts) == few


def test_reading_figures_leaves_the_cycle_collector_as_it_found_it():
    approved(make_indicator("GC"), "2016-04", "5")
    assert gc.isenabled()
    assert series_by_indicator(Month(2016, 4), Month(2016, 4))
    assert gc.isenabled()
    gc.disable()
    try:
        series_by_indicator(Month(2016, 4), Month(2016, 4))
        assert not gc.isenabled()
    finally:
        gc.enable()
    Reading.objects.update(flag="unknown")  # a flag no rule knows: reading it fails midway
    with pytest.raises(KeyError):
        series_by_indicator(Month(2016, 4), Month(2016, 4))
    assert gc.isenabled()
