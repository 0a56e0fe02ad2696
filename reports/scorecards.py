"""The scorecard of a year and quarter: one read that the page, the charts, the JSON
command and the Excel appendix all use. It returns plain rows; it never writes."""

from dataclasses import dataclass

from kpis.models import Indicator
from kpis.periods import Month, Quarter
from kpis.rules import QuarterResult, QuarterSummary, assess_quarter, section_of, summarise
from kpis.selectors import outturns_by_indicator, scheme_of, series_by_indicator, target_texts, targets_by_indicator
from kpis.terms import Category, Scheme, Section, Unit

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
    target_text: str
    year_target_text: str

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
            "target_text": self.target_text,
            "year_target": r.year_target,
            "year_target_text": self.year_target_text,
            "status": r.status and r.status.value,
            "no_status_reason": r.no_status_reason and r.no_status_reason.value,
            "dot_year": r.dot_year and r.dot_year.value,
            "dot_quarter": r.dot_quarter and r.dot_quarter.value,
        }


@dataclass(frozen=True)
class Scorecard:
    quarter: Quarter
    scheme: Scheme
    rows: list[ScorecardRow]
    summary: QuarterSummary


def scorecard_for(year: int, quarter: int, *, include_drafts: bool = False) -> Scorecard:
    """Every active indicator assessed for financial year `year` (2016 = 2016/17), quarter 1-4."""
    period = Quarter(year, quarter)
    scheme = scheme_of(year)
    indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
    series = series_by_indicator(Month(year - YEARS_BACK, 4), period.last_month, include_drafts=include_drafts)
    targets = targets_by_indicator(range(year - YEARS_BACK, year + 1))
    outturns = outturns_by_indicator(range(year - YEARS_BACK - 1, year))
    texts = target_texts(year)
    rows = []
    for indicator in indicators:
        spec = indicator.spec()
        result = assess_quarter(
            spec, series[indicator.id], targets.get(indicator.id, {}), period, scheme, outturns.get(indicator.id, {})
        )
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
                target_text=texts.get((indicator.id, f"Q{quarter}"), ""),
                year_target_text=texts.get((indicator.id, "year"), ""),
            )
        )
    summary = summarise(((row.category, row.result) for row in rows), scheme)
    return Scorecard(quarter=period, scheme=scheme, rows=rows, summary=summary)

