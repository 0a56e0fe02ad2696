"""The scorecard of a year and quarter: one read that the page, the charts, the JSON
command and the Excel appendix all use. It returns plain rows; it never writes.

Beside each computed value sits what the council printed (kpis/published.py), so a
reader sees where the product and the paper disagree. The computed values come from
kpis.rules alone and never read the printed ones.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from kpis import published
from kpis.models import Indicator
from kpis.periods import Month, Quarter
from kpis.published import PublishedShare, agreement, month_pair_field, published_direction, published_status_of
from kpis.rules import QuarterResult, QuarterSummary, assess_quarter, month_direction, section_of, span, summarise
from kpis.selectors import (
    draft_months,
    commentary_by_indicator,
    focus_indicator_ids,
    outturns_by_indicator,
    published_by_indicator,
    published_summary,
    scheme_of,
    series_by_indicator,
    targets_by_indicator,
)
from kpis.terms import Category, Direction, Frequency, Polarity, Scheme, Section, Status, SummaryMeasure, Unit

# In-arrears figures may come from last year, and are compared with the year before.
YEARS_BACK = 2


@dataclass(frozen=True)
class ScorecardRow:
    code: str
    title: str
    category: Category
    section: Section
    portfolio: str
    portfolio_holder: str
    directorate: str
    unit: Unit
    decimals: int
    result: QuarterResult
    polarity: Polarity = Polarity.UP
    # Month on month within the quarter: ("DOT between Month 7 and Month 6", ...).
    dot_months: tuple[tuple[Month, Direction | None], ...] = ()
    commentary: str = ""
    in_focus: bool = False
    # What the council printed (field -> text), and what it means.
    published: Mapping[str, str] = field(default_factory=dict)
    published_status: Status | None = None
    published_dot_year: Direction | None = None
    published_dot_quarter: Direction | None = None
    agrees: bool | None = None
    agrees_dot_year: bool | None = None
    indicator_id: int = 0
    portfolio_slug: str = ""
    # The year's months that have a figure, up to the quarter's end: never padded.
    sparkline: tuple[tuple[Month, Decimal], ...] = ()
    includes_draft: bool = False  # only ever true when drafts were asked for
    frequency: Frequency = Frequency.MONTHLY

    def as_dict(self) -> dict:
        """The row as the `scorecard` command prints it."""
        r = self.result
        return {
            "code": self.code,
            "title": self.title,
            "category": self.category.value,
            "section": self.section.value,
            "portfolio": self.portfolio,
            "portfolio_holder": self.portfolio_holder,
            "directorate": self.directorate,
            "period": str(r.period),
            "in_arrears": r.in_arrears,
            "figure": r.figure,
            "target": r.target,
            "target_text": r.target_text,
            "year_target": r.year_target,
            "year_target_text": r.year_target_text,
            "status": r.status and r.status.value,
            "no_status_reason": r.no_status_reason and r.no_status_reason.value,
            "dot_year": r.dot_year and r.dot_year.value,
            "dot_quarter": r.dot_quarter and r.dot_quarter.value,
            "dot_months": {str(month): d and d.value for month, d in self.dot_months},
            "published_status": self.published_status and self.published_status.value,
            "published_dot_year": self.published_dot_year and self.published_dot_year.value,
            "agrees": self.agrees,
            "agrees_dot_year": self.agrees_dot_year,
            "in_focus": self.in_focus,
            "commentary": self.commentary,
        }

    def as_flat_dict(self) -> dict:
        """as_dict for a CSV: the month-on-month arrows as columns dot_month_7_6 ..."""
        flat = self.as_dict()
        del flat["dot_months"]
        return flat | {month_pair_field(month): d and d.value for month, d in self.dot_months}


@dataclass(frozen=True)
class Scorecard:
    quarter: Quarter
    scheme: Scheme
    rows: list[ScorecardRow]
    summary: QuarterSummary
    # The council's printed summary, by measure and value ("achieved"), or None.
    published_summary: dict[SummaryMeasure, dict[str, PublishedShare]] | None = None

    def of_portfolio(self, slug: str) -> list[ScorecardRow]:
        """The rows of a portfolio holder's table: its KPIs and health/wealth indicators (demand
        indicators have no target or performance to report)."""
        return [row for row in self.rows if row.portfolio_slug == slug and row.category is not Category.DEMAND]


def scorecard_for(year: int, quarter: int, *, include_drafts: bool = False) -> Scorecard:
    """Every active indicator assessed for financial year `year` (2016 = 2016/17), quarter 1-4.

    A fixed number of queries, however many indicators."""
    period = Quarter(year, quarter)
    scheme = scheme_of(year)
    indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
    series = series_by_indicator(Month(year - YEARS_BACK, 4), period.last_month, include_drafts=include_drafts)
    targets = targets_by_indicator(range(year - YEARS_BACK, year + 1))
    outturns = outturns_by_indicator(range(year - YEARS_BACK - 1, year))
    commentary = commentary_by_indicator(period, include_drafts=include_drafts)
    focus = focus_indicator_ids(period)
    printed = published_by_indicator(period)
    drafts = draft_months(Month(year - YEARS_BACK, 4), period.last_month) if include_drafts else set()
    rows = []
    for indicator in indicators:
        spec = indicator.spec()
        result = assess_quarter(
            spec, series[indicator.id], targets.get(indicator.id, {}), period, scheme, outturns.get(indicator.id, {})
        )
        values = printed.get(indicator.id, {})
        status = published_status_of(values)
        dot_year = published_direction(values.get(published.DOT_YEAR), spec.polarity)
        rows.append(
            ScorecardRow(
                code=indicator.code,
                title=indicator.title,
                category=spec.category,
                section=section_of(spec.category, result.status),
                portfolio=indicator.portfolio.name if indicator.portfolio else "",
                portfolio_holder=indicator.portfolio.holder if indicator.portfolio else "",
                directorate=indicator.directorate.name if indicator.directorate else "",
                unit=spec.unit,
                decimals=spec.decimals,
                result=result,
                polarity=spec.polarity,
                dot_months=tuple((m, month_direction(spec, series[indicator.id], m)) for m in period.months),
                commentary=commentary.get(indicator.id, ""),
                in_focus=indicator.id in focus,
                published=values,
                published_status=status,
                published_dot_year=dot_year,
                published_dot_quarter=published_direction(values.get(published.DOT_QUARTER), spec.polarity),
                agrees=agreement(result.status, status),
                agrees_dot_year=agreement(result.dot_year, dot_year),
                indicator_id=indicator.id,
                portfolio_slug=indicator.portfolio.slug if indicator.portfolio else "",
                sparkline=tuple((f.month, f.value) for f in series[indicator.id].over(period.months_to_date)
                                if f.value is not None),
                includes_draft=any((indicator.id, m) in drafts for m in span(spec, result.period)),
                frequency=spec.frequency,
            )
        )
    summary = summarise(((row.category, row.result) for row in rows), scheme)
    return Scorecard(
        quarter=period, scheme=scheme, rows=rows, summary=summary, published_summary=published_summary(period)
    )
