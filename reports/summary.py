"""The report's section 3.2 as lines a page can write: each share of what the scorecard rows
show, how many of its indicators rest on the council's printed values, the council's printed
share beside it, and the filter that lists exactly the indicators behind it."""

from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.terms import Category, Direction, SummaryMeasure
from kpis.domain.writing import plain_number
from reports.presentation import direction_text, status_text


@dataclass(frozen=True)
class SummaryLine:
    measure: str  # "Performance against target", ...
    value: str  # "Achieved ✓", "↑ Better"
    count: int
    total: int
    percent: Decimal | None
    as_published: int  # of `count`, how many are the council's printed values (the rest the rules computed)
    published_percent: str  # as printed: "55", "54.55"; "" when the council printed none
    query: str  # the scorecard table's filter for these indicators

    @property
    def bar_width(self) -> int:
        return int(self.percent or 0)

    @property
    def basis(self) -> str:
        """ "all computed", "1 computed, 17 as published", "all as published"."""
        if not self.count:
            return ""
        computed = self.count - self.as_published
        if not self.as_published:
            return "all computed"
        if not computed:
            return "all as published"
        return f"{computed} computed, {self.as_published} as published"


MEASURES = (
    (SummaryMeasure.STATUSES, "statuses", "status", "Performance against target"),
    (SummaryMeasure.DOT_YEAR, "dot_year", "dot_year", "Direction of travel since last year"),
    (SummaryMeasure.DOT_QUARTER, "dot_quarter", "dot_quarter", "Direction of travel since last quarter"),
)


def summary_lines(scorecard) -> list[SummaryLine]:
    lines = []
    printed = scorecard.published_summary or {}
    for measure, attribute, filter_name, title in MEASURES:
        for value, share in getattr(scorecard.summary, attribute).items():
            published = printed.get(measure, {}).get(value.value)
            lines.append(SummaryLine(
                measure=title, value=direction_text(value) if isinstance(value, Direction) else status_text(value),
                count=share.count, total=share.total,
                percent=share.percent, as_published=share.as_published,
                published_percent=plain_number(published.percent) if published else "",
                query=f"?category={Category.KPI.value}&{filter_name}={value.value}",
            ))
    return lines
