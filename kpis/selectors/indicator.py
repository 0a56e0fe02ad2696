"""One indicator's page: the financial years it has figures for, one year's figures, targets
and benchmarks for its chart, and every quarter's commentary."""

from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.periods import Month, Quarter
from kpis.domain.rules import MonthFigure, Series, TargetSpec
from kpis.domain.terms import Flag, TargetKind
from kpis.models import Benchmark, Reading, Target
from kpis.selectors.scorecard import draft_mark


@dataclass(frozen=True)
class QuarterCommentary:
    """An indicator's commentary on a quarter as its page shows it: the published words, and
    (for those who see drafts) newer words not yet approved."""

    period: Quarter
    published: str
    draft: str = ""


def commentaries_of(indicator, *, include_drafts=False) -> list[QuarterCommentary]:
    """Every quarter's commentary of `indicator`, latest first."""
    shown = []
    for year, quarter, text, published in indicator.commentaries.order_by("-year", "-quarter").values_list(
            "year", "quarter", "text", "published_text"):
        draft = text if include_drafts and text != published else ""
        if published or draft:
            shown.append(QuarterCommentary(Quarter(year, quarter), published, draft))
    return shown


@dataclass(frozen=True)
class BenchmarkFigure:
    """A national, regional ... figure shown beside an indicator's chart; never a target."""

    kind: str
    year: int
    value: Decimal
    text: str = ""


@dataclass(frozen=True)
class IndicatorYear:
    """What the indicator page shows of financial year `year`, in the plain types kpis.domain.rules takes."""

    year: int
    series: Series  # April two years before `year` to March after it: the rules look back that far
    targets: dict[tuple[int, str], TargetSpec]
    benchmarks: list[BenchmarkFigure]
    drafts: dict[Month, str]  # each unpublished month shown, with its mark


def indicator_years(indicator, *, include_drafts=False) -> list[int]:
    """The financial years with a figure of `indicator`, latest first, and for an active one the
    council's latest year too: an annual or in-arrears indicator is on that year's scorecard
    (reported on an earlier figure), so its page for that year must exist."""
    readings = Reading.objects.filter(value__isnull=False)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    months = readings.filter(indicator=indicator).order_by().values_list("month", flat=True).distinct()
    years = {Month.of(month).financial_year for month in months}
    latest = readings.order_by("-month").values_list("month", flat=True).first()
    if years and indicator.active and latest:
        years.add(Month.of(latest).financial_year)
    return sorted(years, reverse=True)


def indicator_year(indicator, year: int, *, include_drafts=False) -> IndicatorYear:
    """One indicator's figures, targets and benchmarks for the chart of financial year `year`
    (2016 = 2016/17); published figures only unless asked. Its quarters' statuses and arrows
    come from reports.scorecards.indicator_quarters, as every scorecard's do."""
    readings = Reading.objects.filter(
        indicator=indicator, month__gte=Month(year - 2, 4).first_day, month__lte=Month(year + 1, 3).first_day
    )
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    figures, drafts = [], {}
    for month, value, numerator, denominator, flag, state in readings.order_by().values_list(
        "month", "value", "numerator", "denominator", "flag", "state"
    ):
        figures.append(MonthFigure(Month.of(month), value, numerator, denominator, Flag(flag)))
        if state != Reading.State.APPROVED:
            drafts[Month.of(month)] = draft_mark(state)
    series = Series(figures)
    targets = {
        (target_year, period): TargetSpec(value, TargetKind(kind), text=text)
        for target_year, period, value, kind, text in Target.objects.filter(
            indicator=indicator, year__in=(year - 1, year)
        ).values_list("year", "period", "value", "kind", "text")
    }
    return IndicatorYear(
        year=year,
        series=series,
        targets=targets,
        benchmarks=_latest_benchmarks(indicator, year),
        drafts=drafts,
    )


def _latest_benchmarks(indicator, year: int) -> list[BenchmarkFigure]:
    """Each kind's latest benchmark up to `year`: a national average is published a year or more late."""

    latest = {}
    for kind, benchmark_year, value, text in Benchmark.objects.filter(
        indicator=indicator, year__lte=year, value__isnull=False
    ).order_by("year").values_list("kind", "year", "value", "text"):
        latest[kind] = BenchmarkFigure(kind, benchmark_year, value, text)
    return sorted(latest.values(), key=lambda b: b.kind)
