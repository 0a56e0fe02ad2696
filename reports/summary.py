"""The report's section 3.2 as lines a page can write: each share of what the scorecard rows
show, how many of its indicators rest on the council's printed values, the council's printed
share beside it, and the filter that lists exactly the indicators behind it."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.periods import Quarter
from kpis.domain.summary import SCHEME_STATUSES, Share
from kpis.domain.terms import Category, Direction, Status, SummaryMeasure, label
from kpis.domain.writing import plain_number
from kpis.selectors.publication import published_quarters
from reports.charts import achieved_trend_chart, status_by_portfolio_chart
from reports.presentation import direction_text, status_text
from reports.scorecards import scorecard_for


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
    key: tuple[SummaryMeasure, str] = (SummaryMeasure.STATUSES, "")  # (measure, value): what it counts

    @property
    def percent_text(self) -> str:
        """ "55", "54.55": the share as the council prints it, without trailing zeros."""
        return plain_number(self.percent) if self.percent is not None else ""

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
                key=(measure, value.value),
            ))
    return lines


@dataclass(frozen=True)
class SoftTargets:
    """How many of the achieved corporate KPIs were achieved against a target easier than last
    year's outturn or a benchmark (each row's ambition, decided in reports.scorecards)."""

    share: Share  # of the achieved KPIs, those with an easier target
    status: Status  # what "achieved" is in the quarter's scheme (achieved, or green)

    @property
    def query(self) -> str:
        """The scorecard table's filter for exactly those indicators."""
        return f"?category={Category.KPI.value}&status={self.status.value}&target=easier"

    @property
    def sentence(self) -> str:
        """ "3 of the 22 achieved KPIs (13.64%) have a target easier than last year's outturn or the benchmark"."""
        s = self.share
        percent = f" ({plain_number(s.percent)}%)" if s.percent is not None else ""
        return (f"{s.count} of the {s.total} {label(self.status).lower()} KPIs{percent} "
                f"{'has' if s.count == 1 else 'have'} a target easier than last year's outturn or the benchmark")


def soft_targets(scorecard) -> SoftTargets:
    met = next(status for status in SCHEME_STATUSES[scorecard.scheme] if status.value in ACHIEVED)
    achieved = [row for row in scorecard.rows if row.category is Category.KPI and row.status.value is met]
    return SoftTargets(Share(sum(row.ambition.easier for row in achieved), len(achieved)), met)


# --- the dashboard: the same lines, the headline picked from them ------------------------

# What the headline calls achieved and failed, in either scheme (RAG: green and red).
ACHIEVED = (Status.ACHIEVED.value, Status.GREEN.value)
FAILED = (Status.FAILED.value, Status.RED.value)


@dataclass(frozen=True)
class Headline:
    """The dashboard's large numbers: lines of summary_lines, so the page, the Excel appendix's
    summary sheet and the JSON count alike. Whether they are only "so far" is the scorecard's
    own in_progress."""

    achieved: SummaryLine
    failed: SummaryLine
    better: SummaryLine | None
    worse: SummaryLine | None


def headline(lines: list[SummaryLine]) -> Headline | None:
    """None when no corporate KPI has a status to count."""
    by_key = {line.key: line for line in lines}
    statuses = [by_key.get((SummaryMeasure.STATUSES, value)) for value in (*ACHIEVED, *FAILED)]
    achieved = next((line for line in statuses[:2] if line), None)
    failed = next((line for line in statuses[2:] if line), None)
    if achieved is None or failed is None or not achieved.total:
        return None
    return Headline(
        achieved=achieved, failed=failed,
        better=by_key.get((SummaryMeasure.DOT_QUARTER, Direction.BETTER.value)),
        worse=by_key.get((SummaryMeasure.DOT_QUARTER, Direction.WORSE.value)),
    )


@dataclass(frozen=True)
class PortfolioStatuses:
    """How a portfolio's corporate KPIs stand: a count per status of the scheme, and those with none."""

    portfolio: str
    counts: tuple[int, ...]  # in the order of SCHEME_STATUSES[scheme]
    no_status: int


NO_PORTFOLIO = "No portfolio"


def statuses_by_portfolio(scorecard) -> list[PortfolioStatuses]:
    """Counted as the summary counts (reports.scorecards.shown_summary): corporate KPIs only, by
    the status every reader shows. The portfolios in the order of their names."""
    keys = SCHEME_STATUSES[scorecard.scheme]
    grouped: dict[str, list] = {}
    for row in scorecard.rows:
        if row.category is Category.KPI:
            grouped.setdefault(row.portfolio or NO_PORTFOLIO, []).append(row.status.value)
    return [
        PortfolioStatuses(name, tuple(statuses.count(key) for key in keys),
                          sum(status not in keys for status in statuses))
        for name, statuses in sorted(grouped.items())
    ]


@dataclass(frozen=True)
class TrendPoint:
    quarter: Quarter
    achieved: Share  # corporate KPIs achieved (or green) among those with a status
    printed_percent: Decimal | None  # the council's printed share achieved, where it printed one

    @property
    def achieved_text(self) -> str:
        """ "55% (22 of 40)"; "–" when no KPI had a status."""
        share = self.achieved
        return f"{plain_number(share.percent)}% ({share.count} of {share.total})" if share.total else "–"

    @property
    def printed_text(self) -> str:
        return f"{plain_number(self.printed_percent)}%" if self.printed_percent is not None else "–"


TREND_QUARTERS = 8


def achieved_trend(quarter: Quarter, published: Iterable[Quarter], scorecard_of) -> list[TrendPoint]:
    """The share achieved of each published quarter among the eight up to `quarter`, oldest
    first: a quarter in progress has no result yet, so it is not drawn. `scorecard_of(quarter)`
    gives a quarter's scorecard of published figures (reports.scorecards.scorecard_for)."""
    window, at = [], quarter
    for _ in range(TREND_QUARTERS):
        window.append(at)
        at = at.previous()
    points = []
    for shown in sorted(set(window) & set(published)):
        scorecard = scorecard_of(shown)
        met = scorecard.summary.met
        printed = (scorecard.published_summary or {}).get(SummaryMeasure.STATUSES, {})
        share = next((printed[value] for value in ACHIEVED if value in printed), None)
        points.append(TrendPoint(shown, met, share.percent if share else None))
    return points


def summary_page(scorecard) -> dict:
    """What the summary page shows of a scorecard: section 3.2's lines, the headline picked from
    them, the status of each portfolio's KPIs and the share achieved over the last eight
    published quarters, each as a chart (reports.charts) and as the figures behind it."""
    lines = summary_lines(scorecard)
    by_portfolio = statuses_by_portfolio(scorecard)
    trend = achieved_trend(scorecard.quarter, published_quarters(),
                           lambda quarter: scorecard_for(quarter.year, quarter.number))
    return {
        "lines": lines,
        "soft_targets": soft_targets(scorecard),
        "headline": headline(lines),
        "statuses": [label(status) for status in SCHEME_STATUSES[scorecard.scheme]],
        "by_portfolio": by_portfolio,
        "status_chart": status_by_portfolio_chart(scorecard.scheme, by_portfolio, so_far=scorecard.in_progress)
        if by_portfolio else None,
        "trend": trend,
        "trend_chart": achieved_trend_chart(trend) if trend else None,
    }
