"""A month as an officer enters it: what the rules say of the figures typed, before they are
saved (the month sheet shows it; submission asks it of a failing figure)."""

from dataclasses import dataclass

from kpis.domain.periods import Month
from kpis.domain.rules import (
    MonthFigure,
    QuarterResult,
    Series,
    TargetSpec,
    assess_quarter,
    quarter_target,
    status_against,
    to_precision,
)
from kpis.domain.terms import Category, Polarity, Status, TargetKind
from kpis.selectors.scorecard import outturns_by_indicator, scheme_of, series_by_indicator, targets_by_indicator


@dataclass(frozen=True)
class MonthStatus:
    """What the rules say of a month as entered: the month alone against the quarter's
    target, and the quarter to date (refuse bins in December 2016: the month meets 98.5,
    the year to date 97.9 fails)."""

    month_status: Status | None
    quarter: QuarterResult
    target: TargetSpec | None = None  # the quarter's, which the month alone is judged against


def statuses_for_month(indicators, month: Month, entered: dict[int, MonthFigure | None], *,
                       include_drafts=True) -> dict[int, MonthStatus]:
    """The rules' statuses for `month` with the `entered` figures (indicator id -> figure, or
    None to leave the month empty) in place of what is stored. A fixed number of queries."""
    quarter, only = month.quarter, [indicator.id for indicator in indicators]  # a service's, not the council's
    series = series_by_indicator(Month(month.financial_year - 2, 4), month, include_drafts=include_drafts, only=only)
    targets = targets_by_indicator(range(quarter.year - 2, quarter.year + 1), only=only)
    outturns = outturns_by_indicator(range(quarter.year - 3, quarter.year), only=only)
    scheme = scheme_of(quarter.year)
    statuses = {}
    for indicator in indicators:
        spec = indicator.spec()
        figures = {f.month: f for f in series[indicator.id].over(month.shifted(-i) for i in range(36))}
        if indicator.id in entered:
            figures.pop(month, None)
            if entered[indicator.id] is not None:
                figures[month] = entered[indicator.id]
        own_targets = targets.get(indicator.id, {})
        result = assess_quarter(spec, Series(figures.values()), own_targets, quarter, scheme,
                                outturns.get(indicator.id, {}))
        target = quarter_target(spec, own_targets, quarter)
        figure = figures.get(month)
        month_status = None
        if figure and figure.value is not None and target and target.kind is TargetKind.ABSOLUTE \
                and target.value is not None and spec.polarity is not Polarity.NONE \
                and spec.category is not Category.DEMAND:
            month_status = status_against(spec.polarity, scheme, to_precision(figure.value, spec.decimals),
                                          target.value, spec.tolerance)
        statuses[indicator.id] = MonthStatus(month_status, result, target)
    return statuses
