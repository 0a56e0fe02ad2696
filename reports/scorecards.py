"""The scorecard of a year and quarter: one read that the page, the charts, the JSON
command and the Excel appendix all use. It returns plain rows; it never writes.

Beside each computed value sits what the council printed (kpis/published.py), so a
reader sees where the product and the paper disagree. The computed values come from
kpis.domain.rules alone and never read the printed ones.

Here, and only here, is decided what every reader shows of a row: its status and both
directions of travel (the rules' own, or where they give none the council's printed one,
marked as published) and its section. The pages, the portfolio table, the JSON and CSV
and the Excel appendix read these; none decides again.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from kpis.domain import published
from kpis.domain.ambition import LAST_OUTTURN, NOT_EASIER, Ambition, Reference, target_ambition
from kpis.domain.periods import Month, Quarter, year_months
from kpis.domain.published import PublishedShare, agreement, month_pair_field, published_direction, published_status_of
from kpis.domain.rules import YEAR, QuarterResult, Series, assess_quarter, month_direction, section_of, span
from kpis.domain.summary import POLAR_DIRECTIONS, SCHEME_STATUSES, QuarterSummary, Share, summarise
from kpis.domain.terms import (
    Category,
    Direction,
    Frequency,
    Polarity,
    Scheme,
    Section,
    Status,
    SummaryMeasure,
    TargetKind,
    Unit,
)
from kpis.models import Indicator, Portfolio
from kpis.selectors.export import contract_rows, published_readings
from kpis.selectors.publication import last_updated, published_on
from kpis.selectors.scorecard import (
    commentary_by_indicator,
    draft_months,
    focus_indicator_ids,
    latest_benchmarks,
    outturns_by_indicator,
    outturns_of,
    published_by_indicator,
    published_summary,
    scheme_of,
    series_by_indicator,
    targets_by_indicator,
)
from reports.cache import remembered

# In-arrears figures may come from last year, and are compared with the year before.
YEARS_BACK = 2


@dataclass(frozen=True)
class Decided:
    """A status or direction as every reader shows it: the rules' own, or where they give
    none, the council's printed one, marked as published; or none."""

    value: Status | Direction | None = None
    as_published: bool = False

    @property
    def basis(self) -> str | None:
        """ "computed", "as_published", or None when there is no value."""
        if self.value is None:
            return None
        return "as_published" if self.as_published else "computed"


NOTHING_DECIDED = Decided()


def decide(computed, printed) -> Decided:
    if computed is not None:
        return Decided(computed)
    if printed is not None:
        return Decided(printed, as_published=True)
    return NOTHING_DECIDED


def shown_section(category: Category, status: Decided, printed_section: str | None) -> Section:
    """The section by the status shown; a row with none stays where the council's appendix put
    it (Thurrock's new-method NEET row sits among the failing indicators)."""
    section = section_of(category, status.value)
    if section is Section.NO_STATUS and printed_section in (Section.ACHIEVING, Section.FAILING):
        return Section(printed_section)
    return section


@dataclass(frozen=True)
class ScorecardRow:
    code: str
    title: str
    category: Category
    section: Section  # as every reader shows it (shown_section)
    portfolio: str
    portfolio_holder: str
    directorate: str
    unit: Unit
    decimals: int
    result: QuarterResult  # what the rules computed, and nothing else
    polarity: Polarity = Polarity.UP
    # What every reader shows (decide): the computed value, else the printed one.
    status: Decided = NOTHING_DECIDED
    dot_year: Decided = NOTHING_DECIDED
    dot_quarter: Decided = NOTHING_DECIDED
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
    draft_mark: str = ""  # "Draft", "Draft – submitted": only ever set when drafts were asked for
    frequency: Frequency = Frequency.MONTHLY
    # Whether the year target is easier than last year's outturn or a benchmark (kpis.domain.ambition).
    ambition: Ambition = NOT_EASIER

    @property
    def includes_draft(self) -> bool:
        return bool(self.draft_mark)

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
            "status": self.status.value and self.status.value.value,
            "status_basis": self.status.basis,
            "no_status_reason": r.no_status_reason and r.no_status_reason.value,
            "dot_year": self.dot_year.value and self.dot_year.value.value,
            "dot_year_basis": self.dot_year.basis,
            "dot_quarter": self.dot_quarter.value and self.dot_quarter.value.value,
            "dot_quarter_basis": self.dot_quarter.basis,
            "dot_months": {str(month): d and d.value for month, d in self.dot_months},
            "published_status": self.published_status and self.published_status.value,
            "published_dot_year": self.published_dot_year and self.published_dot_year.value,
            "agrees": self.agrees,
            "agrees_dot_year": self.agrees_dot_year,
            "in_focus": self.in_focus,
            "commentary": self.commentary,
            "easier_target": self.ambition.easier,
            "easier_target_words": self.ambition.words,
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
    # The shares of what the rows show (each share says how many rest on printed values)...
    summary: QuarterSummary
    # ... and of what the rules computed alone.
    computed_summary: QuarterSummary
    # The council's printed summary, by measure and value ("achieved"), or None.
    published_summary: dict[SummaryMeasure, dict[str, PublishedShare]] | None = None
    # The committee date the performance team published the quarter on; None: in progress.
    published_on: date | None = None
    last_updated: datetime | None = None  # when a figure shown last changed

    @property
    def in_progress(self) -> bool:
        """Not yet published: its shares are only "so far", never the quarter's result."""
        return self.published_on is None

    @property
    def progress_note(self) -> str:
        """What every reader (pages, workbooks) says of a quarter not yet published; "" once it is."""
        if not self.in_progress:
            return ""
        return (f"In progress, not yet published: {self.with_figure} of {len(self.rows)} indicators have a figure. "
                "These are the figures so far, not the quarter's result.")

    @property
    def with_figure(self) -> int:
        """How many of its indicators have a figure for the quarter ("In progress: N of M")."""
        return sum(row.result.figure is not None for row in self.rows)

    def of_portfolio(self, slug: str) -> list[ScorecardRow]:
        """The rows of a portfolio holder's table: its KPIs and health/wealth indicators (demand
        indicators have no target or performance to report)."""
        return [row for row in self.rows if row.portfolio_slug == slug and row.category is not Category.DEMAND]


def scorecard_for(year: int, quarter: int, *, include_drafts: bool = False) -> Scorecard:
    """Every active indicator assessed for financial year `year` (2016 = 2016/17), quarter 1-4.

    Computed once per change of the data (reports.cache), in a fixed number of queries however
    many indicators."""
    return remembered("scorecard", (year, quarter), lambda: _computed_scorecard(year, quarter, include_drafts),
                      drafts=include_drafts, kept_here=True)


def _computed_scorecard(year: int, quarter: int, include_drafts: bool) -> Scorecard:
    period = Quarter(year, quarter)
    scheme = scheme_of(year)
    indicators = Indicator.objects.filter(active=True).select_related("portfolio", "directorate")
    rows = _rows(list(indicators), period, scheme, include_drafts=include_drafts)
    return Scorecard(
        quarter=period, scheme=scheme, rows=rows, summary=shown_summary(rows, scheme),
        computed_summary=summarise(((row.category, row.result) for row in rows), scheme),
        published_summary=published_summary(period),
        published_on=published_on(period),
        last_updated=last_updated(period, include_drafts=include_drafts),
    )


def indicator_quarters(indicator: Indicator, year: int, *, include_drafts: bool = False) -> list[ScorecardRow]:
    """One indicator's scorecard rows for Q1-Q4 of `year`, exactly as each quarter's scorecard
    has them: its page and the quarter's pages never disagree."""
    scheme, only = scheme_of(year), [indicator.id]
    # What the year's last quarter reads holds what the others read, up to their own ends: read
    # once, each quarter sees it up to its last month, as its own scorecard does.
    year_end = Quarter(year, 4)
    whole_year = _recorded(year_end, include_drafts=include_drafts, only=only)
    rows = []
    for n in range(1, 5):
        quarter = Quarter(year, n)
        recorded = whole_year if quarter == year_end else replace(
            whole_year,
            series=defaultdict(Series, {i: figures.until(quarter.last_month)
                                        for i, figures in whole_year.series.items()}),
            commentary=commentary_by_indicator(quarter, include_drafts=include_drafts, only=only),
            focus=focus_indicator_ids(quarter, only=only),
            printed=published_by_indicator(quarter, only=only),
        )
        rows.append(_row(indicator, quarter, scheme, recorded))
    return rows


@dataclass(frozen=True)
class _Recorded:
    """What the database holds for a quarter's rows, each by indicator id, read in a fixed number of queries."""

    series: Mapping
    targets: Mapping
    outturns: Mapping
    commentary: Mapping
    focus: Collection[int]
    printed: Mapping
    drafts: Mapping
    last_outturns: Mapping = field(default_factory=dict)  # indicator id -> (value, text) of last year
    benchmarks: Mapping = field(default_factory=dict)  # indicator id -> [(kind, value, text)]


def _recorded(period: Quarter, *, include_drafts: bool, only: Collection[int] | None) -> _Recorded:
    year = period.year
    first = Month(year - YEARS_BACK, 4)
    return _Recorded(
        series=series_by_indicator(first, period.last_month, include_drafts=include_drafts, only=only),
        targets=targets_by_indicator(range(year - YEARS_BACK, year + 1), only=only),
        outturns=outturns_by_indicator(range(year - YEARS_BACK - 1, year), only=only),
        commentary=commentary_by_indicator(period, include_drafts=include_drafts, only=only),
        focus=focus_indicator_ids(period, only=only),
        printed=published_by_indicator(period, only=only),
        drafts=draft_months(first, period.last_month, only=only) if include_drafts else {},
        last_outturns=outturns_of(year - 1, only=only),
        benchmarks=latest_benchmarks(year, only=only),
    )


def _rows(indicators: list[Indicator], period: Quarter, scheme: Scheme, *, include_drafts: bool,
          only: Collection[int] | None = None) -> list[ScorecardRow]:
    recorded = _recorded(period, include_drafts=include_drafts, only=only)
    return [_row(indicator, period, scheme, recorded) for indicator in indicators]


def _row(indicator: Indicator, period: Quarter, scheme: Scheme, recorded: _Recorded) -> ScorecardRow:
    series, commentary, focus, drafts = recorded.series, recorded.commentary, recorded.focus, recorded.drafts
    spec = indicator.spec()
    result = assess_quarter(
        spec, series[indicator.id], recorded.targets.get(indicator.id, {}), period, scheme,
        recorded.outturns.get(indicator.id, {}),
    )
    values = recorded.printed.get(indicator.id, {})
    printed_status = published_status_of(values)
    printed_dot_year = published_direction(values.get(published.DOT_YEAR), spec.polarity)
    printed_dot_quarter = published_direction(values.get(published.DOT_QUARTER), spec.polarity)
    status = decide(result.status, printed_status)
    return ScorecardRow(
        code=indicator.code,
        title=indicator.title,
        category=spec.category,
        section=shown_section(spec.category, status, values.get(published.SECTION)),
        portfolio=indicator.portfolio.name if indicator.portfolio else "",
        portfolio_holder=indicator.portfolio.holder if indicator.portfolio else "",
        directorate=indicator.directorate.name if indicator.directorate else "",
        unit=spec.unit,
        decimals=spec.decimals,
        result=result,
        polarity=spec.polarity,
        status=status,
        dot_year=decide(result.dot_year, printed_dot_year),
        dot_quarter=decide(result.dot_quarter, printed_dot_quarter),
        dot_months=tuple((m, month_direction(spec, series[indicator.id], m)) for m in period.months),
        commentary=commentary.get(indicator.id, ""),
        in_focus=indicator.id in focus,
        published=values,
        published_status=printed_status,
        published_dot_year=printed_dot_year,
        published_dot_quarter=printed_dot_quarter,
        agrees=agreement(result.status, printed_status),
        agrees_dot_year=agreement(result.dot_year, printed_dot_year),
        indicator_id=indicator.id,
        portfolio_slug=indicator.portfolio.slug if indicator.portfolio else "",
        sparkline=tuple((f.month, f.value) for f in series[indicator.id].over(period.months_to_date)
                        if f.value is not None),
        draft_mark=next((drafts[indicator.id, m] for m in span(spec, result.period)
                         if (indicator.id, m) in drafts), ""),
        frequency=spec.frequency,
        ambition=_ambition(indicator.id, spec.polarity, period, recorded),
    )


def _ambition(indicator_id: int, polarity: Polarity, period: Quarter, recorded: _Recorded) -> Ambition:
    """The year target (a number to reach, not a reduction or a baseline) against last year's
    outturn and the latest benchmarks: like with like, a year's figure with a year's figure."""
    year_target = recorded.targets.get(indicator_id, {}).get((period.year, YEAR))
    if year_target is None or year_target.kind is not TargetKind.ABSOLUTE:
        return NOT_EASIER
    value, text = recorded.last_outturns.get(indicator_id, (None, ""))
    last_year = Reference(LAST_OUTTURN, value, text) if value is not None else None
    return target_ambition(year_target.value, polarity, last_year, recorded.benchmarks.get(indicator_id, ()))


def shown_summary(rows: list[ScorecardRow], scheme: Scheme) -> QuarterSummary:
    """The report's section 3.2 of what the rows show, corporate KPIs only: each share counts
    the statuses and arrows every reader shows, and says how many of them are the council's
    printed ones (Thurrock, Q3 2016/17: the rules cannot judge the two-year-olds row, whose
    target has no number, so its printed "Achieved" stands and is counted as published)."""
    kpis = [row for row in rows if row.category is Category.KPI]
    return QuarterSummary(
        scheme=scheme,
        statuses=_shares([row.status for row in kpis], SCHEME_STATUSES[scheme]),
        dot_year=_shares([row.dot_year for row in kpis], POLAR_DIRECTIONS),
        dot_quarter=_shares([row.dot_quarter for row in kpis], POLAR_DIRECTIONS),
    )


def _shares(decided: list[Decided], keys) -> dict:
    counted = [d for d in decided if d.value in keys]
    return {key: Share(sum(d.value == key for d in counted), len(counted),
                       as_published=sum(d.value == key and d.as_published for d in counted)) for key in keys}


# --- what the committee's workbooks read --------------------------------------------------


@dataclass(frozen=True)
class AppendixData:
    """Everything the committee appendix of a quarter shows, read here so that reports.excel
    only writes (published figures only, whoever asks: a draft never reaches a committee paper)."""

    scorecards: list[Scorecard]  # Q1 to the quarter, the last one the appendix's own
    readings: Mapping  # (indicator id, month) -> the approved reading, April to the quarter's end
    outturns: tuple[Mapping, Mapping]  # two years back, last year: indicator id -> (value, text)
    benchmarks: Mapping  # indicator id -> [(kind, value, text)] of the latest year up to this one
    contract: Mapping[str, list[dict]]  # the import contract's sheets

    @property
    def current(self) -> Scorecard:
        return self.scorecards[-1]


def appendix_data(year: int, quarter: int) -> AppendixData:
    """Appendix 1 of financial year `year` (2016 = 2016/17), quarters 1 to `quarter`."""
    period = Quarter(year, quarter)
    months = [m for m in year_months(year) if m <= period.last_month]
    return AppendixData(
        scorecards=[scorecard_for(year, q) for q in range(1, quarter + 1)],
        readings=published_readings(months[0], months[-1]),
        outturns=(outturns_of(year - 2), outturns_of(year - 1)),
        benchmarks=latest_benchmarks(year),
        contract=contract_rows(period, year - YEARS_BACK),
    )


@dataclass(frozen=True)
class PortfolioData:
    """What a portfolio holder's table shows: its rows of the quarter's scorecard, last year's
    outturns, and the published readings a figure in arrears may come from."""

    portfolio: Portfolio
    scorecard: Scorecard
    outturns: Mapping
    readings: Mapping

    @property
    def rows(self) -> list[ScorecardRow]:
        return self.scorecard.of_portfolio(self.portfolio.slug)


def portfolio_data(portfolio: Portfolio, quarter: Quarter) -> PortfolioData:
    return PortfolioData(
        portfolio=portfolio,
        scorecard=scorecard_for(quarter.year, quarter.number),
        outturns=outturns_of(quarter.year - 1),
        readings=published_readings(Month(quarter.year - 1, 4), quarter.last_month),  # in arrears: a year back
    )
