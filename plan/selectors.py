"""What the plan's pages and workbook read: the plan of a quarter with its deliverables' RAG
counts, an objective's deliverables beside its KPIs' results, a deliverable's quarters, the risk
register and its heat maps. Reads only.

Whose progress shows: a quarter's progress is public once the quarter is published
(kpis.QuarterPublication); staff (plan.permissions.sees_unpublished) read it before. Every
function takes `unpublished`, what the person may read, and never decides it."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from kpis.domain.periods import Month, Quarter
from kpis.selectors.calendar import as_of
from kpis.selectors.publication import published_on, published_quarters
from kpis.services.workflow import locked_quarters
from plan.heatmap import HeatMap, Rated, heat_map
from plan.models import Deliverable, Objective, Priority, Progress, Risk
from plan.rag import ORDER
from reports.presentation import DisplayRow, display_row
from reports.scorecards import scorecard_for

# The words the page, the workbook and the tests share for a quarter read before it is published.
IN_PROGRESS = "In progress: not published"


def progress_quarters(*, unpublished: bool) -> list[Quarter]:
    """The quarters with any progress the person may read, latest first."""
    rows = Progress.objects.values_list("year", "quarter").distinct()
    quarters = {Quarter(year, number) for year, number in rows}
    if not unpublished:
        quarters &= set(published_quarters())
    return sorted(quarters, reverse=True)


def opening_quarter(*, unpublished: bool) -> Quarter:
    """The quarter the plan opens on: the latest the person may read with progress; while none is
    published, the latest with progress (the public reads that it is not yet published); before any
    progress, the quarter of today (kpis.selectors.calendar.as_of)."""
    quarters = progress_quarters(unpublished=unpublished) or progress_quarters(unpublished=True)
    return quarters[0] if quarters else Month.of(as_of()).quarter


@dataclass(frozen=True)
class QuarterState:
    """A quarter as the person reads the plan in it."""

    quarter: Quarter
    published_on: date | None  # None: in progress
    shown: bool  # whether the person reads its progress (published, or staff)

    @property
    def in_progress(self) -> bool:
        return self.published_on is None


def quarter_state(quarter: Quarter, *, unpublished: bool) -> QuarterState:
    day = published_on(quarter)
    return QuarterState(quarter, day, shown=day is not None or unpublished)


@dataclass(frozen=True)
class ObjectiveLine:
    objective: Objective
    deliverables: int
    counts: tuple[tuple[str, int], ...]  # (status, how many), in the key's order, only those with any

    @property
    def unreported(self) -> int:
        return self.deliverables - sum(count for _, count in self.counts)


@dataclass(frozen=True)
class PriorityBlock:
    priority: Priority
    objectives: list[ObjectiveLine]


def plan_of(state: QuarterState) -> list[PriorityBlock]:
    """Every priority and objective, each objective with its deliverables counted by RAG status
    for the quarter (none counted when the person may not read its progress). Three queries."""
    counts: dict[int, Counter] = defaultdict(Counter)
    if state.shown:
        rows = Progress.objects.filter(year=state.quarter.year, quarter=state.quarter.number).values_list(
            "deliverable__objective_id", "status")
        for objective_id, status in rows:
            counts[objective_id][status] += 1
    sizes = Counter(Deliverable.objects.values_list("objective_id", flat=True))
    objectives = defaultdict(list)
    for objective in Objective.objects.all():
        found = counts[objective.id]
        objectives[objective.priority_id].append(ObjectiveLine(
            objective, sizes[objective.id], tuple((status, found[status]) for status in ORDER if found[status])))
    return [PriorityBlock(priority, objectives[priority.id]) for priority in Priority.objects.all()]


@dataclass(frozen=True)
class DeliverableLine:
    deliverable: Deliverable
    progress: Progress | None  # None: none reported, or not for this person to read yet
    risks: list[Risk]


def _deliverables(deliverables, state: QuarterState) -> list[DeliverableLine]:
    """`deliverables` (a queryset) with their progress of the quarter, where the person may read it."""
    progress = Progress.objects.none()
    if state.shown:
        progress = Progress.objects.filter(year=state.quarter.year, quarter=state.quarter.number)
    deliverables = deliverables.select_related(
        "objective__priority").prefetch_related(Prefetch("progress", queryset=progress, to_attr="shown"), "risks")
    return [DeliverableLine(d, d.shown[0] if d.shown else None, list(d.risks.all())) for d in deliverables]


@dataclass(frozen=True)
class KpiResult:
    """A linked KPI's result for the quarter shown, or where it has none, its latest published one."""

    code: str
    title: str
    shown: DisplayRow | None  # the quarter's, as the scorecard writes it
    latest: DisplayRow | None = None  # with no result in the quarter: the latest published one ...
    latest_quarter: Quarter | None = None  # ... and its quarter


def _has_result(row) -> bool:
    return row.result.figure is not None or row.status.value is not None


def kpi_results(objective: Objective, quarter: Quarter, *, drafts: bool) -> list[KpiResult]:
    """The objective's KPIs as the quarter's scorecard (reports.scorecards, which alone decides a
    status and a direction) shows them; those with no result there, from the latest published
    quarter's scorecard that has one. `drafts`: as on the scorecards, the performance team's."""
    indicators = list(objective.indicators.order_by("title"))
    rows = {row.indicator_id: row for row in scorecard_for(quarter.year, quarter.number, include_drafts=drafts).rows}
    shown = {i.id: display_row(rows[i.id]) for i in indicators if i.id in rows and _has_result(rows[i.id])}
    latest: dict[int, tuple[Quarter, DisplayRow]] = {}
    missing = {i.id for i in indicators} - set(shown)
    for published in published_quarters():
        if not missing:
            break
        if published == quarter:
            continue
        for row in scorecard_for(published.year, published.number).rows:
            if row.indicator_id in missing and _has_result(row):
                latest[row.indicator_id] = (published, display_row(row))
                missing.discard(row.indicator_id)
    results = []
    for indicator in indicators:
        latest_quarter, latest_row = latest.get(indicator.id, (None, None))
        results.append(KpiResult(indicator.code, indicator.title, shown.get(indicator.id), latest_row, latest_quarter))
    return results


@dataclass(frozen=True)
class ObjectivePage:
    objective: Objective
    state: QuarterState
    deliverables: list[DeliverableLine]
    kpis: list[KpiResult]


def objective_page(objective: Objective, state: QuarterState, *, drafts: bool) -> ObjectivePage:
    return ObjectivePage(objective, state, _deliverables(objective.deliverables.all(), state),
                         kpi_results(objective, state.quarter, drafts=drafts))


def deliverable_quarters(deliverable: Deliverable, *, unpublished: bool) -> list[Progress]:
    """The deliverable's progress in every quarter the person may read, latest first, with who
    updated it."""
    progress = deliverable.progress.select_related("updated_by").order_by("-year", "-quarter")
    if unpublished:
        return list(progress)
    published = set(published_quarters())
    return [p for p in progress if p.period in published]


@dataclass(frozen=True)
class QuarterChoice:
    quarter: Quarter
    locked: bool
    published: bool


def quarters_to_report() -> list[QuarterChoice]:
    """The quarters the progress form offers, latest first: those of the plan's years (any with
    progress) and of this financial year. A locked one is offered, marked, and refused if chosen; a
    published one is marked (only the performance team changes it: plan.services.quarter_problem)."""
    years = {year for year in Progress.objects.values_list("year", flat=True).distinct()}
    years.add(Month.of(as_of()).financial_year)
    locked, published = locked_quarters(), published_quarters()
    return [QuarterChoice(Quarter(year, n), Quarter(year, n) in locked, Quarter(year, n) in published)
            for year in sorted(years, reverse=True) for n in (4, 3, 2, 1)]


def rated(risk: Risk) -> Rated:
    return Rated(risk.number, risk.title, risk.impact, risk.likelihood, risk.as_printed)


@dataclass(frozen=True)
class Register:
    risks: list[Risk]  # risks and opportunities, by number, each with its deliverables
    maps: list[tuple[str, HeatMap]] = field(default_factory=list)  # (kind's plural, its map)


def risk_register() -> Register:
    """Every risk and opportunity with the deliverables linked, and a heat map of each kind."""
    risks = list(Risk.objects.prefetch_related(Prefetch("deliverables", queryset=Deliverable.objects.order_by(
        "number"))))
    maps = [(plural, heat_map([rated(r) for r in risks if r.kind == kind], Risk.Impact.choices,
                              Risk.Likelihood.choices))
            for kind, plural in ((Risk.Kind.RISK, "Risks"), (Risk.Kind.OPPORTUNITY, "Opportunities"))]
    return Register(risks, maps)


@dataclass(frozen=True)
class ProgressReport:
    """The plan's quarterly progress report, as its workbook (plan.excel) writes it."""

    quarter: Quarter
    note: str  # under the title: the quarter not yet published says so
    deliverables: list[DeliverableLine]
    risks: list[Risk]


def progress_report(state: QuarterState) -> ProgressReport:
    """Every deliverable with its progress of the quarter, and the register."""
    note = ""
    if state.in_progress:
        note = f"{IN_PROGRESS}. {state.quarter.label}: this progress is so far, not the quarter's report."
    in_plan_order = Deliverable.objects.order_by("objective__priority__number", "objective__number", "number")
    return ProgressReport(state.quarter, note, _deliverables(in_plan_order, state), risk_register().risks)


def risk_words(risk: Risk) -> str:
    """ "Critical / Likely": on the scale, or as printed where the register's words are not."""
    if risk.impact and risk.likelihood:
        return f"{risk.get_impact_display()} / {risk.get_likelihood_display()}"
    return risk.as_printed or "Not rated"
