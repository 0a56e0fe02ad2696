"""The council's performance rules. Pure Python: no Django, no database.

Given an indicator's attributes, its monthly figures and its targets, decide for a
quarter: the figure, the target, Achieved/Failed (or Red/Amber/Green), and the
direction of travel against last year and last quarter. Everything that shows a
status (page, chart, workbook, JSON) asks these functions; nothing recomputes one.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from kpis.domain.periods import Month, Quarter
from kpis.domain.terms import (
    MET_STATUSES,
    Category,
    Direction,
    Flag,
    Frequency,
    NoStatus,
    Polarity,
    Rollup,
    Scheme,
    Section,
    Status,
    TargetBasis,
    TargetKind,
    Unit,
)

YEAR = "year"
# How far back an in-arrears indicator may look for its latest figure: an annual
# figure reported in Q3 may be last March's.
ARREARS_LOOKBACK_QUARTERS = 4


@dataclass(frozen=True)
class IndicatorSpec:
    """What the rules need to know of an indicator."""

    code: str
    category: Category = Category.KPI
    unit: Unit = Unit.NUMBER
    decimals: int = 0
    polarity: Polarity = Polarity.UP
    frequency: Frequency = Frequency.MONTHLY
    rollup: Rollup = Rollup.LATEST
    target_basis: TargetBasis = TargetBasis.YTD
    tolerance: Decimal | None = None
    per: Decimal = Decimal(100)  # a ratio's scale: numerator / denominator x per


@dataclass(frozen=True)
class MonthFigure:
    """One month's reading."""

    month: Month
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    flag: Flag = Flag.NONE


@dataclass(frozen=True)
class TargetSpec:
    value: Decimal | None
    kind: TargetKind = TargetKind.ABSOLUTE
    profiled: bool = False  # derived from the year target, not set for the quarter
    text: str = ""  # as printed ("650 by year end"); a profiled target keeps its year target's


# Targets of an indicator keyed by (financial year, "Q1".."Q4" or "year").
Targets = Mapping[tuple[int, str], TargetSpec]


class Series:
    """An indicator's monthly figures, looked up by month (by its ordinal, a plain number: a
    council's scorecard looks up some hundred thousand)."""

    def __init__(self, figures: Iterable[MonthFigure] = ()):
        self._by_month = {figure.month.ordinal: figure for figure in figures}

    def at(self, month: Month) -> MonthFigure | None:
        return self._by_month.get(month.ordinal)

    def over(self, months: Iterable[Month]) -> list[MonthFigure]:
        get = self._by_month.get
        return [figure for m in months if (figure := get(m.ordinal)) is not None]

    def until(self, last: Month) -> "Series":
        """The figures up to `last` and no later: the series as a quarter ending then sees it."""
        return Series(figure for figure in self._by_month.values() if figure.month <= last)

    def has_value(self, months: Iterable[Month]) -> bool:
        get = self._by_month.get
        for m in months:
            figure = get(m.ordinal)
            if figure is not None and figure.value is not None:
                return True
        return False


@dataclass(frozen=True)
class QuarterResult:
    quarter: Quarter  # the reporting quarter
    period: Quarter  # the quarter the figure is for (earlier when in arrears)
    figure: Decimal | None  # at the indicator's precision, as reported
    target: Decimal | None
    target_kind: TargetKind | None
    year_target: Decimal | None
    status: Status | None
    no_status_reason: NoStatus | None
    dot_year: Direction | None
    dot_quarter: Direction | None
    last_year_figure: Decimal | None = None
    target_text: str = ""  # the printed text of the target judged against
    year_target_text: str = ""

    @property
    def in_arrears(self) -> bool:
        return self.period != self.quarter


# --- figures ---------------------------------------------------------------------------


def to_precision(value: Decimal, decimals: int) -> Decimal:
    """Round half up to the indicator's decimals, as a council prints its figures."""
    return value.quantize(_unit(decimals), rounding=ROUND_HALF_UP)


@lru_cache(maxsize=64)
def _unit(decimals: int) -> Decimal:
    """1, 0.1, 0.01 ...: the step of `decimals` places (exact, whatever the context)."""
    return Decimal(1).scaleb(-decimals)


def roll_up(spec: IndicatorSpec, figures: Iterable[MonthFigure]) -> Decimal | None:
    """Months into one figure by the indicator's roll-up; None when no month has a value."""
    valued = [f for f in figures if f.value is not None]
    if not valued:
        return None
    values = [f.value for f in valued]
    match spec.rollup:
        case Rollup.SUM:
            return sum(values, Decimal(0))
        case Rollup.MEAN:
            return sum(values, Decimal(0)) / len(values)
        case Rollup.RATIO:
            # "821 of 1073 service users = 76.51%": pool the parts, do not average the percentages.
            if all(f.numerator is not None and f.denominator for f in valued):
                numerator = sum((f.numerator for f in valued), Decimal(0))
                denominator = sum((f.denominator for f in valued), Decimal(0))
                return numerator / denominator * spec.per
            return sum(values, Decimal(0)) / len(values)
        case Rollup.LATEST | Rollup.ROLLING:
            return max(valued, key=lambda f: f.month).value
    raise ValueError(f"unknown roll-up {spec.rollup!r}")


def span(spec: IndicatorSpec, quarter: Quarter) -> tuple[Month, ...]:
    """The months a quarter's figure covers: April to the quarter's end, or the quarter alone."""
    return quarter.months_to_date if spec.target_basis is TargetBasis.YTD else quarter.months


def _has_new_method(figures: Iterable[MonthFigure]) -> bool:
    return any(f.flag is Flag.NEW_METHOD for f in figures)


def comparable_figure(
    spec: IndicatorSpec, series: Series, months: tuple[Month, ...], due: tuple[Month, ...]
) -> Decimal | None:
    """The roll-up of `months` at the indicator's precision, or None when it cannot be
    compared: no value in the `due` months, or a change of method inside the span."""
    return _comparable(spec, series, series.over(months), due)


def _comparable(
    spec: IndicatorSpec, series: Series, figures: list[MonthFigure], due: Iterable[Month]
) -> Decimal | None:
    """comparable_figure of the months whose figures (series.over) are `figures`."""
    if _has_new_method(figures) or not series.has_value(due):
        return None
    return to_precision(roll_up(spec, figures), spec.decimals)


def quarter_figure(spec: IndicatorSpec, series: Series, quarter: Quarter) -> Decimal | None:
    """The quarter's figure by the indicator's target basis ("Qtr 3 YTD" or the quarter alone)."""
    return comparable_figure(spec, series, span(spec, quarter), quarter.months)


def in_quarter_figure(spec: IndicatorSpec, series: Series, quarter: Quarter) -> Decimal | None:
    """The quarter's own months by the roll-up: for sum indicators the in-quarter amount,
    never the growing year-to-date total (for the DOT since last quarter)."""
    return comparable_figure(spec, series, quarter.months, quarter.months)


def same_span_last_year(
    spec: IndicatorSpec, series: Series, quarter: Quarter, outturns: Mapping[int, Decimal]
) -> Decimal | None:
    """What this quarter's figure is compared with "since last year".

    The same span of last year: "Qtr N YTD" for a ytd basis, the same quarter for a
    quarter basis, the same month for a snapshot. Last year's span must hold figures for
    the same months as this year's, or it is not the same span. In Q4 last year's outturn
    stands in when its readings fall short, but only where the span is the whole year;
    there is no other fallback and no invented figure.
    """
    return _same_span_last_year(spec, series, quarter, outturns, series.over(span(spec, quarter)))


def _same_span_last_year(
    spec: IndicatorSpec, series: Series, quarter: Quarter, outturns: Mapping[int, Decimal],
    figures: list[MonthFigure],
) -> Decimal | None:
    """same_span_last_year, given this year's `figures` (series.over(span(spec, quarter)))."""
    this_year = [f.month for f in figures if f.value is not None]
    if spec.rollup in (Rollup.LATEST, Rollup.ROLLING):
        if not this_year:
            return None
        figure = _month_figure(spec, series, max(this_year).last_year())
    else:
        last = quarter.last_year()
        last_figures = series.over(span(spec, last))
        same_months = [m.last_year() for m in this_year] == [f.month for f in last_figures if f.value is not None]
        # quarter_figure(spec, series, last)
        figure = _comparable(spec, series, last_figures, last.months) if same_months else None
    whole_year = spec.target_basis is TargetBasis.YTD or spec.rollup in (Rollup.LATEST, Rollup.ROLLING)
    if figure is None and quarter.number == 4 and whole_year and quarter.year - 1 in outturns:
        figure = to_precision(outturns[quarter.year - 1], spec.decimals)
    return figure


# --- targets ---------------------------------------------------------------------------


def quarter_target(spec: IndicatorSpec, targets: Targets, quarter: Quarter) -> TargetSpec | None:
    """The target a quarter's figure is judged against.

    The quarter's own target where given. Otherwise the year target: for sum
    indicators profiled through the year ("650 by year end" -> Q3 487.5 = 650 x 9/12,
    or a quarter's share for a quarter basis); for the others, the year target as it is.
    In Q4 a ytd profile reaches the year target itself. A quarter-basis sum is judged
    on the quarter's own amount, so its Q4 target stays a quarter's share (year / 4).
    """
    own = targets.get((quarter.year, f"Q{quarter.number}"))
    if own is not None:
        return own
    year = targets.get((quarter.year, YEAR))
    if year is None or year.kind is not TargetKind.ABSOLUTE or year.value is None:
        return year
    if spec.rollup is not Rollup.SUM:
        return year
    value = year.value * quarter.months_elapsed / 12 if spec.target_basis is TargetBasis.YTD else year.value / 4
    return TargetSpec(value=value, kind=TargetKind.ABSOLUTE, profiled=True, text=year.text)


# --- status ----------------------------------------------------------------------------


def status_against(
    polarity: Polarity, scheme: Scheme, figure: Decimal, goal: Decimal, tolerance: Decimal | None
) -> Status:
    """Met or missed, polarity-aware; equal counts as met.

    Since 2016 "performance worse than target, regardless of the margin, has failed".
    In a RAG year a miss within the tolerance is Amber; with no tolerance, Red.
    """
    shortfall = goal - figure if polarity is Polarity.UP else figure - goal
    if shortfall <= 0:
        return Status.ACHIEVED if scheme is Scheme.ACHIEVED_FAILED else Status.GREEN
    if scheme is Scheme.ACHIEVED_FAILED:
        return Status.FAILED
    if tolerance is not None and shortfall <= tolerance:
        return Status.AMBER
    return Status.RED


def direction(spec: IndicatorSpec, now: Decimal | None, before: Decimal | None) -> Direction | None:
    """Better / Static / Worse, "Static" meaning equal at the indicator's precision.
    For a measure with no polarity: Higher / Static / Lower. None when a side is missing."""
    if now is None or before is None:
        return None
    now, before = to_precision(now, spec.decimals), to_precision(before, spec.decimals)
    if now == before:
        return Direction.STATIC
    if spec.polarity is Polarity.NONE:
        return Direction.HIGHER if now > before else Direction.LOWER
    improved = now > before if spec.polarity is Polarity.UP else now < before
    return Direction.BETTER if improved else Direction.WORSE


def month_direction(spec: IndicatorSpec, series: Series, month: Month) -> Direction | None:
    """Month on month: this month's value against the previous month's."""
    before, now = (_month_figure(spec, series, m) for m in (month.previous(), month))
    return direction(spec, now, before)


def _month_figure(spec: IndicatorSpec, series: Series, month: Month) -> Decimal | None:
    """comparable_figure(spec, series, (month,), (month,)), without building the spans."""
    figure = series.at(month)
    if figure is None or figure.value is None or figure.flag is Flag.NEW_METHOD:
        return None
    return to_precision(roll_up(spec, (figure,)), spec.decimals)


def reported_period(series: Series, quarter: Quarter) -> Quarter:
    """The quarter a figure is reported for.

    Thurrock reports an in-arrears indicator on its latest period with a figure
    ("Q2 figure - Q3 in arrears") and counts it with that period's status
    (appendix 1, Q3 2016/17: the reoffending row).
    """
    if series.has_value(quarter.months) or not any(f.flag is Flag.IN_ARREARS for f in series.over(quarter.months)):
        return quarter
    period = quarter
    for _ in range(ARREARS_LOOKBACK_QUARTERS):
        period = period.previous()
        if series.has_value(period.months):
            return period
    return quarter


def _not_due(spec: IndicatorSpec, series: Series, quarter: Quarter) -> bool:
    if any(f.flag is Flag.NOT_DUE for f in series.over(quarter.months)):
        return True
    return spec.frequency is Frequency.ANNUAL and quarter.number != 4


def assess_quarter(
    spec: IndicatorSpec,
    series: Series,
    targets: Targets,
    quarter: Quarter,
    scheme: Scheme = Scheme.ACHIEVED_FAILED,
    outturns: Mapping[int, Decimal] | None = None,
) -> QuarterResult:
    """Everything the scorecard says of one indicator in one quarter."""
    outturns = outturns or {}
    period = reported_period(series, quarter)
    target = quarter_target(spec, targets, period)
    if target is None and period != quarter:
        target = quarter_target(spec, targets, quarter)
    # The year target shown is the reporting year's, even when the figure is last year's.
    year_target = targets.get((quarter.year, YEAR))

    figures = series.over(span(spec, period))
    if _has_new_method(figures):
        # A new-method figure stands alone: never rolled up with old-method months, never judged.
        new = roll_up(spec, [f for f in figures if f.flag is Flag.NEW_METHOD])
        figure = to_precision(new, spec.decimals) if new is not None else None
        return _result(quarter, period, target, year_target, figure=figure, no_status_reason=NoStatus.NEW_METHOD)
    figure = _comparable(spec, series, figures, period.months)  # quarter_figure(spec, series, period)
    if figure is None:
        reason = NoStatus.NOT_DUE if _not_due(spec, series, period) else NoStatus.NO_FIGURE
        return _result(quarter, period, target, year_target, no_status_reason=reason)

    last_year = _same_span_last_year(spec, series, period, outturns, figures)
    status, reason = judge(spec, scheme, figure, target, last_year)
    return _result(
        quarter, period, target, year_target,
        # A reduction target is last year's same span.
        target_value=last_year if target is not None and target.kind is TargetKind.REDUCTION else _OWN,
        figure=figure,
        last_year_figure=last_year,
        dot_year=direction(spec, figure, last_year),
        dot_quarter=direction(
            spec, in_quarter_figure(spec, series, period), in_quarter_figure(spec, series, period.previous())
        ),
        status=status,
        no_status_reason=reason,
    )


_OWN = object()  # _result's target_value: the target's own value


def _result(
    quarter: Quarter, period: Quarter, target: TargetSpec | None, year_target: TargetSpec | None, *,
    target_value: Decimal | None = _OWN, figure: Decimal | None = None, last_year_figure: Decimal | None = None,
    dot_year: Direction | None = None, dot_quarter: Direction | None = None, status: Status | None = None,
    no_status_reason: NoStatus | None = None,
) -> QuarterResult:
    """The quarter's result: the targets it is judged against (`target_value` in place of the
    target's own, when given) and what was found of its figure."""
    return QuarterResult(
        quarter=quarter,
        period=period,
        figure=figure,
        target=target_value if target_value is not _OWN else target.value if target else None,
        target_kind=target.kind if target else None,
        year_target=year_target.value if year_target else None,
        target_text=target.text if target else "",
        year_target_text=year_target.text if year_target else "",
        status=status,
        no_status_reason=no_status_reason,
        dot_year=dot_year,
        dot_quarter=dot_quarter,
        last_year_figure=last_year_figure,
    )


def judge(
    spec: IndicatorSpec,
    scheme: Scheme,
    figure: Decimal,
    target: TargetSpec | None,
    last_year: Decimal | None,
) -> tuple[Status | None, NoStatus | None]:
    """A status, or the reason there is none. Never a guess."""
    if target is not None and target.kind is TargetKind.BASELINE:
        return None, NoStatus.BASELINE_ONLY
    # Demand indicators have a direction of travel but no status; a measure with no
    # polarity has no side of a target to be on.
    if spec.category is Category.DEMAND or spec.polarity is Polarity.NONE:
        return None, NoStatus.NO_TARGET
    if target is None or target.kind is TargetKind.NONE:
        return None, NoStatus.NO_TARGET
    # "Reduction" / "Lower than 2015/16": the target is last year's same span.
    goal = last_year if target.kind is TargetKind.REDUCTION else target.value
    if goal is None:
        return None, NoStatus.NO_TARGET
    return status_against(spec.polarity, scheme, figure, goal, spec.tolerance), None


def section_of(category: Category, status: Status | None) -> Section:
    """Where a row sits in the appendix: corporate KPIs by their status, then the
    health/wealth of the borough, then the demand indicators."""
    if category is Category.DEMAND:
        return Section.DEMAND
    if category is Category.CONTEXT:
        return Section.CONTEXT
    if status is None:
        return Section.NO_STATUS
    return Section.ACHIEVING if status in MET_STATUSES else Section.FAILING


def needs_commentary(status: Status | None) -> bool:
    """Thurrock's appendix 1b: a status short of its target (Failed, Amber or Red) needs its
    cause, action and forecast. The page's note, the workbook's 1b sheet and submission ask this."""
    return status is not None and status not in MET_STATUSES

