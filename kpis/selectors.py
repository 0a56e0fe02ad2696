"""Reads that several pages share: an indicator's figures, targets and outturns, in the
plain types kpis.rules takes. Each is a fixed number of queries, however many indicators."""

from collections import defaultdict
from decimal import Decimal

from kpis.models import (
    Commentary,
    FocusIndicator,
    Outturn,
    PublishedSummary,
    PublishedValue,
    Reading,
    ReportingYear,
    Target,
)
from kpis.periods import Month, Quarter
from kpis.published import SUMMARY_VALUES, PublishedShare
from kpis.rules import MonthFigure, Series, TargetSpec
from kpis.terms import Flag, Scheme, SummaryMeasure, TargetKind


def series_by_indicator(first: Month, last: Month, *, include_drafts=False) -> dict[int, Series]:
    """Each indicator's readings from `first` to `last`; published (approved) ones only unless asked."""
    readings = Reading.objects.filter(month__gte=first.first_day, month__lte=last.first_day)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    figures = defaultdict(list)
    for indicator_id, month, value, numerator, denominator, flag in readings.values_list(
        "indicator_id", "month", "value", "numerator", "denominator", "flag"
    ).order_by():
        figures[indicator_id].append(MonthFigure(Month.of(month), value, numerator, denominator, Flag(flag)))
    return defaultdict(Series, {key: Series(values) for key, values in figures.items()})


def targets_by_indicator(years: range) -> dict[int, dict[tuple[int, str], TargetSpec]]:
    targets = defaultdict(dict)
    for indicator_id, year, period, value, kind, text in Target.objects.filter(year__in=years).values_list(
        "indicator_id", "year", "period", "value", "kind", "text"
    ).order_by():
        targets[indicator_id][(year, period)] = TargetSpec(value, TargetKind(kind), text=text)
    return targets


def outturns_by_indicator(years: range) -> dict[int, dict[int, Decimal]]:
    outturns = defaultdict(dict)
    for indicator_id, year, value in Outturn.objects.filter(year__in=years, value__isnull=False).values_list(
        "indicator_id", "year", "value"
    ):
        outturns[indicator_id][year] = value
    return outturns


def scheme_of(year: int) -> Scheme:
    reporting_year = ReportingYear.objects.filter(year=year).first()
    return Scheme(reporting_year.scheme) if reporting_year else Scheme.ACHIEVED_FAILED


def quarters_with_data(*, include_drafts=False) -> dict[Quarter, int]:
    """The quarters with at least one figure, latest first, each with how many indicators
    have a figure in it (a quarter holding one annual figure is not a quarter's report)."""
    readings = Reading.objects.filter(value__isnull=False)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    indicators = defaultdict(set)
    for indicator_id, month in readings.order_by().values_list("indicator_id", "month").distinct():
        indicators[Month.of(month).quarter].add(indicator_id)
    return {quarter: len(indicators[quarter]) for quarter in sorted(indicators, reverse=True)}


def commentary_by_indicator(quarter: Quarter) -> dict[int, str]:
    return dict(
        Commentary.objects.filter(year=quarter.year, quarter=quarter.number).values_list("indicator_id", "text")
    )


def published_by_indicator(quarter: Quarter) -> dict[int, dict[str, str]]:
    """What the council printed for each indicator in the quarter: field -> text."""
    published = defaultdict(dict)
    for indicator_id, field, value in PublishedValue.objects.filter(
        year=quarter.year, quarter=quarter.number
    ).values_list("indicator_id", "field", "value").order_by():
        published[indicator_id][field] = value
    return published


def focus_indicator_ids(quarter: Quarter) -> set[int]:
    focus = FocusIndicator.objects.filter(year=quarter.year, quarter=quarter.number)
    return set(focus.values_list("indicator_id", flat=True))


def published_summary(quarter: Quarter) -> dict[SummaryMeasure, dict[str, PublishedShare]] | None:
    """The council's printed quarter summary by measure and value, or None when it printed none."""
    lines = PublishedSummary.objects.filter(year=quarter.year, quarter=quarter.number).values_list(
        "measure", "value", "percent", "count"
    )
    if not lines:
        return None
    printed = {(measure, value): PublishedShare(percent, count) for measure, value, percent, count in lines}
    # In the report's order (achieved before failed, better before worse), not the alphabet's.
    return {
        measure: {v.value: printed[measure, v.value] for v in SUMMARY_VALUES[measure] if (measure, v.value) in printed}
        for measure in SummaryMeasure
    }
