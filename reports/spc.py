"""Statistical process control (XmR charts) for the indicators' monthly series: pure computation.

Signal or noise: a point is judged against its own period's process limits (mean ± 2.66 × the mean
moving range) and its 2σ lines (mean ± 2/3 × 2.66 × mean moving range), by four rules (outside a
limit, a shift, a trend, two of three close to a limit). Two published rule sets, the issue's
presets (issue 17, section 1):

- ``mdc``: NHS England's Making Data Count single chart tool: runs of 6, no moving-range
  screening, runs continue across a change of process, a baseline overrides changes, fewer than
  13 points gets nothing, a target on a limit counts as beyond it;
- ``ptd``: the NHS-R community's NHSRplotthedots (its R code is the definition; files named below
  are in nhs-r-community/NHSRplotthedots): runs of 7, moving ranges screened, precedence outside >
  trend > two of three > shift, no rule crosses a change of process, short periods warned about,
  a target on a limit is hit and miss.

No Django here: the selector (reports/spc_series.py) reads the series; this module judges them, one
series at a time (`analyse`) or every indicator at once from a long DataFrame (`analyse_frame`).
The arithmetic is exact (each series as integers at one scale, its lines as fractions) so that the ties
the rules name (a point on a limit, on the mean, an equal step, a target on a limit) are ties, not
rounding; the results are given as floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import pandas as pd

from kpis.domain.terms import Polarity

LIMIT = Fraction("2.66")  # 3σ from the mean moving range (3 / d2, d2 = 1.128)
CLOSE = 2 * LIMIT / 3  # the 2σ lines
# D4 for n = 2: a moving range at or above 3.267 × mean mR is an outlier (R: `mr < 3.267 * amr` keeps it)
SCREEN = Fraction("3.267")


class Rules(StrEnum):
    MDC = "mdc"
    PTD = "ptd"


class PointType(StrEnum):
    COMMON = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEUTRAL = "special_cause_neutral"


class Assurance(StrEnum):
    PASS = "consistent_pass"
    FAIL = "consistent_fail"
    HIT_AND_MISS = "inconsistent"


@dataclass(frozen=True)
class Preset:
    run: int  # N for shift and trend
    screen_outliers: bool  # the preset's default
    runs_cross_changes: bool
    baseline_overrides_changes: bool
    min_points: int  # below this, no limits, no special cause, no icons (0: always judged)
    warn_below: int  # a baseline or period shorter than this is warned about (0: never)
    target_on_limit_is_beyond: bool


# mdc's "fewer than 13 points" counts the whole series (the words), not each period: a change of
# process late in a long series keeps its limits. A period of one point has a mean but no moving range,
# so no limits, in either preset (R would give NaN limits).
PRESETS = {
    Rules.MDC: Preset(run=6, screen_outliers=False, runs_cross_changes=True, baseline_overrides_changes=True,
                      min_points=13, warn_below=0, target_on_limit_is_beyond=True),
    # R/ptd_add_short_group_warnings.R warns when a group has n < 12 (its message; the threshold
    # option reads 13 in one version, 12 in its documentation): we follow the issue, fewer than 12.
    Rules.PTD: Preset(run=7, screen_outliers=True, runs_cross_changes=False, baseline_overrides_changes=False,
                      min_points=0, warn_below=12, target_on_limit_is_beyond=False),
}


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    mean: float | None
    lpl: float | None
    upl: float | None


@dataclass
class Result:
    rules: Rules
    periods: list[Period]
    months: list[date]
    values: list[float]
    types: list[PointType | None]
    variation: str | None
    assurance: Assurance | None
    warnings: list[str] = field(default_factory=list)


# --- one series -----------------------------------------------------------------------------


def ratio(value) -> tuple[int, int]:
    """A figure as an exact ratio of integers (numerator, positive denominator): a float by its shortest
    decimal (0.1 is a tenth)."""
    if isinstance(value, int):
        return value, 1
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.as_integer_ratio()


def scaled(values: list, target=None) -> tuple[list[int], int | None, int]:
    """The values (and the target) as integers, each multiplied by one positive scale, and that scale.

    Every rule adds, subtracts, multiplies by a constant and compares, so a series judges alike at any
    positive scale; as integers the judging is exact and costs no fraction arithmetic a point."""
    ratios = [ratio(v) for v in values]
    target_ratio = None if target is None else ratio(target)
    scale = math.lcm(*{d for _, d in ratios}, target_ratio[1] if target_ratio else 1)
    whole = [n * (scale // d) for n, d in ratios]
    return whole, None if target_ratio is None else target_ratio[0] * (scale // target_ratio[1]), scale


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def _period_lines(values: list[int], baseline: int | None, screen: bool) -> tuple[Fraction, Fraction | None]:
    """The mean and the mean moving range of a period, from its first `baseline` points when it has
    one (R/ptd_spc_standard.R: `fix_y`, moving ranges of the fixed points only)."""
    fixed = values[:baseline] if baseline else values
    mean = _mean(fixed)
    ranges = [abs(b - a) for a, b in zip(fixed, fixed[1:], strict=False)]
    amr = _mean(ranges)
    if screen and amr is not None:
        outlier = SCREEN * amr
        kept = [r for r in ranges if r < outlier]
        # Every range screened out only happens when all are 0 (any positive range leaves the smallest
        # below 3.267 × the mean): R then gives NaN limits; we keep the mean mR of 0, so a constant
        # series is all common cause.
        if kept:
            amr = _mean(kept)
    return mean, amr


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


@dataclass(frozen=True)
class _Lines:
    """A period's mean, limits and 2σ lines as integer bounds for integer points (scaled): for an
    integer v and any t, v > t exactly when v > ⌊t⌋, and v < t exactly when v < ⌈t⌉; a point equal
    to t is neither. So a point on a line stays on it."""

    mean_floor: int
    mean_ceil: int
    upper: int | None = None  # ⌊upper limit⌋
    lower: int | None = None  # ⌈lower limit⌉
    close_high: int | None = None  # ⌊upper 2σ line⌋
    close_low: int | None = None  # ⌈lower 2σ line⌉

    def side(self, v: int) -> int:
        return (v > self.mean_floor) - (v < self.mean_ceil)


def _runs(flags_at_end: list[int], n: int) -> list[set[int]]:
    """For each point, the directions (+1/−1) of the runs ending at or after it within n−1 points that
    it belongs to: a run of n marks its n points (R: ptd_part_of_seven_trend)."""
    out: list[set[int]] = [set() for _ in flags_at_end]
    for i, d in enumerate(flags_at_end):
        if d:
            for j in range(max(0, i - n + 1), i + 1):
                out[j].add(d)
    return out


def _judge_segment(values: list[int], lines: list[_Lines], n, *, one_trend_a_point: bool) -> list[dict[str, set[int]]]:
    """Each point's rules and their directions over one stretch the runs may cover, each point against
    its own period's `lines`. A point at the turn of a rising and a falling trend keeps both unless
    `one_trend_a_point` (ptd)."""
    size = len(values)
    side = [line.side(v) for v, line in zip(values, lines, strict=True)]
    outside = [0] * size
    close = [0] * size
    for i, v in enumerate(values):
        line = lines[i]
        if line.upper is None:
            continue
        if v > line.upper:
            outside[i] = 1
        elif v < line.lower:
            outside[i] = -1
        elif v > line.close_high:
            close[i] = 1
        elif v < line.close_low:
            close[i] = -1
    # shift: n consecutive points strictly on one side of the mean (a point on it has side 0 and breaks it)
    shift_end = [0] * size
    for i in range(n - 1, size):
        window = side[i - n + 1:i + 1]
        if window[0] != 0 and all(s == window[0] for s in window):
            shift_end[i] = window[0]
    # trend: n points, n − 1 steps each strictly up (or each strictly down); an equal step breaks it
    steps = [_sign(b - a) for a, b in zip(values, values[1:], strict=False)]
    trend_end = [0] * size
    for i in range(n - 1, size):
        window = steps[i - n + 1:i]
        if window[0] != 0 and all(s == window[0] for s in window):
            trend_end[i] = window[0]
    # two of three: a window of three consecutive points all strictly on one side of the mean with at
    # least two beyond that side's 2σ line but inside the limits; only those close points are flagged
    # (R: ptd_two_in_three and ptd_part_of_two_in_three; a close point has the sign of its side).
    two = [set() for _ in range(size)]
    for i in range(size - 2):
        s = side[i]
        if s == 0 or side[i + 1] != s or side[i + 2] != s:
            continue
        near = [j for j in range(i, i + 3) if close[j] == s]
        if len(near) >= 2:
            for j in near:
                two[j].add(s)
    trend = _runs(trend_end, n)
    # ptd: a point in a trend takes the trend's direction; R/ptd_calculate_point_type.R takes the step
    # to the next point when that point is in a trend too ("use right side"), else the step from the
    # last: for a point in two runs at once (a peak) that is the later run's direction. mdc keeps both,
    # and _direction shows the improving one, as for any point caught by rules of both directions.
    for i in range(size if one_trend_a_point else 0):
        if len(trend[i]) > 1:
            nxt = i + 1 < size and trend[i + 1]
            trend[i] = {steps[i] if nxt else steps[i - 1]}
    return [
        {"outside": {outside[i]} - {0}, "trend": trend[i], "two": two[i], "shift": s}
        for i, s in enumerate(_runs(shift_end, n))
    ]


def _direction(rules: dict[str, set[int]], preset: Rules, up: int) -> int:
    """The direction (+1 high, −1 low, 0 none) of a point's special cause.

    ptd: the first rule in precedence outside > trend > two of three > shift
    (R/ptd_calculate_point_type.R, ptd_special_cause_type's case_when).
    mdc: caught by rules of both directions, the improving one (the issue); with no polarity
    (`up` = 1 then) high wins, our choice: the MDC tool leaves it open.
    """
    if preset is Rules.PTD:
        for name in ("outside", "trend", "two", "shift"):
            if rules[name]:
                return next(iter(rules[name]))
        return 0
    found = set().union(*rules.values())
    if not found:
        return 0
    return up if up in found else -up


def _type(direction: int, polarity: Polarity) -> PointType:
    """R's special_cause_neutral_high/_low is one type here, its side kept for the variation icon."""
    if direction == 0:
        return PointType.COMMON
    if polarity == Polarity.NONE:
        return PointType.NEUTRAL
    good = 1 if polarity == Polarity.UP else -1
    return PointType.IMPROVEMENT if direction == good else PointType.CONCERN


def _icon(point_type: PointType | None, direction: int) -> str | None:
    """The MDC variation icon of the last point: its kind and which way it went (improvement_low:
    improving because the values are low, a "smaller is better" indicator)."""
    if point_type is None:
        return None
    if point_type is PointType.COMMON:
        return "common_cause"
    kind = {PointType.IMPROVEMENT: "improvement", PointType.CONCERN: "concern", PointType.NEUTRAL: "neutral"}
    return f"{kind[point_type]}_{'high' if direction > 0 else 'low'}"


def _assurance(limits: tuple[Fraction, Fraction] | None, polarity: Polarity, target: int | None,
               on_limit_beyond: bool) -> Assurance | None:
    """R/ptd_calculate_assurance_type.R: target above the upper limit fails a "higher is better"
    indicator (the process cannot reach it), below the lower limit it always passes; mirrored for
    "smaller is better". mdc counts a target exactly on a limit as beyond it."""
    if target is None or polarity == Polarity.NONE or limits is None:
        return None
    lpl, upl = limits
    above = target >= upl if on_limit_beyond else target > upl
    below = target <= lpl if on_limit_beyond else target < lpl
    good_up = polarity == Polarity.UP
    if above and below:  # a flat process (limits equal) with the target on it, mdc: the target is met
        return Assurance.PASS
    if above:
        return Assurance.FAIL if good_up else Assurance.PASS
    if below:
        return Assurance.PASS if good_up else Assurance.FAIL
    return Assurance.HIT_AND_MISS


def analyse(points, *, polarity=Polarity.UP, target=None, changes=(), baseline=None, rules="mdc",
            screen_outliers=None) -> Result:
    """Judge one indicator's series.

    points: (month, value) pairs, any order, one per month (or quarter); polarity: kpis.domain.terms.Polarity;
    target: the target in force for the last point, in the series' own units (a month's share of a sum's
    target for a monthly series), or None; changes: months that start
    a new process; baseline: the number of points fixing each period's mean and limits, or None;
    rules: "mdc" or "ptd"; screen_outliers: None for the preset's default, or True/False.
    """
    preset_name = Rules(rules)
    preset = PRESETS[preset_name]
    polarity = Polarity(polarity)
    screen = preset.screen_outliers if screen_outliers is None else bool(screen_outliers)
    ordered = sorted((m, v) for m, v in points if v is not None)
    if not ordered:
        return Result(preset_name, [], [], [], [], None, None)
    months = [m for m, _ in ordered]
    values, target, scale = scaled([v for _, v in ordered], target)
    size = len(values)

    # Periods: a change of process starts one (a change on or before the first point starts nothing new).
    starts = [0]
    if not (baseline and preset.baseline_overrides_changes):
        for change in sorted(set(changes)):
            index = next((i for i, m in enumerate(months) if m >= change), None)
            if index and index not in starts:
                starts.append(index)
    bounds = list(zip(starts, [*starts[1:], size], strict=True))

    warnings: list[str] = []
    judged = size >= preset.min_points
    periods: list[Period] = []
    lines: list[_Lines] = [None] * size  # type: ignore[list-item]  # each filled by its period below

    def unscaled(value: Fraction) -> float:
        return float(value / scale)

    for a, b in bounds:
        mean, amr = _period_lines(values[a:b], baseline, screen)
        if preset.warn_below:
            used = min(baseline, b - a) if baseline else b - a
            if used < preset.warn_below:
                what = "baseline" if baseline and baseline <= b - a else "period"
                warnings.append(f"The {what} from {months[a]:%Y-%m} has {used} points, fewer than "
                                f"{preset.warn_below}: its limits are trial limits.")
        if not judged or amr is None:
            periods.append(Period(months[a], months[b - 1], unscaled(mean), None, None))
            last_limits = None
            lines[a:b] = [_Lines(math.floor(mean), math.ceil(mean))] * (b - a)
            continue
        lpl, upl = mean - LIMIT * amr, mean + LIMIT * amr
        periods.append(Period(months[a], months[b - 1], unscaled(mean), unscaled(lpl), unscaled(upl)))
        last_limits = (lpl, upl)
        lines[a:b] = [_Lines(math.floor(mean), math.ceil(mean), math.floor(upl), math.ceil(lpl),
                             math.floor(mean + CLOSE * amr), math.ceil(mean - CLOSE * amr))] * (b - a)

    floats = [v / scale for v in values]  # int / int: the nearest float
    if not judged:
        return Result(preset_name, periods, months, floats, [None] * size, None, None, warnings)

    segments = [(0, size)] if preset.runs_cross_changes else bounds
    found: list[dict[str, set[int]]] = []
    for a, b in segments:
        found += _judge_segment(values[a:b], lines[a:b], preset.run, one_trend_a_point=preset_name is Rules.PTD)
    up = -1 if polarity == Polarity.DOWN else 1
    directions = [_direction(f, preset_name, up) for f in found]
    types = [_type(d, polarity) for d in directions]
    variation = _icon(types[-1], directions[-1])
    assurance = _assurance(last_limits, polarity, target, preset.target_on_limit_is_beyond)
    return Result(preset_name, periods, months, floats, types, variation, assurance, warnings)


# --- every indicator at once ------------------------------------------------------------------


def analyse_frame(frame: pd.DataFrame, indicators: dict[str, dict] | None = None, *, rules="mdc",
                  screen_outliers=None) -> dict[str, Result]:
    """Judge every indicator of a long DataFrame (columns code, month, value) in one pass.

    indicators: per code, the keyword arguments of `analyse` (polarity, target, changes, baseline);
    a code missing there is judged as "higher is better" with no target. pandas groups, orders and
    drops the empty values of thousands of rows at once; the rules then walk each series.
    """
    indicators = indicators or {}
    clean = frame.dropna(subset=["value"]).sort_values(["code", "month"])
    results = {}
    for code, group in clean.groupby("code", sort=True):
        # The values as given (Decimal from the database): ratio() reads each without a float's rounding.
        points = list(zip(group["month"].tolist(), group["value"].tolist(), strict=True))
        results[code] = analyse(points, rules=rules, screen_outliers=screen_outliers, **indicators.get(code, {}))
    return results
