"""Year-end forecasts: where each indicator with a year target is heading, from the year so far.

Plain arithmetic on an indicator's published figures (reports.forecast_data reads them; nothing
here touches the database), the projection at the indicator's precision with a range, and
"at risk of missing the year-end target" by the rules' own status_against (equal counts as met).

How the year-end figure is projected (the method is named on every forecast):

- roll-up "sum": the year so far plus the rest of the year
  - `last_year_profile` where last year's figures are complete and cover this year's months so
    far: the rest goes as it went last year, scaled by how this year's months compare with last
    year's same months (projection = so far / the share of last year's total those months held);
  - else `run_rate`: the average of the figures so far for every figure still due
    (projection = so far / points so far x points a year: 12 monthly, 4 quarterly or termly).
- roll-up latest, rolling, mean, ratio: each remaining figure of the year is projected, then the
  year is rolled up as the indicator is (latest: March's; mean: the mean of the twelve; ratio: the
  mean weighted by the denominators, the remaining months at the average denominator so far)
  - `seasonal` where last year's figures are complete: last year's figure for that month plus
    this year's average difference from last year's same months;
  - else `trend`: a least-squares straight line through this year's figures, read off at each
    remaining month.

The range is "the rest of the year off by as much as the worst month so far": the largest miss of
the method on this year's own figures (a month's figure against what the method says of it),
applied to every remaining figure, both ways. For a sum the miss is proportional (the rest x
(1 +/- the largest |figure / expected - 1|)); for the others it is in the indicator's own units
(latest: +/- the largest miss; mean and ratio: +/- the largest miss x the remaining months' share
of the year). With two points a line fits exactly and the range is nil: read it with `points`.

No forecast with fewer than MIN_POINTS figures this year (one figure is no pace and no spread),
or when a figure of the year is on a new method (the rules never roll those up with old ones).
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kpis.domain.periods import Quarter, year_months
from kpis.domain.rules import YEAR, IndicatorSpec, Series, TargetSpec, comparable_figure, status_against, to_precision
from kpis.domain.terms import Category, Flag, Frequency, Polarity, Rollup, Scheme, Status, TargetKind, Unit

MIN_POINTS = 2
POINTS_PER_YEAR = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.TERMLY: 4, Frequency.ANNUAL: 1}


class Method(StrEnum):
    LAST_YEAR_PROFILE = "last_year_profile"
    RUN_RATE = "run_rate"
    SEASONAL = "seasonal"
    TREND = "trend"


class NoForecast(StrEnum):
    NO_YEAR_TARGET = "no_year_target"
    TOO_FEW_POINTS = "too_few_points"
    NEW_METHOD = "new_method"


@dataclass(frozen=True)
class Inputs:
    """What a forecast reads of one indicator: this year's and last year's figures, its targets
    (the scorecard's, keyed by (year, "Q1".."Q4" | "year")) and its recorded outturns by year."""

    spec: IndicatorSpec
    series: Series
    targets: Mapping[tuple[int, str], TargetSpec] = field(default_factory=dict)
    outturns: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Forecast:
    code: str
    quarter: Quarter  # the figures up to this quarter's end
    year_target: Decimal | None  # the goal at year end (a reduction target: last year's outturn)
    year_target_text: str
    projected: Decimal | None  # at the indicator's precision
    low: Decimal | None
    high: Decimal | None
    method: Method | None
    points: int  # this year's figures the forecast rests on
    at_risk: bool | None  # None: no forecast, no target, or no polarity to miss it by
    no_forecast: NoForecast | None = None


def year_goal(spec: IndicatorSpec, inputs: Inputs, year: int) -> tuple[Decimal | None, str]:
    """The year target the scorecard shows (targets[(year, "year")]): its value when absolute; for a
    reduction target ("Lower than last year"), last year's outturn; otherwise none."""
    target = inputs.targets.get((year, YEAR))
    if target is None:
        return None, ""
    if target.kind is TargetKind.ABSOLUTE and target.value is not None:
        return target.value, target.text
    if target.kind is TargetKind.REDUCTION:
        return year_outturn(spec, inputs, year - 1), target.text
    return None, target.text


def year_outturn(spec: IndicatorSpec, inputs: Inputs, year: int) -> Decimal | None:
    """A year's outturn: its published figures rolled up as the indicator is when the year has all of
    them (twelve for a monthly indicator, four for a quarterly one ...); otherwise the outturn recorded
    for it, or none."""
    months = year_months(year)
    valued = sum(f.value is not None for f in inputs.series.over(months))
    figure = comparable_figure(spec, inputs.series, months, months) if valued >= POINTS_PER_YEAR[spec.frequency] \
        else None
    if figure is None and year in inputs.outturns:
        return to_precision(inputs.outturns[year], spec.decimals)
    return figure


def misses(spec: IndicatorSpec, figure: Decimal, goal: Decimal) -> bool:
    """Whether `figure` misses `goal` by the rules (status_against, polarity-aware, equal is met)."""
    return status_against(spec.polarity, Scheme.ACHIEVED_FAILED, figure, goal, None) is Status.FAILED


def can_be_at_risk(spec: IndicatorSpec) -> bool:
    """A measure with no polarity, or a demand indicator, has no side of a target to miss."""
    return spec.polarity is not Polarity.NONE and spec.category is not Category.DEMAND


def forecast(inputs: Inputs, quarter: Quarter) -> Forecast:
    """One indicator's year-end forecast from its published figures up to `quarter`'s end."""
    spec = inputs.spec
    goal, goal_text = year_goal(spec, inputs, quarter.year)

    def none(reason: NoForecast, points: int = 0) -> Forecast:
        return Forecast(spec.code, quarter, goal, goal_text, None, None, None, None, points, None, reason)

    if goal is None:
        return none(NoForecast.NO_YEAR_TARGET)
    cutoff = quarter.last_month.number - 1  # 0 = April
    this_year = [f for f in inputs.series.over(year_months(quarter.year)[: cutoff + 1])]
    if any(f.flag is Flag.NEW_METHOD for f in this_year):
        return none(NoForecast.NEW_METHOD)
    now = _points(spec, this_year)
    if len(now) < MIN_POINTS:
        return none(NoForecast.TOO_FEW_POINTS, len(now))
    last = _points(spec, inputs.series.over(year_months(quarter.year - 1)))
    if any(f.flag is Flag.NEW_METHOD for f in inputs.series.over(year_months(quarter.year - 1))):
        last = {}
    complete = len(last) >= POINTS_PER_YEAR[spec.frequency] and now.keys() <= last.keys()
    if spec.rollup is Rollup.SUM:
        method, projected, low, high = _sum(spec, now, last if complete else None)
    else:
        method, projected, low, high = _level(spec, now, last if complete else None, cutoff)
    projected, low, high = (_shown(spec, v) for v in (projected, low, high))
    at_risk = misses(spec, projected, goal) if can_be_at_risk(spec) else None
    return Forecast(spec.code, quarter, goal, goal_text, projected, min(low, high), max(low, high), method,
                    len(now), at_risk)


def forecasts(inputs: Mapping[int, Inputs], quarter: Quarter) -> dict[int, Forecast]:
    """Every indicator's forecast (keyed as `inputs` is) from the figures up to `quarter`'s end."""
    return {key: forecast(item, quarter) for key, item in inputs.items()}


# --- the methods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Point:
    value: float
    weight: float  # a ratio's denominator; 1 otherwise


def _points(spec: IndicatorSpec, figures: Iterable) -> dict[int, _Point]:
    """Figures with a value, by their place in the year (0 = April)."""
    points = {}
    for f in figures:
        if f.value is None:
            continue
        weight = float(f.denominator) if spec.rollup is Rollup.RATIO and f.denominator else 1.0
        points[f.month.number - 1] = _Point(float(f.value), weight)
    return points


def _sum(spec, now: dict[int, _Point], last: dict[int, _Point] | None):
    so_far = sum(p.value for p in now.values())
    if last is not None:
        same = sum(last[i].value for i in now)
        total = sum(p.value for p in last.values())
        if same > 0 and total > 0:
            scale = so_far / same
            expected = {i: last[i].value * scale for i in now}
            return _sum_range(Method.LAST_YEAR_PROFILE, now, expected, so_far, (total - same) * scale)
    pace = so_far / len(now)
    rest = pace * (POINTS_PER_YEAR[spec.frequency] - len(now))
    return _sum_range(Method.RUN_RATE, now, dict.fromkeys(now, pace), so_far, max(rest, 0.0))


def _sum_range(method: Method, now, expected, so_far: float, rest: float):
    miss = max((abs(now[i].value / expected[i] - 1) for i in now if expected[i]), default=0.0)
    return method, so_far + rest, so_far + rest * (1 - miss), so_far + rest * (1 + miss)


def _level(spec, now: dict[int, _Point], last: dict[int, _Point] | None, cutoff: int):
    if last is not None:
        offset = sum(now[i].value - last[i].value for i in now) / len(now)
        method, fitted = Method.SEASONAL, {i: p.value + offset for i, p in last.items()}
        due = sorted(last)
    else:
        slope, intercept = _least_squares([(i, p.value) for i, p in now.items()])
        method, due = Method.TREND, _due(spec.frequency)
        fitted = {i: intercept + slope * i for i in range(12)}
    rest = [i for i in due if i > cutoff]
    miss = max(abs(p.value - fitted[i]) for i, p in now.items())
    if spec.rollup in (Rollup.LATEST, Rollup.ROLLING):
        year_end = fitted[rest[-1]] if rest else now[max(now)].value
        return method, year_end, year_end - miss, year_end + miss
    weight = sum(p.weight for p in now.values()) / len(now)
    total_weight = sum(p.weight for p in now.values()) + weight * len(rest)
    year = (sum(p.value * p.weight for p in now.values()) + sum(fitted[i] * weight for i in rest)) / total_weight
    spread = miss * weight * len(rest) / total_weight
    return method, year, year - spread, year + spread


def _due(frequency: Frequency) -> list[int]:
    """Where in the year (0 = April) an indicator of `frequency` has its figures."""
    step = 12 // POINTS_PER_YEAR[frequency]
    return list(range(step - 1, 12, step))


def _least_squares(points: list[tuple[int, float]]) -> tuple[float, float]:
    """The slope and intercept of the least-squares line through `points` (flat when they share one x)."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
    return slope, mean_y - slope * mean_x


def _shown(spec: IndicatorSpec, value: float) -> Decimal:
    """At the indicator's precision, within its unit's bounds (a percentage 0-100; only a plain
    number may be negative)."""
    if spec.unit is Unit.PERCENT:
        value = min(max(value, 0.0), 100.0)
    elif spec.unit is not Unit.NUMBER:
        value = max(value, 0.0)
    return to_precision(Decimal(repr(value)), spec.decimals)


# --- the back-test -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """How a quarter's at-risk flags fared at year end: counts, and the shares they give."""

    flagged_missed: int = 0  # flagged, and the target was missed
    flagged_met: int = 0
    unflagged_missed: int = 0
    unflagged_met: int = 0
    no_forecast: int = 0  # judged at year end, but no forecast could be made at the quarter

    @property
    def flagged(self) -> int:
        return self.flagged_missed + self.flagged_met

    @property
    def judged(self) -> int:
        return self.flagged + self.unflagged_missed + self.unflagged_met

    @property
    def correct(self) -> int:
        return self.flagged_missed + self.unflagged_met

    @property
    def precision(self) -> float | None:
        """Of those flagged, the share that did miss."""
        return self.flagged_missed / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        """Of those that missed, the share flagged."""
        missed = self.flagged_missed + self.unflagged_missed
        return self.flagged_missed / missed if missed else None

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.judged if self.judged else None


def at_risk(inputs: Inputs, quarter: Quarter) -> bool | None:
    """The forecast's flag: what the back-test scores."""
    return forecast(inputs, quarter).at_risk


def backtest(inputs: Mapping[int, Inputs], year: int, quarters: Iterable[int] = (2, 3),
             flag: Callable[[Inputs, Quarter], bool | None] = at_risk) -> dict[int, Score]:
    """For each quarter, the flags (`flag`, the forecast's at-risk by default) from the figures up to
    its end against whether the year's outturn (year_outturn) missed the year target. Only indicators
    that can be at risk, with a year target and an outturn, are counted; `inputs` hold the whole
    year's figures."""
    scores = {}
    for number in quarters:
        quarter, counts = Quarter(year, number), dict.fromkeys(Score.__dataclass_fields__, 0)
        for item in inputs.values():
            spec = item.spec
            goal, _ = year_goal(spec, item, year)
            outturn = year_outturn(spec, item, year)
            if not can_be_at_risk(spec) or goal is None or outturn is None:
                continue
            seen = Inputs(spec, item.series.until(quarter.last_month), item.targets, item.outturns)
            flagged = flag(seen, quarter)
            missed = misses(spec, outturn, goal)
            if flagged is None:
                counts["no_forecast"] += 1
            else:
                counts[f"{'flagged' if flagged else 'unflagged'}_{'missed' if missed else 'met'}"] += 1
        scores[number] = Score(**counts)
    return scores

