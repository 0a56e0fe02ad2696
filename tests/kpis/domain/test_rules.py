"""The council's rules as tables a reader can check against the seed's appendix by eye.
Seed: ../shared/seeds/000_8505a985e969fe5f.txt, Appendix 1, Quarter 3 2016/17."""

from decimal import Decimal as D

import pytest

from kpis.domain.periods import Month, Quarter
from kpis.domain.rules import (
    IndicatorSpec,
    MonthFigure,
    QuarterResult,
    Series,
    TargetSpec,
    assess_quarter,
    direction,
    month_direction,
    needs_commentary,
    quarter_target,
    roll_up,
    status_against,
)
from kpis.domain.summary import summarise
from kpis.domain.terms import (
    Category,
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

UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE
AF, RAG = Scheme.ACHIEVED_FAILED, Scheme.RAG
Q3 = Quarter(2016, 3)


def monthly(first: str, *values, flag=Flag.NONE):
    """MonthFigures from `first` on; None leaves a month out."""
    start = Month.parse(first)
    return [
        MonthFigure(start.shifted(i), D(str(v)), flag=flag) for i, v in enumerate(values) if v is not None
    ]


def fy_2016(*values):
    return monthly("2016-04", *values)


# --- status ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "figure, goal, polarity, scheme, tolerance, expected",
    [
        pytest.param("86.67", "50", UP, AF, None, Status.ACHIEVED, id="SDS carers Q3 86.67 v 50"),
        pytest.param("34", "34", DOWN, AF, None, Status.ACHIEVED, id="voids re-let Q3 34 v 34: equal is achieved"),
        pytest.param("100", "100", UP, AF, None, Status.ACHIEVED, id="equal, higher is better"),
        pytest.param("7.23", "6.75", DOWN, AF, None, Status.FAILED, id="sickness Q3 7.23 v 6.75"),
        pytest.param("97.9", "98.5", UP, AF, None, Status.FAILED, id="refuse bins Q3 YTD 97.9 v 98.5"),
        pytest.param("80.04", "79.86", UP, AF, None, Status.ACHIEVED, id="council tax Q3 80.04 v 79.86"),
        pytest.param("1.4", "2", DOWN, AF, None, Status.ACHIEVED, id="graffiti 1.4 v 2 smaller is better"),
        pytest.param("4.29", "4", DOWN, AF, None, Status.FAILED, id="litter 4.29 v 4: any margin fails"),
        pytest.param("98.49", "98.5", UP, AF, D("5"), Status.FAILED, id="tolerance ignored in achieved/failed years"),
        pytest.param("4", "4", DOWN, RAG, D("0.5"), Status.GREEN, id="RAG equal is green"),
        pytest.param("4.29", "4", DOWN, RAG, D("0.5"), Status.AMBER, id="RAG litter within 0.5 is amber"),
        pytest.param("4.5", "4", DOWN, RAG, D("0.5"), Status.AMBER, id="RAG miss equal to tolerance is amber"),
        pytest.param("4.29", "4", DOWN, RAG, D("0.2"), Status.RED, id="RAG litter beyond 0.2 is red"),
        pytest.param("4.29", "4", DOWN, RAG, None, Status.RED, id="RAG no tolerance is red"),
        pytest.param("97.9", "98.5", UP, RAG, D("1"), Status.AMBER, id="RAG refuse bins within 1 is amber"),
    ],
)
def test_status_against_target(figure, goal, polarity, scheme, tolerance, expected):
    assert status_against(polarity, scheme, D(figure), D(goal), tolerance) is expected


# --- roll-ups --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "rollup, figures, expected",
    [
        pytest.param(Rollup.SUM, fy_2016(192, 132, 111), D("435"), id="homes transformed Q1 YTD 435"),
        pytest.param(Rollup.SUM, fy_2016("0.74", "0.83", "0.77"), D("2.34"), id="sickness Q1 2.34"),
        pytest.param(Rollup.MEAN, fy_2016("0.19", "0.19", "0.14"), D("0.52") / 3, id="emergency repair Q1 mean"),
        pytest.param(Rollup.LATEST, fy_2016("10.72", "19.54", "28.29"), D("28.29"), id="council tax Q1 latest"),
        pytest.param(Rollup.ROLLING, fy_2016(None, None, 565), D("565"), id="adoption 3 year average as published"),
        pytest.param(Rollup.RATIO, fy_2016("74.49", "74.47", "74.63"), D("223.59") / 3, id="ratio of percentages only: mean"),
        pytest.param(Rollup.SUM, [], None, id="no months, no figure"),
    ],
)
def test_roll_up(rollup, figures, expected):
    assert roll_up(IndicatorSpec("X", rollup=rollup), figures) == expected


def test_ratio_pools_numerators_and_denominators():
    # "As at end of December 2016 we have 821 of 1073 service users ... 76.51%"
    spec = IndicatorSpec("SDS", rollup=Rollup.RATIO, decimals=2)
    figures = [
        MonthFigure(Month(2016, 11), D("75.56"), D("800"), D("1058.76")),
        MonthFigure(Month(2016, 12), D("76.51"), D("821"), D("1073")),
    ]
    assert roll_up(spec, figures[1:]) == D(821) / D(1073) * 100
    assert roll_up(spec, figures) == D(1621) / D("2131.76") * 100


# --- targets ---------------------------------------------------------------------------

LAC = IndicatorSpec("LAC", rollup=Rollup.SUM)


@pytest.mark.parametrize(
    "spec, targets, quarter, expected",
    [
        pytest.param(LAC, {(2016, "year"): TargetSpec(D(650))}, Q3, D("487.5"), id="LAC 650 by year end -> Q3 487.5"),
        pytest.param(LAC, {(2016, "year"): TargetSpec(D(650))}, Quarter(2016, 4), D(650), id="Q4 profile is the year target"),
        pytest.param(
            IndicatorSpec("LAC", rollup=Rollup.SUM, target_basis=TargetBasis.QUARTER),
            {(2016, "year"): TargetSpec(D(650))}, Q3, D("162.5"), id="quarter basis: year / 4",
        ),
        pytest.param(
            LAC, {(2016, "year"): TargetSpec(D(11000)), (2016, "Q3"): TargetSpec(D(8500))}, Q3, D(8500),
            id="time-banking hand-set Q3 8,500 beats the profile",
        ),
        pytest.param(
            IndicatorSpec("SCH", rollup=Rollup.LATEST), {(2016, "year"): TargetSpec(D(80))}, Q3, D(80),
            id="primary schools fixed at 80: not profiled",
        ),
        pytest.param(
            IndicatorSpec("CT", rollup=Rollup.LATEST),
            {(2016, "year"): TargetSpec(D("98.9")), (2016, "Q3"): TargetSpec(D("79.86"))}, Quarter(2016, 4), D("98.9"),
            id="council tax Q4 without a Q4 target is the year target",
        ),
        pytest.param(LAC, {}, Q3, None, id="no target at all"),
    ],
)
def test_quarter_target(spec, targets, quarter, expected):
    target = quarter_target(spec, targets, quarter)
    assert (target.value if target else None) == expected


# --- direction of travel ---------------------------------------------------------------

@pytest.mark.parametrize(
    "polarity, decimals, now, before, expected",
    [
        pytest.param(UP, 2, "76.51", "75.56", Direction.BETTER, id="SDS users Dec v Nov better"),
        pytest.param(DOWN, 2, "0.93", "0.83", Direction.WORSE, id="sickness Dec v Nov worse"),
        pytest.param(DOWN, 0, "31", "34", Direction.BETTER, id="voids re-let fewer days is better"),
        pytest.param(UP, 0, "100", "100", Direction.STATIC, id="minor planning 100 v 100 static"),
        pytest.param(UP, 2, "0.174", "0.171", Direction.STATIC, id="equal at the indicator's precision is static"),
        pytest.param(UP, 3, "0.174", "0.171", Direction.BETTER, id="not equal at three decimals"),
        pytest.param(NONE, 0, "216", "118", Direction.HIGHER, id="homelessness approaches: no polarity, higher"),
        pytest.param(NONE, 0, "140", "392", Direction.LOWER, id="fly tipping: no polarity, lower"),
        pytest.param(UP, 0, None, "5", None, id="no DOT without this figure"),
        pytest.param(UP, 0, "5", None, None, id="no DOT without the earlier figure"),
    ],
)
def test_direction(polarity, decimals, now, before, expected):
    spec = IndicatorSpec("X", polarity=polarity, decimals=decimals)
    assert direction(spec, now and D(now), before and D(before)) == expected


def test_month_on_month_is_none_across_a_change_of_method():
    # NEET, seed: Jul 5.7 then "new govt. method" from August.
    spec = IndicatorSpec("NEET", polarity=DOWN, decimals=1)
    series = Series(fy_2016("5.4", "5.5", "5.6", "5.7") + monthly("2016-08", "5.0", "5.1", flag=Flag.NEW_METHOD))
    assert month_direction(spec, series, Month(2016, 7)) is Direction.WORSE
    assert month_direction(spec, series, Month(2016, 8)) is None
    assert month_direction(spec, series, Month(2016, 4)) is None  # no March figure


# --- a quarter assessed end to end ----------------------------------------------------

def assess(spec, figures, targets, quarter=Q3, **kw):
    return assess_quarter(spec, Series(figures), targets, quarter, **kw)


def test_sum_indicator_q3_ytd_and_dot_since_last_quarter_compare_in_quarter_amounts():
    # No of homes transformed: Q2 YTD 763, Q3 YTD 973; Q3 in-quarter 210 against Q2's 328.
    spec = IndicatorSpec("HOMES", rollup=Rollup.SUM, polarity=UP)
    figures = fy_2016(192, 132, 111, 114, 106, 108, 68, 111, 31) + monthly("2015-04", *[50] * 9)
    result = assess(spec, figures, {(2016, "year"): TargetSpec(D(600))})
    assert result.figure == D(973)
    assert result.target == D(450)  # 50 per month profiled
    assert result.status is Status.ACHIEVED
    assert result.dot_quarter is Direction.WORSE  # 210 < 328, though the YTD grew
    assert result.last_year_figure == D(450) and result.dot_year is Direction.BETTER


def test_ratio_indicator_reported_as_its_quarter_snapshot():
    # SDS users: Q3 76.51 (821/1073) v target 80 -> Failed; Dec 2015 74.19... better.
    spec = IndicatorSpec("SDS", rollup=Rollup.LATEST, decimals=2, polarity=UP)
    figures = fy_2016("74.49", "74.47", "74.63", "74.16", "73.93", "74.19", "74.56", "75.56", "76.51")
    figures += monthly("2015-12", "74.0")
    result = assess(spec, figures, {(2016, "Q3"): TargetSpec(D(80)), (2016, "year"): TargetSpec(D(80))})
    assert (result.figure, result.target, result.year_target) == (D("76.51"), D(80), D(80))
    assert result.status is Status.FAILED
    assert result.dot_year is Direction.BETTER
    assert result.dot_quarter is Direction.BETTER  # Dec 76.51 v Sep 74.19


def test_mean_of_the_year_to_date_at_the_indicator_precision():
    # Average time to complete an emergency repair: Q3 YTD 0.17 v target 0.2.
    spec = IndicatorSpec("EMR", rollup=Rollup.MEAN, decimals=2, polarity=DOWN)
    figures = fy_2016("0.19", "0.19", "0.14", "0.15", "0.14", "0.08", "0.13", "0.08", "0.44")
    result = assess(spec, figures, {(2016, "year"): TargetSpec(D("0.2"))})
    assert result.figure == D("0.17")
    assert result.status is Status.ACHIEVED
    assert result.dot_quarter is Direction.WORSE  # Q3 mean 0.22 v Q2 0.12


def test_quarter_basis_judges_the_quarter_alone():
    spec = IndicatorSpec("Q", rollup=Rollup.SUM, target_basis=TargetBasis.QUARTER, polarity=UP)
    result = assess(spec, fy_2016(*[10] * 9), {(2016, "year"): TargetSpec(D(120))})
    assert (result.figure, result.target, result.status) == (D(30), D(30), Status.ACHIEVED)


def test_an_in_arrears_indicator_is_reported_on_its_latest_period():
    # Reoffending: Q1 6, Q2 8, Q3 "Qtr in arrears"; judged on Q2 against Q2's target, which with
    # no Q2 target of its own is the year target (30), not the reporting quarter's 25.
    spec = IndicatorSpec("REOFF", rollup=Rollup.LATEST, polarity=DOWN, frequency=Frequency.QUARTERLY)
    figures = monthly("2016-06", 6) + monthly("2016-09", 8) + [MonthFigure(Month(2016, 12), flag=Flag.IN_ARREARS)]
    result = assess(spec, figures, {(2016, "Q3"): TargetSpec(D(25)), (2016, "year"): TargetSpec(D(30))})
    assert str(result.period) == "2016-Q2" and result.in_arrears
    assert (result.figure, result.target, result.status) == (D(8), D(30), Status.ACHIEVED)
    assert result.dot_quarter is Direction.WORSE  # 8 v 6, lower is better


def test_an_in_arrears_indicator_is_judged_by_its_own_period_target_when_it_has_one():
    spec = IndicatorSpec("REOFF", rollup=Rollup.LATEST, polarity=DOWN)
    figures = monthly("2016-09", 8) + [MonthFigure(Month(2016, 12), flag=Flag.IN_ARREARS)]
    targets = {(2016, "Q2"): TargetSpec(D(7)), (2016, "Q3"): TargetSpec(D(25))}
    result = assess(spec, figures, targets)
    assert (result.target, result.status) == (D(7), Status.FAILED)


def test_an_annual_figure_in_arrears_reaches_back_to_last_year():
    # Childhood obesity: the latest figure is the 2015/16 outturn 37.8, target 36.6 -> Failed.
    spec = IndicatorSpec("OBES", rollup=Rollup.LATEST, polarity=DOWN, decimals=1, frequency=Frequency.ANNUAL)
    figures = monthly("2016-03", "37.8") + [MonthFigure(Month(2016, 12), flag=Flag.IN_ARREARS)]
    result = assess(spec, figures, {(2016, "year"): TargetSpec(D("36.6"))})
    assert str(result.period) == "2015-Q4"
    assert (result.figure, result.target, result.status) == (D("37.8"), D("36.6"), Status.FAILED)
    assert result.year_target == D("36.6")  # the reporting year's, not 2015/16's


@pytest.mark.parametrize(
    "figures, frequency, reason",
    [
        pytest.param(monthly("2016-09", None) + [MonthFigure(Month(2016, 9), flag=Flag.NOT_DUE)],
                     Frequency.TERMLY, NoStatus.NOT_DUE, id="two year olds Q2 Not due (Termly)"),
        pytest.param([], Frequency.ANNUAL, NoStatus.NOT_DUE, id="annual indicator before Q4 is not due"),
        pytest.param(monthly("2016-06", 700), Frequency.QUARTERLY, NoStatus.NO_FIGURE, id="Q2 figure missing"),
        pytest.param([MonthFigure(Month(2016, 9), flag=Flag.IN_ARREARS)], Frequency.QUARTERLY, NoStatus.NO_FIGURE,
                     id="in arrears with nothing earlier"),
    ],
)
def test_no_figure_no_status_and_the_reason_says_why(figures, frequency, reason):
    spec = IndicatorSpec("X", rollup=Rollup.LATEST, frequency=frequency)
    result = assess(spec, figures, {(2016, "year"): TargetSpec(D(1))}, quarter=Quarter(2016, 2))
    assert (result.figure, result.status, result.no_status_reason) == (None, None, reason)


def test_new_method_has_no_status_and_no_direction():
    # NEET: Q1 achieved (5.6 v 5.9, smaller is better); Q2 onwards "new govt. method".
    spec = IndicatorSpec("NEET", rollup=Rollup.LATEST, polarity=DOWN, decimals=1)
    figures = fy_2016("5.4", "5.5", "5.6", "5.7") + [
        MonthFigure(Month(2016, m), flag=Flag.NEW_METHOD) for m in (8, 9, 10, 11, 12)
    ]
    targets = {(2016, "year"): TargetSpec(D(5)), (2016, "Q1"): TargetSpec(D("5.9"))}
    q1 = assess(spec, figures, targets, quarter=Quarter(2016, 1))
    assert q1.status is Status.ACHIEVED
    q3 = assess(spec, figures, targets)
    assert (q3.figure, q3.status, q3.no_status_reason, q3.dot_year, q3.dot_quarter) == (
        None, None, NoStatus.NEW_METHOD, None, None)


def test_a_new_method_figure_is_shown_but_not_judged():
    spec = IndicatorSpec("NEET", rollup=Rollup.LATEST, polarity=DOWN, decimals=1)
    figures = fy_2016("5.4", "5.5", "5.6") + monthly("2016-12", "3.1", flag=Flag.NEW_METHOD)
    result = assess(spec, figures, {(2016, "year"): TargetSpec(D(5))})
    assert (result.figure, result.status, result.no_status_reason) == (D("3.1"), None, NoStatus.NEW_METHOD)


@pytest.mark.parametrize(
    "spec, targets, status, reason",
    [
        pytest.param(IndicatorSpec("X"), {}, None, NoStatus.NO_TARGET, id="no target row"),
        pytest.param(IndicatorSpec("X"), {(2016, "year"): TargetSpec(None, TargetKind.NONE)}, None,
                     NoStatus.NO_TARGET, id="child protection 'no target'"),
        pytest.param(IndicatorSpec("FLY", category=Category.DEMAND, polarity=NONE),
                     {(2016, "Q3"): TargetSpec(D(1700), TargetKind.BASELINE)}, None, NoStatus.BASELINE_ONLY,
                     id="fly tipping '1700 Baseline' is shown, never judged"),
        pytest.param(IndicatorSpec("D", category=Category.DEMAND), {(2016, "year"): TargetSpec(D(1))}, None,
                     NoStatus.NO_TARGET, id="a demand indicator never has a status"),
        pytest.param(IndicatorSpec("X", category=Category.CONTEXT, polarity=DOWN),
                     {(2016, "year"): TargetSpec(D("3.8"))}, Status.FAILED, None,
                     id="unemployment, a context indicator, is judged"),
    ],
)
def test_status_or_reason(spec, targets, status, reason):
    result = assess(spec, fy_2016(*[5] * 9), targets)
    assert (result.status, result.no_status_reason) == (status, reason)
    assert result.figure == D(5)


@pytest.mark.parametrize(
    "last_year, status",
    [
        pytest.param([6] * 9, Status.ACHIEVED, id="5 beats last year's 6: reduction achieved"),
        pytest.param([5] * 9, Status.ACHIEVED, id="equal to last year counts as achieved"),
        pytest.param([4] * 9, Status.FAILED, id="above last year's 4: reduction failed"),
    ],
)
def test_reduction_target_beats_the_same_span_last_year(last_year, status):
    spec = IndicatorSpec("R", rollup=Rollup.LATEST, polarity=DOWN)
    figures = fy_2016(*[5] * 9) + monthly("2015-04", *last_year)
    result = assess(spec, figures, {(2016, "year"): TargetSpec(None, TargetKind.REDUCTION)})
    assert (result.target, result.status) == (D(last_year[-1]), status)


def test_reduction_target_without_last_year_gives_no_status():
    spec = IndicatorSpec("R", rollup=Rollup.LATEST, polarity=DOWN)
    result = assess(spec, fy_2016(*[5] * 9), {(2016, "year"): TargetSpec(None, TargetKind.REDUCTION)})
    assert (result.status, result.no_status_reason) == (None, NoStatus.NO_TARGET)


def test_dot_since_last_year_compares_the_same_ytd_span():
    spec = IndicatorSpec("S", rollup=Rollup.SUM, polarity=DOWN)
    figures = fy_2016(*[1] * 9) + monthly("2015-04", *[2] * 9) + monthly("2016-01", 100, 100, 100)
    result = assess(spec, figures, {})
    assert (result.last_year_figure, result.dot_year) == (D(18), Direction.BETTER)


def test_dot_since_last_year_for_a_snapshot_is_the_same_month():
    # % Council Tax collected: Dec 2016 80.04 against Dec 2015, not last year's outturn.
    spec = IndicatorSpec("CT", rollup=Rollup.LATEST, decimals=2)
    figures = fy_2016(*[50] * 8, "80.04") + monthly("2015-12", "80.10") + monthly("2016-03", "98.58")
    result = assess(spec, figures, {})
    assert (result.last_year_figure, result.dot_year) == (D("80.10"), Direction.WORSE)


def test_last_years_outturn_stands_in_only_in_q4():
    spec = IndicatorSpec("CT", rollup=Rollup.SUM, decimals=0)
    figures = fy_2016(*[1] * 12)
    q4 = assess(spec, figures, {}, quarter=Quarter(2016, 4), outturns={2015: D(11)})
    assert (q4.last_year_figure, q4.dot_year) == (D(11), Direction.BETTER)
    q3 = assess(spec, figures, {}, outturns={2015: D(11)})
    assert (q3.last_year_figure, q3.dot_year) == (None, None)


def test_a_provisional_figure_still_gets_a_status():
    spec = IndicatorSpec("P", rollup=Rollup.LATEST)
    figures = fy_2016(*[5] * 8) + monthly("2016-12", 5, flag=Flag.PROVISIONAL)
    assert assess(spec, figures, {(2016, "year"): TargetSpec(D(4))}).status is Status.ACHIEVED


# --- the quarter summary ---------------------------------------------------------------

def result(status=None, dot_year=None, dot_quarter=None):
    return QuarterResult(Q3, Q3, D(1), D(1), TargetKind.ABSOLUTE, D(1), status, None, dot_year, dot_quarter)


def test_summary_counts_corporate_kpis_only():
    rows = (
        [(Category.KPI, result(Status.ACHIEVED, Direction.BETTER, Direction.WORSE))] * 22
        + [(Category.KPI, result(Status.FAILED, Direction.WORSE, Direction.STATIC))] * 18
        + [(Category.KPI, result(None, Direction.STATIC))]  # new method: no status, but a DOT
        + [(Category.CONTEXT, result(Status.FAILED, Direction.WORSE))]
        + [(Category.DEMAND, result(None, Direction.BETTER))]
    )
    summary = summarise(rows, AF)
    achieved, failed = summary.statuses[Status.ACHIEVED], summary.statuses[Status.FAILED]
    assert (achieved.count, achieved.total, achieved.percent) == (22, 40, D("55.00"))
    assert (failed.count, failed.percent) == (18, D("45.00"))
    assert summary.met == achieved
    better = summary.dot_year[Direction.BETTER]
    assert (better.count, better.total, better.percent) == (22, 41, D("53.66"))
    assert summary.dot_quarter[Direction.STATIC].count == 18


def test_rag_summary_counts_amber_apart():
    rows = [(Category.KPI, result(s)) for s in (Status.GREEN, Status.AMBER, Status.RED, Status.RED)]
    summary = summarise(rows, RAG)
    assert [summary.statuses[s].count for s in (Status.GREEN, Status.AMBER, Status.RED)] == [1, 1, 2]
    assert summary.met.percent == D("25.00")


def test_empty_summary_has_no_percentages():
    summary = summarise([], AF)
    assert summary.statuses[Status.ACHIEVED].percent is None


def test_the_result_names_the_printed_text_of_the_target_it_was_judged_against():
    spec = IndicatorSpec("REOFF", rollup=Rollup.LATEST, polarity=DOWN)
    figures = monthly("2016-09", 8) + [MonthFigure(Month(2016, 12), flag=Flag.IN_ARREARS)]
    targets = {(2016, "Q3"): TargetSpec(D(25), text="25"), (2016, "year"): TargetSpec(D(30), text="30 (year)")}
    result = assess(spec, figures, targets)
    assert (result.target, result.target_text, result.year_target_text) == (D(30), "30 (year)", "30 (year)")
    lac = assess(LAC, fy_2016(100), {(2016, "year"): TargetSpec(D(650), text="650 by year end")}, Quarter(2016, 1))
    assert (lac.target, lac.target_text) == (D("162.5"), "650 by year end")


def test_last_years_span_must_hold_the_same_months():
    # 2015/16 has only January to March: not the same span as April to March.
    spec = IndicatorSpec("S", rollup=Rollup.SUM, decimals=0)
    figures = fy_2016(*[10] * 12) + monthly("2016-01", 10, 10, 10)
    q3 = assess(spec, figures, {}, outturns={2015: D(200)})
    assert (q3.last_year_figure, q3.dot_year) == (None, None)
    q4 = assess(spec, figures, {}, quarter=Quarter(2016, 4), outturns={2015: D(200)})
    assert (q4.last_year_figure, q4.dot_year) == (D(200), Direction.LOWER if spec.polarity is NONE else Direction.WORSE)


def test_an_outturn_never_stands_in_for_a_single_quarter():
    # Quarter basis: Q4's own amount (30) is not comparable with last year's whole-year outturn.
    spec = IndicatorSpec("Q", rollup=Rollup.SUM, target_basis=TargetBasis.QUARTER, polarity=DOWN)
    figures = fy_2016(*[10] * 12)
    result = assess(spec, figures, {(2016, "year"): TargetSpec(None, TargetKind.REDUCTION)},
                    quarter=Quarter(2016, 4), outturns={2015: D(130)})
    assert (result.last_year_figure, result.dot_year, result.status) == (None, None, None)
    assert result.no_status_reason is NoStatus.NO_TARGET


@pytest.mark.parametrize("status, needed", [
    (Status.FAILED, True),  # appendix 1b lists every failed indicator with its commentary
    (Status.RED, True),
    (Status.AMBER, True),  # short of target, within tolerance: still explained
    (Status.ACHIEVED, False),
    (Status.GREEN, False),
    (None, False),  # no status (no target, no figure, demand): nothing to explain
])
def test_needs_commentary(status, needed):
    """One answer for the page's "commentary missing", the workbook's 1b sheet and submission."""
    assert needs_commentary(status) is needed
