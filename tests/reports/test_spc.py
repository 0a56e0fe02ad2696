"""The XmR engine (reports.spc) on worked examples computed by hand, rule by rule and tie by tie, for
both presets and both polarities; and three properties hypothesis checks on any series.

Most examples extend a BASELINE of 12 points [11.5, 8.5] × 6 (the `baseline=12` argument): its mean is
(6 × 11.5 + 6 × 8.5) / 12 = 10, its 11 moving ranges are all 3 so the mean moving range is 3 (screening
keeps them: 3 < 3.267 × 3), hence
    process limits  10 ± 2.66 × 3 = 10 ± 7.98         -> 2.02 and 17.98
    2σ lines        10 ± 2/3 × 2.66 × 3 = 10 ± 5.32   -> 4.68 and 15.32
whatever the points that follow (they extend the limits). The baseline ends on 8.5, below the mean, and
alternates sides, so it holds no shift, no trend and no two-of-three of its own.
"""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpis.domain.terms import Polarity
from reports.spc import analyse, analyse_frame

BASELINE = [11.5, 8.5] * 6
COMMON, IMPROVEMENT, CONCERN, NEUTRAL = ("common_cause", "special_cause_improvement", "special_cause_concern",
                                         "special_cause_neutral")


def months(count, start=date(2015, 4, 1)):
    return [date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1) for i in range(count)]


def run(values, **options):
    return analyse(list(zip(months(len(values)), values, strict=True)), **options)


def extended(tail, **options):
    """The baseline's 12 points then `tail`, the mean and limits fixed by the first 12."""
    return run(BASELINE + tail, baseline=12, **options)


def tail_types(result, count):
    return [t and t.value for t in result.types[-count:]]


def types(result):
    return [t and t.value for t in result.types]


# --- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_the_baseline_fixes_mean_and_limits_which_then_extend(rules):
    # The tail (12, 12, 12) would move a mean of all points to (120 + 36) / 15 = 10.4; the baseline keeps 10.
    result = extended([12, 12, 12], rules=rules)
    assert len(result.periods) == 1
    period = result.periods[0]
    assert (period.start, period.end) == (date(2015, 4, 1), date(2016, 6, 1))
    assert (period.mean, period.lpl, period.upl) == (10, 2.02, 17.98)


def test_without_a_baseline_every_point_makes_the_mean_and_limits():
    # [9, 11] × 7: mean 10, 13 moving ranges of 2: limits 10 ± 2.66 × 2 = 4.68 and 15.32.
    result = run([9, 11] * 7)
    assert (result.periods[0].mean, result.periods[0].lpl, result.periods[0].upl) == (10, 4.68, 15.32)
    assert set(types(result)) == {COMMON}


# --- outside a limit -----------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_a_point_strictly_outside_a_limit_is_special_cause_and_one_on_it_is_not(rules):
    # 10 sits on the mean (no side), 17.98 on the upper limit (inside; beyond the 2σ line 15.32 but the
    # windows holding it also hold 10, on the mean: no two of three), 17.99 outside.
    result = extended([10, 17.98, 17.99], rules=rules)
    assert tail_types(result, 3) == [COMMON, COMMON, IMPROVEMENT]
    assert result.variation == "improvement_high"
    result = extended([10, 17.98, 17.99], rules=rules, polarity=Polarity.DOWN)
    assert tail_types(result, 3) == [COMMON, COMMON, CONCERN]
    assert result.variation == "concern_high"


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_below_the_lower_limit(rules):
    # 2.02 is on the lower limit (inside), 2.01 below it.
    up = extended([10, 2.02, 2.01], rules=rules)
    assert tail_types(up, 3) == [COMMON, COMMON, CONCERN]
    assert up.variation == "concern_low"
    down = extended([10, 2.02, 2.01], rules=rules, polarity=Polarity.DOWN)
    assert tail_types(down, 3) == [COMMON, COMMON, IMPROVEMENT]
    assert down.variation == "improvement_low"
    none = extended([10, 2.02, 2.01], rules=rules, polarity=Polarity.NONE)
    assert tail_types(none, 3) == [COMMON, COMMON, NEUTRAL]
    assert none.variation == "neutral_low"
    assert none.assurance is None


# --- shift ----------------------------------------------------------------------------------------


def test_mdc_shift_is_six_points_strictly_on_one_side():
    # 10.5 is above the mean 10 and inside the 2σ lines; the baseline's last point 8.5 is below.
    assert tail_types(extended([10.5] * 6), 6) == [IMPROVEMENT] * 6
    assert tail_types(extended([10.5] * 5), 5) == [COMMON] * 5
    assert tail_types(extended([10.5] * 6, polarity=Polarity.DOWN), 6) == [CONCERN] * 6


def test_ptd_shift_is_seven_points():
    assert tail_types(extended([10.5] * 7, rules="ptd"), 7) == [IMPROVEMENT] * 7
    assert tail_types(extended([10.5] * 6, rules="ptd"), 6) == [COMMON] * 6


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_a_point_on_the_mean_breaks_a_shift(rules):
    # 3 above, one on the mean (10), 4 above: no run of 6 (or 7) on one side.
    result = extended([10.5] * 3 + [10] + [10.5] * 4, rules=rules)
    assert tail_types(result, 8) == [COMMON] * 8


def test_a_shift_below_the_mean_takes_in_the_baselines_last_point():
    # 8.5 (the baseline's last point) and five 9.5: six below the mean.
    result = extended([9.5] * 5)
    assert tail_types(result, 6) == [CONCERN] * 6


# --- trend ----------------------------------------------------------------------------------------


def test_mdc_trend_is_six_points_each_strictly_higher():
    # 8.5 after the baseline's 8.5 (an equal step: no trend through it), then 9 … 11: five rising steps,
    # six points. Sides: 8.5, 9, 9.5 below the mean, 10 on it, 10.5, 11 above: no shift.
    result = extended([8.5, 9, 9.5, 10, 10.5, 11])
    assert tail_types(result, 7) == [COMMON] + [IMPROVEMENT] * 6  # a rising point below the mean too
    assert tail_types(extended([8.5, 9, 9.5, 10, 10.5, 11], polarity=Polarity.DOWN), 6) == [CONCERN] * 6


def test_an_equal_step_breaks_a_trend():
    # Steps up, up, equal, up, up, up: the longest rising run is 9.5, 10, 10.5, 11 (four points).
    result = extended([8.5, 9, 9.5, 9.5, 10, 10.5, 11])
    assert tail_types(result, 7) == [COMMON] * 7


def test_ptd_trend_is_seven_points():
    assert tail_types(extended([8.5, 9, 9.5, 10, 10.5, 11], rules="ptd"), 6) == [COMMON] * 6
    # Seven points, six rising steps; sides 3 below, one on the mean, 3 above.
    result = extended([8.5, 9, 9.5, 10, 10.5, 11, 11.25], rules="ptd")
    assert tail_types(result, 7) == [IMPROVEMENT] * 7


def test_a_falling_trend():
    # 11.5 after the baseline's 8.5, then five falling steps to 9: six points; sides 3 above, 10 on, 2 below.
    result = extended([11.5, 11, 10.5, 10, 9.5, 9])
    assert tail_types(result, 6) == [CONCERN] * 6
    assert result.variation == "concern_low"


# --- two of three -----------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_two_of_three_beyond_the_same_2_sigma_line_flags_only_the_close_points(rules):
    # (16, 10.5, 16): all above the mean, 16 beyond the 2σ line 15.32 and inside the limit 17.98.
    result = extended([16, 10.5, 16], rules=rules)
    assert tail_types(result, 3) == [IMPROVEMENT, COMMON, IMPROVEMENT]
    down = extended([16, 10.5, 16], rules=rules, polarity=Polarity.DOWN)
    assert tail_types(down, 3) == [CONCERN, COMMON, CONCERN]


@pytest.mark.parametrize("rules", ["mdc", "ptd"])
def test_two_of_three_ties(rules):
    # 15.32 is on the 2σ line: not beyond it, so only one close point.
    assert tail_types(extended([15.32, 10.5, 16], rules=rules), 3) == [COMMON] * 3
    # Two close points, but each window of three holds a point below the mean (8.5, 9): no signal.
    assert tail_types(extended([16, 16, 9], rules=rules), 3) == [COMMON] * 3
    # A point on the mean in the window breaks it too.
    assert tail_types(extended([16, 10, 16], rules=rules), 3) == [COMMON] * 3
    # One close point and one outside: the outside one is special cause, the close one is not.
    assert tail_types(extended([16, 18, 10.5], rules=rules), 3) == [COMMON, IMPROVEMENT, COMMON]
    # Two close points and one outside between them, all above: the close two by this rule, 18 by its own.
    assert tail_types(extended([16, 18, 16], rules=rules), 3) == [IMPROVEMENT] * 3
    # Below: beyond the lower 2σ line 4.68, inside the limit 2.02.
    assert tail_types(extended([4, 9, 4], rules=rules), 3) == [CONCERN, COMMON, CONCERN]


# --- rules of both directions -----------------------------------------------------------------------


def test_mdc_a_point_caught_both_ways_is_an_improvement():
    # The baseline's 8.5 then 5, 6, 7, 8, 9, 9.5: seven points below the mean (a shift, low) and, from 5,
    # six points rising (a trend, high). Each of the six tail points is caught both ways.
    tail = [5, 6, 7, 8, 9, 9.5]
    up = extended(tail)
    assert tail_types(up, 7) == [CONCERN] + [IMPROVEMENT] * 6  # 8.5: the shift alone, low
    down = extended(tail, polarity=Polarity.DOWN)
    assert tail_types(down, 7) == [IMPROVEMENT] * 7
    assert down.variation == "improvement_low"  # "smaller is better": improving by the low side


def test_a_peak_in_a_rising_and_a_falling_trend_mdc_shows_the_improving_one_ptd_the_later_run():
    # The baseline's 8.5 then 7 up to 13 and down to 7: 7, 8, ..., 13 rise (seven points, six steps) and
    # 13, 12, ..., 7 fall (seven points); 13 is in both. No shift (10 is on the mean, five points above it),
    # nothing outside 2.02-17.98 nor beyond the 2σ lines 4.68 and 15.32.
    tail = [7, 8, 9, 10, 11, 12, 13, 12, 11, 10, 9, 8, 7]
    # mdc: a point caught by rules of both directions is shown as the improving one.
    assert tail_types(extended(tail), 13) == [IMPROVEMENT] * 7 + [CONCERN] * 6
    assert tail_types(extended(tail, polarity=Polarity.DOWN), 13) == [CONCERN] * 6 + [IMPROVEMENT] * 7
    # ptd (R's "use right side"): the peak's next point is in a trend too, so it takes the step to it, down.
    assert tail_types(extended(tail, rules="ptd"), 13) == [IMPROVEMENT] * 6 + [CONCERN] * 7
    assert tail_types(extended(tail, rules="ptd", polarity=Polarity.DOWN), 13) == [CONCERN] * 6 + [IMPROVEMENT] * 7


def test_ptd_precedence_trend_before_two_of_three():
    # The baseline's 8.5 then 17.9, 17.5, 17, 16, 14, 12, 11: seven points falling (a trend, low), all seven
    # above the mean (a shift, high), and 17.9, 17.5, 17, 16 beyond the upper 2σ line 15.32 but inside the
    # limit 17.98 (two of three, high). ptd takes the trend for all seven; mdc the improving direction.
    tail = [17.9, 17.5, 17, 16, 14, 12, 11]
    assert tail_types(extended(tail, rules="ptd"), 7) == [CONCERN] * 7
    assert tail_types(extended(tail, rules="ptd", polarity=Polarity.DOWN), 7) == [IMPROVEMENT] * 7
    assert tail_types(extended(tail), 7) == [IMPROVEMENT] * 7


def test_ptd_precedence_trend_before_shift():
    # The baseline's 8.5 then 5, 5.5, 6, 7, 8, 9, 9.5: eight below the mean (a shift, low) and seven
    # points rising from 5 (a trend, high). ptd takes the trend.
    tail = [5, 5.5, 6, 7, 8, 9, 9.5]
    up = extended(tail, rules="ptd")
    assert tail_types(up, 8) == [CONCERN] + [IMPROVEMENT] * 7
    down = extended(tail, rules="ptd", polarity=Polarity.DOWN)
    assert tail_types(down, 8) == [IMPROVEMENT] + [CONCERN] * 7  # mdc would call these improvement
    assert tail_types(extended(tail, polarity=Polarity.DOWN), 8) == [IMPROVEMENT] * 8


def test_ptd_precedence_outside_before_trend():
    # 18.5 (above 17.98) then falling to 10.25: seven points falling (a trend, low) and, with the
    # baseline's 8.5 before them, seven above the mean (a shift, high). 16 is the only close point.
    tail = [18.5, 16, 14, 12, 11, 10.5, 10.25]
    ptd = extended(tail, rules="ptd")
    assert tail_types(ptd, 7) == [IMPROVEMENT] + [CONCERN] * 6
    assert ptd.variation == "concern_low"
    mdc = extended(tail)
    assert tail_types(mdc, 7) == [IMPROVEMENT] * 7
    assert mdc.variation == "improvement_high"


# --- changes of process -------------------------------------------------------------------------------

# Period 1: [9, 11] × 4 then 10.5 × 4: mean (80 + 42) / 12 = 10.1667, so the four 10.5 are above it; its
# moving ranges 2 × 7, 0.5, 0, 0, 0 -> 14.5 / 11 = 1.318: limits 10.1667 ± 3.507, 2σ ± 2.338 (none beyond).
# Period 2 (from the 13th month): 20.5 × 3 then [19, 21] × 3: mean 181.5 / 9 = 20.1667, the three 20.5 above
# it; moving ranges 0, 0, 1.5, 2 × 5 -> 11.5 / 8 = 1.4375: limits 20.1667 ± 3.824, 2σ ± 2.549 (none beyond).
PERIOD_1 = [9, 11] * 4 + [10.5] * 4
PERIOD_2 = [20.5] * 3 + [19, 21] * 3
CHANGE = months(13)[12]


def test_mdc_runs_continue_across_a_change_of_process():
    result = run(PERIOD_1 + PERIOD_2, changes=[CHANGE])
    assert [(p.start, p.end) for p in result.periods] == [(date(2015, 4, 1), date(2016, 3, 1)),
                                                         (date(2016, 4, 1), date(2016, 12, 1))]
    assert result.periods[0].mean == pytest.approx(122 / 12)
    assert result.periods[0].upl == pytest.approx(122 / 12 + 2.66 * 14.5 / 11)
    assert result.periods[1].mean == pytest.approx(181.5 / 9)
    assert result.periods[1].lpl == pytest.approx(181.5 / 9 - 2.66 * 11.5 / 8)
    # Period 1's last 11 and four 10.5, then period 2's three 20.5: eight points above their own period's
    # mean, a shift across the change (9 before them is below).
    assert types(result) == [COMMON] * 7 + [IMPROVEMENT] * 8 + [COMMON] * 6


def test_ptd_no_rule_crosses_a_change_of_process():
    result = run(PERIOD_1 + PERIOD_2, changes=[CHANGE], rules="ptd")
    assert len(result.periods) == 2
    assert types(result) == [COMMON] * 21  # five above in period 1, three in period 2: no run of 7 in either
    # Period 1 has 12 points (no warning), period 2 nine.
    assert result.warnings == ["The period from 2016-04 has 9 points, fewer than 12: its limits are trial limits."]


def test_mdc_a_baseline_overrides_changes_of_process():
    # One period, mean and limits from the first 12 points (period 1's): 20.5 is far above 10.1667 + 3.507.
    result = run(PERIOD_1 + PERIOD_2, changes=[CHANGE], baseline=12)
    assert len(result.periods) == 1
    assert result.periods[0].mean == pytest.approx(122 / 12)
    assert types(result)[12:] == [IMPROVEMENT] * 9


def test_ptd_a_baseline_applies_in_each_period():
    # Period 2 is shorter than the baseline: all its nine points make its lines; warned.
    result = run(PERIOD_1 + PERIOD_2, changes=[CHANGE], baseline=12, rules="ptd")
    assert len(result.periods) == 2
    assert result.periods[1].mean == pytest.approx(181.5 / 9)
    assert result.warnings == ["The period from 2016-04 has 9 points, fewer than 12: its limits are trial limits."]


def test_a_change_before_the_first_point_starts_nothing():
    result = run([9, 11] * 7, changes=[date(2010, 4, 1)])
    assert len(result.periods) == 1


# --- short series ---------------------------------------------------------------------------------------


def test_mdc_fewer_than_13_points_get_no_limits_no_special_cause_and_no_icons():
    # Twelve points, the last far out: the mean (11 × 10 + 100) / 12 = 17.5 is given, nothing else.
    result = run([10] * 11 + [100], target=5)
    assert (result.periods[0].mean, result.periods[0].lpl, result.periods[0].upl) == (17.5, None, None)
    assert types(result) == [None] * 12
    assert (result.variation, result.assurance) == (None, None)
    # Thirteen: judged. Moving ranges 0 × 11 and 90: mean mR 90 / 12 = 7.5; mean 220 / 13 = 16.92;
    # upper limit 16.92 + 2.66 × 7.5 = 36.87: 100 is outside.
    assert run([10] * 12 + [100]).types[-1].value == IMPROVEMENT


def test_ptd_short_series_are_judged_with_a_warning():
    # Eleven points: [9, 11] × 5 + [30]; mean 130 / 11 = 11.818; moving ranges 2 × 9 and 19, mean 37 / 10 = 3.7;
    # screening: 19 >= 3.267 × 3.7 = 12.09 is dropped, the mean mR is 18 / 9 = 2: upper limit 11.818 + 5.32
    # = 17.14, 30 is outside.
    result = run([9, 11] * 5 + [30], rules="ptd")
    assert result.periods[0].upl == pytest.approx(130 / 11 + 5.32)
    assert result.types[-1].value == IMPROVEMENT
    assert result.warnings == ["The period from 2015-04 has 11 points, fewer than 12: its limits are trial limits."]
    short_baseline = run([9, 11] * 10, rules="ptd", baseline=6)
    assert short_baseline.warnings == [
        "The baseline from 2015-04 has 6 points, fewer than 12: its limits are trial limits."]
    assert run([9, 11] * 10, rules="ptd", baseline=12).warnings == []


def test_mdc_gives_no_warnings():
    assert run([9, 11] * 3).warnings == []


# --- moving-range screening -------------------------------------------------------------------------------

# [10, 12] × 3, 10, 40: mean 116 / 8 = 14.5; moving ranges 2 × 6 and 30, mean 42 / 7 = 6.
# Screened: 30 >= 3.267 × 6 = 19.6 goes, the mean mR becomes 12 / 6 = 2: limits 14.5 ± 5.32.
# Unscreened: 14.5 ± 2.66 × 6 = 14.5 ± 15.96 -> -1.46 and 30.46.
SCREENED = [10, 12] * 3 + [10, 40]


def test_ptd_screens_moving_ranges_by_default_and_the_mean_stays():
    result = run(SCREENED, rules="ptd")
    assert (result.periods[0].mean, result.periods[0].lpl, result.periods[0].upl) == (14.5, 9.18, 19.82)
    # The first seven points are below the mean 14.5: a shift of 7 (the 10s are also beyond the lower 2σ
    # line 14.5 - 3.5467 = 10.953, two of three); 40 is above 19.82.
    assert types(result) == [CONCERN] * 7 + [IMPROVEMENT]
    assert result.variation == "improvement_high"


def test_ptd_screens_once_however_the_recomputed_mean_would_screen_again():
    # [10, 11] × 5, 16, 56: moving ranges 1 × 9, 5 and 40, mean 54 / 11 = 4.909; 40 >= 3.267 × 4.909 = 16.04
    # goes, 5 stays: the mean mR is 14 / 10 = 1.4 (a second pass would drop 5 >= 3.267 × 1.4 = 4.57 too,
    # giving 1). Mean 177 / 12 = 14.75: limits 14.75 ± 2.66 × 1.4 = 14.75 ± 3.724.
    result = run([10, 11] * 5 + [16, 56], rules="ptd")
    assert (result.periods[0].lpl, result.periods[0].upl) == (pytest.approx(11.026), pytest.approx(18.474))


def test_screening_switched_off_in_ptd_and_on_in_mdc():
    off = run(SCREENED, rules="ptd", screen_outliers=False)
    assert (off.periods[0].lpl, off.periods[0].upl) == (-1.46, 30.46)
    # 2σ lines 14.5 ± 10.64: no point close; the shift of seven below stays; 40 > 30.46.
    assert types(off) == [CONCERN] * 7 + [IMPROVEMENT]
    # mdc needs 13 points: [10, 12] × 6, 40: moving ranges 2 × 11 and 28, mean 50 / 12 = 4.167;
    # 28 >= 3.267 × 4.167 = 13.61 goes: mean mR 22 / 11 = 2; mean 172 / 13.
    mdc = run([10, 12] * 6 + [40], screen_outliers=True)
    assert mdc.periods[0].upl == pytest.approx(172 / 13 + 5.32)
    unscreened = run([10, 12] * 6 + [40])
    assert unscreened.periods[0].upl == pytest.approx(172 / 13 + 2.66 * 50 / 12)


# --- assurance --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("polarity", "target", "mdc", "ptd"), [
    # limits 2.02 and 17.98 (the baseline's)
    (Polarity.UP, 18, "consistent_fail", "consistent_fail"),
    (Polarity.UP, 17.98, "consistent_fail", "inconsistent"),  # on the limit: beyond for mdc, hit and miss for ptd
    (Polarity.UP, 10, "inconsistent", "inconsistent"),
    (Polarity.UP, 2.02, "consistent_pass", "inconsistent"),
    (Polarity.UP, 2, "consistent_pass", "consistent_pass"),
    (Polarity.DOWN, 18, "consistent_pass", "consistent_pass"),
    (Polarity.DOWN, 17.98, "consistent_pass", "inconsistent"),
    (Polarity.DOWN, 2.02, "consistent_fail", "inconsistent"),
    (Polarity.DOWN, 2, "consistent_fail", "consistent_fail"),
    (Polarity.NONE, 18, None, None),
    (Polarity.UP, None, None, None),
])
def test_assurance(polarity, target, mdc, ptd):
    tail = [10, 10, 10]
    assert (extended(tail, polarity=polarity, target=target).assurance or None) == mdc
    assert (extended(tail, polarity=polarity, target=target, rules="ptd").assurance or None) == ptd


@pytest.mark.parametrize("polarity", [Polarity.UP, Polarity.DOWN])
def test_a_flat_process_with_the_target_on_it(polarity):
    # Thirteen points of 95: mean 95, every moving range 0, both limits 95. A target of 95 is on both
    # limits: mdc counts it beyond both, so the process always meets it (our reading; the tool leaves the
    # case open); ptd counts neither, hit and miss. A target of 96 is beyond the upper limit alone.
    flat = [95] * 13
    assert run(flat, polarity=polarity, target=95).assurance.value == "consistent_pass"
    assert run(flat, polarity=polarity, target=95, rules="ptd").assurance.value == "inconsistent"
    above = "consistent_fail" if polarity is Polarity.UP else "consistent_pass"
    assert run(flat, polarity=polarity, target=96).assurance.value == above


def test_assurance_reads_the_last_periods_limits():
    # Period 2's limits: 20.1667 ± 3.824 -> 16.34 and 23.99. A target of 14 is below them (passes);
    # period 1's (6.66 to 13.67) would have made it a fail.
    assert run(PERIOD_1 + PERIOD_2, changes=[CHANGE], target=14).assurance.value == "consistent_pass"


# --- many indicators at once ---------------------------------------------------------------------------------


def test_a_long_frame_judges_each_indicator_as_one_at_a_time():
    import pandas as pd

    tail = [10, 17.98, 17.99]
    rows = [("A", m, v) for m, v in zip(months(15), BASELINE + tail, strict=True)]
    rows += [("B", m, v) for m, v in zip(months(8), SCREENED, strict=True)] + [("B", date(2030, 1, 1), None)]
    frame = pd.DataFrame(rows, columns=["code", "month", "value"]).sample(frac=1, random_state=1)
    results = analyse_frame(frame, {"A": {"baseline": 12, "polarity": Polarity.DOWN}}, rules="ptd")
    assert types(results["A"]) == types(extended(tail, rules="ptd", polarity=Polarity.DOWN))
    assert results["A"].variation == "concern_high"
    assert results["B"].periods == run(SCREENED, rules="ptd").periods
    assert len(results["B"].values) == 8


# --- properties ----------------------------------------------------------------------------------------------

values = st.lists(st.integers(-1000, 1000), min_size=1, max_size=30)
presets = st.sampled_from(["mdc", "ptd"])
screens = st.sampled_from([None, True, False])
baselines = st.none() | st.integers(1, 20)
change_lists = st.lists(st.integers(0, 29), max_size=3)


def options(rules, screen, baseline, changes):
    all_months = months(30)
    return {"rules": rules, "screen_outliers": screen, "baseline": baseline, "changes": [all_months[i] for i in changes]}


@given(st.integers(1, 40), st.decimals(-10**6, 10**6, places=2), presets, screens, baselines, change_lists,
       st.sampled_from(list(Polarity)))
def test_a_constant_series_has_no_special_cause(count, value, rules, screen, baseline, changes, polarity):
    result = run([value] * count, polarity=polarity, **options(rules, screen, baseline, changes))
    assert set(types(result)) <= {COMMON, None}


@given(values, st.integers(-10**6, 10**6), presets, screens, baselines, change_lists,
       st.sampled_from(list(Polarity)), st.none() | st.integers(-1000, 1000))
def test_adding_a_constant_moves_mean_and_limits_and_changes_no_type(series, shift, rules, screen, baseline,
                                                                      changes, polarity, target):
    kwargs = options(rules, screen, baseline, changes) | {"polarity": polarity}
    before = run(series, target=target, **kwargs)
    after = run([v + shift for v in series], target=None if target is None else target + shift, **kwargs)
    assert types(after) == types(before)
    assert (after.variation, after.assurance) == (before.variation, before.assurance)
    for a, b in zip(after.periods, before.periods, strict=True):
        assert a.mean == pytest.approx(b.mean + shift)
        assert (a.lpl is None) == (b.lpl is None)
        if a.lpl is not None:
            assert a.lpl == pytest.approx(b.lpl + shift, abs=1e-6)
            assert a.upl == pytest.approx(b.upl + shift, abs=1e-6)


MIRROR = {Polarity.UP: Polarity.DOWN, Polarity.DOWN: Polarity.UP, Polarity.NONE: Polarity.NONE}


@given(values, presets, screens, baselines, change_lists, st.sampled_from(list(Polarity)),
       st.none() | st.integers(-1000, 1000))
def test_mirroring_the_series_and_the_polarity_keeps_every_type(series, rules, screen, baseline, changes, polarity,
                                                               target):
    kwargs = options(rules, screen, baseline, changes)
    before = run(series, polarity=polarity, target=target, **kwargs)
    after = run([-v for v in series], polarity=MIRROR[polarity], target=None if target is None else -target, **kwargs)
    assert types(after) == types(before)
    assert after.assurance == before.assurance
    for a, b in zip(after.periods, before.periods, strict=True):
        assert a.mean == -b.mean
        assert (a.lpl, a.upl) == ((None, None) if b.lpl is None else (-b.upl, -b.lpl))


def test_exact_arithmetic_keeps_ties():
    # 0.1 + 0.2 is not 0.3 in floats; as the figures' decimals it is, so the mean of [0.1, 0.2] × … is 0.15
    # exactly and a point of 0.15 is on it.
    result = run([0.1, 0.2] * 7 + [0.15])
    assert result.periods[0].mean == 0.15
    assert result.types[-1].value == COMMON


def test_a_moving_range_exactly_at_the_screening_line_is_screened_out():
    # 0, 0.733, 0, 0.733, 10.534: moving ranges 0.733 × 3 and 9.801, mean (2.199 + 9.801) / 4 = 3; 9.801 is
    # exactly 3.267 × 3, not strictly below it: screened out (R keeps `mr < 3.267 * amr`). The mean mR is
    # then 0.733; the mean (1.466 + 10.534) / 5 = 2.4 stays: upper limit 2.4 + 2.66 × 0.733 = 4.34978.
    result = run([0, 0.733, 0, 0.733, 10.534], rules="ptd")
    assert (result.periods[0].mean, result.periods[0].upl) == (2.4, 4.34978)
    assert result.types[-1].value == IMPROVEMENT
