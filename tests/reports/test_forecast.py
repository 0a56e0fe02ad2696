"""Year-end forecasts (reports.forecast), each method worked by hand, and the back-test that scores them."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.forecast_backtest import backtest_years
from kpis.domain.periods import Quarter, year_months
from kpis.domain.rules import IndicatorSpec, MonthFigure, Series, TargetSpec
from kpis.domain.terms import Category, Flag, Frequency, Polarity, Rollup, TargetKind, Unit
from kpis.models import Reading, Target
from reports.forecast import Inputs, Method, NoForecast, forecast
from reports.forecast_data import forecasts_for
from tests.month_sheet import approved, make_indicator

YEAR = 2016


def months(year, values, *, start=0):
    """MonthFigures of financial year `year` from its month `start` (0 = April); None is a gap."""
    return [MonthFigure(m, None if v is None else Decimal(str(v)))
            for m, v in zip(year_months(year)[start:], values, strict=False)]


def inputs(this_year, last_year=(), *, target="200", kind=TargetKind.ABSOLUTE, outturns=None, **spec):
    figures = months(YEAR, this_year) + months(YEAR - 1, last_year)
    targets = {(YEAR, "year"): TargetSpec(None if target is None else Decimal(target), kind, text="by year end")}
    return Inputs(IndicatorSpec(code="F1", **spec), Series(figures), targets, outturns or {})


Q1, Q2 = Quarter(YEAR, 1), Quarter(YEAR, 2)
LAST_YEAR = [10, 10, 10, 20, 20, 20, 10, 10, 10, 10, 10, 10]  # 150, April-June 30 of it


# --- sum ---------------------------------------------------------------------------------------


def test_sum_goes_on_at_last_years_profile():
    # So far 11 + 12 + 13 = 36 against last year's 30 for April-June: x1.2. The rest, 120 last
    # year, is 144: 180. Each month expected at last year's x1.2 = 12: the worst is 1/12 out, so
    # the rest 144 x (1 -/+ 1/12) = 132 .. 156.
    result = forecast(inputs([11, 12, 13], LAST_YEAR, rollup=Rollup.SUM), Q1)
    assert (result.method, result.projected, result.low, result.high) == (Method.LAST_YEAR_PROFILE, 180, 168, 192)
    assert result.points == 3 and result.year_target == 200 and result.year_target_text == "by year end"


def test_sum_without_last_year_goes_on_at_the_run_rate():
    # 210 in six months, 35 a month: 210 more. The worst month is 25 off 35 (5/7): 210 x (1 -/+ 5/7).
    result = forecast(inputs([10, 20, 30, 40, 50, 60], rollup=Rollup.SUM), Q2)
    assert (result.method, result.projected, result.low, result.high) == (Method.RUN_RATE, 420, 270, 570)


def test_a_sum_with_an_incomplete_last_year_uses_the_run_rate():
    result = forecast(inputs([11, 12, 13], LAST_YEAR[:11], rollup=Rollup.SUM), Q1)
    assert (result.method, result.projected) == (Method.RUN_RATE, 144)


def test_a_quarterly_sum_runs_at_four_figures_a_year():
    this_year = [None, None, 30, None, None, 50]
    result = forecast(inputs(this_year, rollup=Rollup.SUM, frequency=Frequency.QUARTERLY), Q2)
    assert (result.method, result.projected, result.low, result.high) == (Method.RUN_RATE, 160, 140, 180)


# --- latest, mean, ratio -------------------------------------------------------------------------


def test_latest_follows_the_least_squares_line_to_march():
    # Through (0, 10), (1, 13), (2, 14): slope 2, intercept 10 1/3; March (11) is 32 1/3. The
    # line misses May by 2/3, the most: 31.7 .. 33.0.
    result = forecast(inputs([10, 13, 14], decimals=1), Q1)
    assert (result.method, result.projected, result.low, result.high) == (
        Method.TREND, Decimal("32.3"), Decimal("31.7"), Decimal("33.0"))


def test_latest_follows_last_years_pattern_where_it_is_known():
    # This year is last year's plus 5 on average (5, 6, 4): March is last year's 70 + 5; May is 1 off it.
    last_year = [50, 60, 70] * 4
    result = forecast(inputs([55, 66, 74], last_year), Q1)
    assert (result.method, result.projected, result.low, result.high) == (Method.SEASONAL, 75, 74, 76)


def test_a_mean_is_the_year_of_figures_so_far_and_projected():
    # April-June 195; the nine to come last year's 540 + 9 x 5 = 585: (195 + 585) / 12 = 65. The
    # range: the worst miss (1) over the nine months' share of the year, 9/12: 64.25 .. 65.75.
    result = forecast(inputs([55, 66, 74], [50, 60, 70] * 4, rollup=Rollup.MEAN, decimals=2), Q1)
    assert (result.method, result.projected, result.low, result.high) == (
        Method.SEASONAL, Decimal("65.00"), Decimal("64.25"), Decimal("65.75"))


def test_a_ratio_weights_its_months_by_their_denominators():
    # 40% of 400, 60% of 100, 50% of 100: the line 45 + 5 x month (misses 5, 10, 5) goes on 60, 65 ..
    # 100 (720 in all) at the average denominator so far, 200: (16000 + 6000 + 5000 + 720 x 200) /
    # (600 + 9 x 200) = 71.25 (the months unweighted would give 72.5). Range: 10 x 1800 / 2400 = 7.5.
    figures = [MonthFigure(m, Decimal(v), Decimal(v) * d / 100, Decimal(d))
               for m, v, d in zip(year_months(YEAR), (40, 60, 50), (400, 100, 100), strict=False)]
    spec = IndicatorSpec(code="R1", rollup=Rollup.RATIO, unit=Unit.PERCENT, decimals=2)
    result = forecast(Inputs(spec, Series(figures), {(YEAR, "year"): TargetSpec(Decimal(75))}), Q1)
    assert (result.method, result.projected, result.low, result.high) == (
        Method.TREND, Decimal("71.25"), Decimal("63.75"), Decimal("78.75"))
    assert result.at_risk is True


def test_a_mean_without_last_year_follows_the_least_squares_line():
    # The line through (0, 10), (1, 13), (2, 14): 10 1/3 + 2 x month; May to March (3..11) on it sum to
    # 9 x 10 1/3 + 2 x 63 = 219: (37 + 219) / 12 = 21.33. The line misses May by 2/3, the most, over the
    # nine months' share of the year, 9/12: 0.5 either way.
    result = forecast(inputs([10, 13, 14], rollup=Rollup.MEAN, decimals=2), Q1)
    assert (result.method, result.projected, result.low, result.high) == (
        Method.TREND, Decimal("21.33"), Decimal("20.83"), Decimal("21.83"))


def test_a_ratio_with_last_year_follows_its_pattern_weighted_by_the_denominators():
    # Last year 50, 60, 70 (x 4), each of 100; this year 55 of 400, 66 of 100, 74 of 100: 5 above last year
    # on average (5, 6, 4), so July to March are last year's + 5 (585 in all) at the average denominator
    # so far, 200: (22000 + 6600 + 7400 + 585 x 200) / (600 + 9 x 200) = 63.75 (unweighted it would be 65).
    # Range: the worst miss, 1, x 1800 / 2400 = 0.75.
    def ratio(year, values, denominators):
        return [MonthFigure(m, Decimal(v), Decimal(v) * d / 100, Decimal(d))
                for m, v, d in zip(year_months(year), values, denominators, strict=False)]
    figures = ratio(YEAR, (55, 66, 74), (400, 100, 100)) + ratio(YEAR - 1, [50, 60, 70] * 4, [100] * 12)
    spec = IndicatorSpec(code="R2", rollup=Rollup.RATIO, unit=Unit.PERCENT, decimals=2)
    result = forecast(Inputs(spec, Series(figures), {(YEAR, "year"): TargetSpec(Decimal(60))}), Q1)
    assert (result.method, result.projected, result.low, result.high) == (
        Method.SEASONAL, Decimal("63.75"), Decimal("63.00"), Decimal("64.50"))
    assert result.at_risk is False


def test_a_percentage_stays_within_0_and_100():
    result = forecast(inputs([80, 90, 100], unit=Unit.PERCENT), Q1)
    assert (result.projected, result.high) == (100, 100)


# --- at risk -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("polarity", "target", "at_risk"), [
    (Polarity.UP, "200", True),    # 180 short of 200
    (Polarity.UP, "180", False),   # on the target is meeting it
    (Polarity.UP, "150", False),
    (Polarity.DOWN, "170", True),  # smaller is better: 180 is over 170
    (Polarity.DOWN, "180", False),
    (Polarity.DOWN, "200", False),
])
def test_at_risk_by_the_indicators_polarity(polarity, target, at_risk):
    result = forecast(inputs([11, 12, 13], LAST_YEAR, rollup=Rollup.SUM, polarity=polarity, target=target), Q1)
    assert result.projected == 180 and result.at_risk is at_risk


def test_a_measure_with_no_polarity_is_forecast_but_never_at_risk():
    result = forecast(inputs([11, 12, 13], LAST_YEAR, rollup=Rollup.SUM, polarity=Polarity.NONE), Q1)
    assert result.projected == 180 and result.at_risk is None


def test_a_demand_indicator_is_never_at_risk():
    result = forecast(inputs([11, 12, 13], LAST_YEAR, rollup=Rollup.SUM, category=Category.DEMAND), Q1)
    assert result.at_risk is None


@pytest.mark.parametrize("kind", [TargetKind.BASELINE, TargetKind.NONE])
def test_no_year_target_no_forecast(kind):
    result = forecast(inputs([11, 12, 13], rollup=Rollup.SUM, kind=kind, target=None), Q1)
    assert (result.projected, result.at_risk, result.no_forecast) == (None, None, NoForecast.NO_YEAR_TARGET)


def test_only_a_quarters_target_is_no_year_target():
    item = Inputs(IndicatorSpec(code="F1", rollup=Rollup.SUM), Series(months(YEAR, [1, 2, 3])),
                  {(YEAR, "Q1"): TargetSpec(Decimal(6))})
    assert forecast(item, Q1).no_forecast is NoForecast.NO_YEAR_TARGET


def test_a_reduction_target_is_last_years_outturn():
    # "Lower than last year": last year's twelve months add up to 150; 180 is not lower.
    result = forecast(inputs([11, 12, 13], LAST_YEAR, rollup=Rollup.SUM, polarity=Polarity.DOWN,
                             kind=TargetKind.REDUCTION, target=None), Q1)
    assert (result.year_target, result.at_risk) == (150, True)


def test_a_reduction_target_falls_back_on_the_recorded_outturn():
    result = forecast(inputs([11, 12, 13], rollup=Rollup.SUM, polarity=Polarity.DOWN, kind=TargetKind.REDUCTION,
                             target=None, outturns={YEAR - 1: Decimal(190)}), Q1)
    assert (result.year_target, result.projected, result.at_risk) == (190, 144, False)


# --- too few figures -------------------------------------------------------------------------------


def test_at_the_end_of_q1_three_months_are_enough():
    result = forecast(inputs([10, 13, 14], target="40"), Q1)
    assert result.no_forecast is None and result.at_risk is True


def test_one_figure_is_too_few():
    result = forecast(inputs([None, None, 30], frequency=Frequency.QUARTERLY), Q1)
    assert (result.projected, result.at_risk, result.points, result.no_forecast) == (
        None, None, 1, NoForecast.TOO_FEW_POINTS)


def test_figures_after_the_quarter_are_not_read():
    result = forecast(inputs([10, 13, 14, 1000, 1000]), Q1)
    assert result.points == 3 and result.projected == 32


def test_a_new_method_figure_stops_the_forecast():
    figures = months(YEAR, [10, 12]) + [MonthFigure(year_months(YEAR)[2], Decimal(14), flag=Flag.NEW_METHOD)]
    item = Inputs(IndicatorSpec(code="F1"), Series(figures), {(YEAR, "year"): TargetSpec(Decimal(20))})
    assert forecast(item, Q1).no_forecast is NoForecast.NEW_METHOD


# --- from the database -----------------------------------------------------------------------------


def _indicator(code, values, *, target, year=YEAR, **attributes):
    indicator = make_indicator(code, **attributes)
    for month, value in zip(year_months(year), values, strict=False):
        approved(indicator, str(month), value)
    Target.objects.create(indicator=indicator, year=year, period="year", value=Decimal(target))
    return indicator


@pytest.mark.django_db
def test_forecasts_for_a_quarter_read_published_figures_in_a_fixed_number_of_queries():
    first = _indicator("A1", [10, 12, 14], target="40", rollup="latest")
    Reading.objects.create(indicator=first, month=date(2016, 7, 1), value=Decimal(1), state=Reading.State.DRAFT)
    with CaptureQueriesContext(connection) as one:
        forecasts = forecasts_for(YEAR, 2)
    assert forecasts[first.id].points == 3 and forecasts[first.id].projected == 32  # the draft July unread
    assert forecasts[first.id].at_risk is True
    _indicator("A2", [5, 5, 5], target="60", rollup="sum")
    _indicator("A3", [1, 2, 3], target="1", rollup="mean", polarity="down")
    with CaptureQueriesContext(connection) as three:
        forecasts = forecasts_for(YEAR, 2)
    assert len(three) == len(one) == 4
    assert {f.code: f.at_risk for f in forecasts.values()} == {"A1": True, "A2": False, "A3": True}


@pytest.mark.django_db
def test_the_backtest_scores_q2_and_q3_flags_against_the_year_end():
    # Rising steadily to 12 by March against 12: met; the Q2 and Q3 lines say so (not flagged).
    _indicator("B1", range(1, 13), target="12", rollup="latest")
    # Falling from 12 to 1 against 10 by year end: missed, and flagged.
    _indicator("B2", range(12, 0, -1), target="10", rollup="latest")
    # Flat at 10 a month to Q3, then a windfall: 150 against 130. Flagged (run rate 120), and met.
    _indicator("B3", [10] * 9 + [10, 10, 30], target="130", rollup="sum")
    # No year-end figure (the year stops in December): not counted.
    _indicator("B4", [10] * 9, target="130", rollup="sum")
    scores = backtest_years([YEAR])
    for quarter in (2, 3):
        score = scores[quarter]
        assert (score.flagged_missed, score.flagged_met, score.unflagged_missed, score.unflagged_met) == (1, 1, 0, 1)
        assert (score.flagged, score.correct, score.judged, score.no_forecast) == (2, 2, 3, 0)
        assert (score.precision, score.recall, score.accuracy) == (0.5, 1.0, 2 / 3)
