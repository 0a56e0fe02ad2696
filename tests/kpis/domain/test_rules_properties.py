"""Properties the rules must hold for any figures, not only the seed's."""

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from kpis.domain.periods import Quarter, year_months
from kpis.domain.rules import (
    IndicatorSpec,
    MonthFigure,
    Series,
    TargetSpec,
    assess_quarter,
    comparable_figure,
    direction,
    in_quarter_figure,
    month_direction,
    quarter_figure,
    reported_period,
    same_span_last_year,
    status_against,
)
from kpis.domain.terms import (
    MET_STATUSES,
    Direction,
    Flag,
    Frequency,
    NoStatus,
    Polarity,
    Rollup,
    Scheme,
    Status,
    TargetBasis,
    TargetKind,
)

FLIP = {Polarity.UP: Polarity.DOWN, Polarity.DOWN: Polarity.UP}
OPPOSITE = {Direction.BETTER: Direction.WORSE, Direction.WORSE: Direction.BETTER, Direction.STATIC: Direction.STATIC}

decimals = st.integers(min_value=0, max_value=3)
polarities = st.sampled_from([Polarity.UP, Polarity.DOWN])


def amounts(places=2):
    return st.decimals(min_value=-10_000, max_value=10_000, places=places, allow_nan=False, allow_infinity=False)


@given(figure=amounts(), goal=amounts(), polarity=polarities)
def test_flipping_polarity_flips_the_status_unless_equal(figure, goal, polarity):
    af = Scheme.ACHIEVED_FAILED
    status = status_against(polarity, af, figure, goal, None)
    flipped = status_against(FLIP[polarity], af, figure, goal, None)
    if figure == goal:
        assert status is flipped is Status.ACHIEVED
    else:
        assert {status, flipped} == {Status.ACHIEVED, Status.FAILED}


@given(figure=amounts(), goal=amounts(), polarity=polarities, tolerance=st.none() | amounts().map(abs))
def test_mirroring_the_values_flips_the_status_and_flipping_both_changes_nothing(figure, goal, polarity, tolerance):
    for scheme in Scheme:
        status = status_against(polarity, scheme, figure, goal, tolerance)
        mirrored = status_against(polarity, scheme, -figure, -goal, tolerance)
        both = status_against(FLIP[polarity], scheme, -figure, -goal, tolerance)
        assert both is status
        if figure == goal:
            assert mirrored is status and status in MET_STATUSES
        else:
            assert (status in MET_STATUSES) != (mirrored in MET_STATUSES)


@given(now=amounts(3), before=amounts(3), polarity=polarities, places=decimals)
def test_flipping_polarity_or_mirroring_flips_better_and_worse_and_static_stays(now, before, polarity, places):
    spec = IndicatorSpec("X", polarity=polarity, decimals=places)
    dot = direction(spec, now, before)
    flipped = direction(IndicatorSpec("X", polarity=FLIP[polarity], decimals=places), now, before)
    mirrored = direction(spec, before, now)
    assert flipped is OPPOSITE[dot]
    assert mirrored is OPPOSITE[dot]


specs = st.builds(
    IndicatorSpec,
    code=st.just("X"),
    decimals=decimals,
    polarity=st.sampled_from(list(Polarity)),
    frequency=st.sampled_from(list(Frequency)),
    rollup=st.sampled_from(list(Rollup)),
    target_basis=st.sampled_from(list(TargetBasis)),
    tolerance=st.none() | amounts().map(abs),
)
TWO_YEARS = year_months(2015) + year_months(2016)
month_figures = st.lists(
    st.builds(
        MonthFigure,
        month=st.sampled_from(TWO_YEARS),
        value=st.none() | amounts(),
        flag=st.sampled_from(list(Flag)),
    ),
    max_size=30,
    unique_by=lambda f: f.month,
)
targets = st.dictionaries(
    st.tuples(st.sampled_from([2015, 2016]), st.sampled_from(["Q1", "Q2", "Q3", "Q4", "year"])),
    st.builds(TargetSpec, value=amounts()),
    max_size=6,
)


@given(
    spec=specs,
    figures=month_figures,
    targets=targets,
    quarter=st.sampled_from([Quarter(2016, n) for n in (1, 2, 3)]),
    later=st.builds(MonthFigure, month=st.sampled_from(year_months(2016)), value=amounts(), flag=st.sampled_from(list(Flag))),
    scheme=st.sampled_from(list(Scheme)),
)
def test_a_later_month_never_changes_an_earlier_quarter(spec, figures, targets, quarter, later, scheme):
    assume(later.month > quarter.last_month)
    before = [f for f in figures if f.month <= quarter.last_month]
    outturns = {2015: Decimal(7)}
    result = assess_quarter(spec, Series(before), targets, quarter, scheme, outturns)
    assert assess_quarter(spec, Series(before + [later]), targets, quarter, scheme, outturns) == result


@given(places=decimals, data=st.data())
def test_a_sum_indicators_ytd_is_the_sum_of_its_quarters(places, data):
    spec = IndicatorSpec("S", rollup=Rollup.SUM, decimals=places)
    values = data.draw(st.lists(amounts(places), min_size=12, max_size=12))
    series = Series(MonthFigure(m, v) for m, v in zip(year_months(2016), values, strict=False))
    for n in range(1, 5):
        quarters = [Quarter(2016, k) for k in range(1, n + 1)]
        assert quarter_figure(spec, series, Quarter(2016, n)) == sum(in_quarter_figure(spec, series, q) for q in quarters)


any_targets = st.dictionaries(
    st.tuples(st.sampled_from([2015, 2016]), st.sampled_from(["Q1", "Q2", "Q3", "Q4", "year"])),
    st.builds(TargetSpec, value=st.none() | amounts(), kind=st.sampled_from(list(TargetKind))),
    max_size=6,
)


@given(spec=specs, figures=month_figures, targets=any_targets, quarter=st.sampled_from([Quarter(2016, n) for n in range(1, 5)]),
       scheme=st.sampled_from(list(Scheme)), outturn=st.none() | amounts())
def test_an_assessment_says_what_the_public_rules_say_of_its_months(spec, figures, targets, quarter, scheme, outturn):
    """assess_quarter reads each span once and reuses it: its figure, last year's figure and
    arrows are still exactly those the public rules give for the reported period."""
    series = Series(figures)
    outturns = {} if outturn is None else {2015: outturn}
    result = assess_quarter(spec, series, targets, quarter, scheme, outturns)
    period = reported_period(series, quarter)
    assert result.period == period
    if result.no_status_reason is NoStatus.NEW_METHOD:
        return
    assert result.figure == quarter_figure(spec, series, period)
    if result.figure is None:
        assert (result.last_year_figure, result.dot_year, result.dot_quarter, result.status) == (None,) * 4
        return
    last_year = same_span_last_year(spec, series, period, outturns)
    assert result.last_year_figure == last_year
    assert result.dot_year is direction(spec, result.figure, last_year)
    assert result.dot_quarter is direction(spec, in_quarter_figure(spec, series, period),
                                           in_quarter_figure(spec, series, period.previous()))
    if result.target_kind is TargetKind.REDUCTION:
        assert result.target == last_year


@given(spec=specs, month=st.sampled_from(year_months(2016)), data=st.data())
def test_month_on_month_is_the_direction_between_two_one_month_figures(spec, month, data):
    figures = [data.draw(st.builds(MonthFigure, month=st.just(m), value=st.none() | amounts(),
                                   flag=st.sampled_from(list(Flag)))) for m in (month.previous(), month)]
    series = Series(figures)
    before, now = (comparable_figure(spec, series, (m,), (m,)) for m in (month.previous(), month))
    assert month_direction(spec, series, month) is direction(spec, now, before)
