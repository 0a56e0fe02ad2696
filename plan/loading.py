"""Loading the corporate plan's demo data: fixtures/corporate_plan_2014_15.json, the council's 2014/15
mid-year report (seeds/001) transcribed by hand. The data is read whole and checked first, then
written in one transaction, so a bad file writes nothing and loading it again changes nothing
(a row already as the file says is not saved again, so it gains no history). Nothing is deleted.

The file's shape (its "_comment" keys say more): year, quarter; priorities -> objectives (with the
demo indicators they link to, each with why) -> deliverables (number, title, lead_officer, status,
commentary as a list of paragraphs, risks by number); risks (number, kind, title, impact and
likelihood as the scale's words or null, as_printed); demo_leads (full name -> deliverable numbers)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from kpis.domain.periods import Quarter
from kpis.models import COMMENTARY_MAX_LENGTH, Indicator
from kpis.selectors.people import active_users_by_full_name, full_name_key
from kpis.services.reference import Tally
from plan.models import Deliverable, Objective, Priority, Progress, Risk

PLAN = Path(settings.BASE_DIR) / "fixtures" / "corporate_plan_2014_15.json"
REASON = "loaded from the 2014/15 mid-year report"
LEAD_REASON = "lead linked to the demo user of that full name"


class PlanDataError(ValueError):
    """What is wrong with the file, naming the row (deliverable, objective, risk …) and the field."""


@dataclass(frozen=True)
class RiskRow:
    number: int
    kind: str  # Risk.Kind
    title: str
    impact: int | None  # Risk.Impact; None where the report's word is not on the scale
    likelihood: int | None
    as_printed: str


@dataclass(frozen=True)
class DeliverableRow:
    number: int
    title: str
    lead_officer: str
    status: str  # Progress.Status
    commentary: str  # paragraphs joined by a blank line
    risks: tuple[int, ...]


@dataclass(frozen=True)
class ObjectiveRow:
    title: str
    indicators: tuple[str, ...]  # kpis.Indicator codes
    deliverables: tuple[DeliverableRow, ...]


@dataclass(frozen=True)
class PriorityRow:
    title: str
    objectives: tuple[ObjectiveRow, ...]


@dataclass(frozen=True)
class Plan:
    quarter: Quarter
    priorities: tuple[PriorityRow, ...]
    risks: tuple[RiskRow, ...]
    demo_leads: dict[str, tuple[int, ...]]  # a user's full name -> the deliverables they lead

    @property
    def objectives(self) -> list[ObjectiveRow]:
        return [objective for priority in self.priorities for objective in priority.objectives]

    @property
    def deliverables(self) -> list[DeliverableRow]:
        return [deliverable for objective in self.objectives for deliverable in objective.deliverables]


# --- reading the data ---------------------------------------------------------------------------


def _text(value) -> str:
    """Whitespace normalised, as the report's text is compared (the PDF's line breaks are not the report's)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def _required(where: str, name: str, value, max_length: int | None = None) -> str:
    text = _text(value)
    if not text:
        raise PlanDataError(f"{where}: {name} is missing or empty")
    if max_length and len(text) > max_length:
        raise PlanDataError(f"{where}: {name} is {len(text)} characters long, more than {max_length}")
    return text


def _list(where: str, name: str, value) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PlanDataError(f"{where}: {name} should be a list")
    return value


def _rows(where: str, name: str, value) -> list[dict]:
    """The list `name` of objects ({…}), each a row of the plan."""
    rows = _list(where, name, value)
    for place, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise PlanDataError(f"{where}: {name} number {place} should be an object ({{…}}), not {row!r:.40}")
    return rows


def _optional(where: str, name: str, value, max_length: int) -> str:
    text = _text(value)
    if len(text) > max_length:
        raise PlanDataError(f"{where}: {name} is {len(text)} characters long, more than {max_length}")
    return text


def _number(where: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PlanDataError(f"{where}: number {value!r} is not a whole number from 1")
    return value


def _scale(where: str, name: str, word, choices) -> int | None:
    if word is None:
        return None
    by_label = {label.casefold(): value for value, label in choices.choices}
    value = by_label.get(_text(word).casefold())
    if value is None:
        raise PlanDataError(f"{where}: {name} {word!r} is not one of {', '.join(choices.labels)} (or null)")
    return value


def read_risk(data) -> RiskRow:
    where = f"risk {data.get('number')!r}"
    number = _number(where, data.get("number"))
    kind = data.get("kind")
    if kind not in Risk.Kind.values:
        raise PlanDataError(f"{where}: kind {kind!r} is not one of {', '.join(Risk.Kind.values)}")
    where = f"{Risk.Kind(kind).label} {number}"
    return RiskRow(
        number=number, kind=kind, title=_required(where, "title", data.get("title"), 300),
        impact=_scale(where, "impact", data.get("impact"), Risk.Impact),
        likelihood=_scale(where, "likelihood", data.get("likelihood"), Risk.Likelihood),
        as_printed=_optional(where, "as_printed", data.get("as_printed"), 100))


def read_deliverable(data, risks: set[int]) -> DeliverableRow:
    title = _text(data.get("title"))
    where = f"deliverable {data.get('number')!r} {title[:60]!r}"
    number = _number(where, data.get("number"))
    _required(where, "title", title, 1000)
    status = data.get("status")
    if status not in Progress.Status.values:
        raise PlanDataError(f"{where}: status {status!r} is not one of {', '.join(Progress.Status.values)}")
    paragraphs = [_text(paragraph) for paragraph in _list(where, "commentary", data.get("commentary"))]
    if not all(paragraphs):
        raise PlanDataError(f"{where}: commentary has an empty paragraph")
    commentary = "\n\n".join(paragraphs)
    if status == Progress.Status.NOT_APPLICABLE and not commentary:
        raise PlanDataError(f"{where}: status n/a needs a commentary giving the reason")
    if len(commentary) > COMMENTARY_MAX_LENGTH:
        raise PlanDataError(f"{where}: commentary is longer than {COMMENTARY_MAX_LENGTH} characters")
    linked = tuple(_list(where, "risks", data.get("risks")))
    for risk in linked:
        if risk not in risks:
            raise PlanDataError(f"{where}: links to risk {risk!r}, which is not in the file's risks")
    return DeliverableRow(number=number, title=title,
                          lead_officer=_optional(where, "lead_officer", data.get("lead_officer"), 200),
                          status=status, commentary=commentary, risks=linked)


def read_plan(data) -> Plan:
    """The plan `data` (the parsed JSON) holds; PlanDataError at the first problem."""
    if not isinstance(data, dict):
        raise PlanDataError("the file should hold one object with year, quarter, priorities and risks")
    try:
        quarter = Quarter.known(data.get("year"), data.get("quarter"))
    except (TypeError, ValueError) as error:
        raise PlanDataError(f"year {data.get('year')!r} quarter {data.get('quarter')!r}: {error}") from None
    risks = tuple(read_risk(row) for row in _rows("the file", "risks", data.get("risks")))
    _unique([risk.number for risk in risks], "risk number")
    numbers = {risk.number for risk in risks}
    priorities = []
    for place, priority in enumerate(_rows("the file", "priorities", data.get("priorities")), start=1):
        where = f"priority {place}"
        title = _required(where, "title", priority.get("title"), 300)
        objectives = []
        for number, objective in enumerate(_rows(where, "objectives", priority.get("objectives")), start=1):
            name = _required(f"{where}, objective {number}", "title", objective.get("title"), 500)
            where_objective = f"objective {name[:60]!r}"
            codes = []
            for link in _rows(where_objective, "indicators", objective.get("indicators")):
                code = _required(where_objective, "indicator code", link.get("code"), 40)
                _required(f"{where_objective}, indicator {code}", "why", link.get("why"))
                codes.append(code)
            deliverables = tuple(read_deliverable(row, numbers)
                                 for row in _rows(where_objective, "deliverables", objective.get("deliverables")))
            objectives.append(ObjectiveRow(title=name, indicators=tuple(codes), deliverables=deliverables))
        priorities.append(PriorityRow(title=title, objectives=tuple(objectives)))
    plan = Plan(quarter=quarter, priorities=tuple(priorities), risks=risks,
                demo_leads=_demo_leads(data.get("demo_leads") or {}))
    _unique([priority.title for priority in plan.priorities], "priority title")
    _unique([_slug(objective.title) for objective in plan.objectives], "objective slug (from its title)")
    _unique([deliverable.number for deliverable in plan.deliverables], "deliverable number")
    known = {deliverable.number for deliverable in plan.deliverables}
    for name, led in plan.demo_leads.items():
        if unknown := [number for number in led if number not in known]:
            raise PlanDataError(f"demo_leads {name!r}: no deliverable numbered {unknown[0]!r}")
    return plan


def _demo_leads(data) -> dict[str, tuple[int, ...]]:
    if not isinstance(data, dict):
        raise PlanDataError("demo_leads should map a full name to a list of deliverable numbers")
    return {_required("demo_leads", "full name", name): tuple(_list(f"demo_leads {name!r}", "deliverables", led))
            for name, led in data.items() if not name.startswith("_")}


def _unique(values: list, what: str):
    seen = set()
    for value in values:
        if value in seen:
            raise PlanDataError(f"{what} {value!r} appears twice")
        seen.add(value)


def _slug(title: str) -> str:
    return slugify(title)[:200].strip("-")


def read_plan_file(path: Path) -> Plan:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise PlanDataError(f"not JSON: line {error.lineno} column {error.colno}, {error.msg}") from None
    return read_plan(data)


# --- writing ------------------------------------------------------------------------------------


@dataclass
class LoadReport(Tally):
    """What a load added and changed, and the indicator codes the database does not have."""

    reason: str = REASON
    kinds: tuple[str, ...] = ("priorities", "objectives", "risks and opportunities", "deliverables", "progress")
    missing_indicators: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*super().lines(), f"links to indicators and risks: {self.changed.get('links', 0)} rows' links set"]


def load_plan(path: Path = PLAN) -> tuple[Plan, LoadReport]:
    """Load the plan file at `path`: everything or nothing (PlanDataError, nothing written)."""
    plan = read_plan_file(path)
    return plan, write_plan(plan)


@transaction.atomic
def write_plan(plan: Plan) -> LoadReport:
    """Write what `plan` holds; what is already so is left untouched. The progress is the quarter's."""
    report = LoadReport()
    risks = {}
    for row in plan.risks:
        risk = Risk.objects.filter(number=row.number).first() or Risk(number=row.number)
        risks[row.number] = report.update(risk, "risks and opportunities", kind=row.kind, title=row.title,
                                    impact=row.impact, likelihood=row.likelihood, as_printed=row.as_printed)
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    for place, row in enumerate(plan.priorities, start=1):
        priority = Priority.objects.filter(number=place).first() or Priority(number=place)
        report.update(priority, "priorities", title=row.title, slug=_slug(row.title))
        for number, objective_row in enumerate(row.objectives, start=1):
            objective = (Objective.objects.filter(priority=priority, number=number).first()
                         or Objective(priority=priority, number=number))
            report.update(objective, "objectives", title=objective_row.title, slug=_slug(objective_row.title))
            report.missing_indicators += [code for code in objective_row.indicators if code not in indicators]
            report.link(objective, "indicators", "links",
                        {indicators[code] for code in objective_row.indicators if code in indicators})
            for deliverable_row in objective_row.deliverables:
                _write_deliverable(deliverable_row, objective, risks, plan.quarter, report)
    return report


def _write_deliverable(row: DeliverableRow, objective, risks: dict, quarter: Quarter, report: LoadReport):
    deliverable = Deliverable.objects.filter(number=row.number).first() or Deliverable(number=row.number)
    report.update(deliverable, "deliverables", objective=objective, title=row.title, lead_officer=row.lead_officer)
    report.link(deliverable, "risks", "links", {risks[number].pk for number in row.risks})
    progress = (Progress.objects.filter(deliverable=deliverable, year=quarter.year, quarter=quarter.number).first()
                or Progress(deliverable=deliverable, year=quarter.year, quarter=quarter.number))
    report.update(progress, "progress", status=row.status, commentary=row.commentary)


# --- the demo's leads ---------------------------------------------------------------------------


@dataclass
class LeadReport:
    linked: list[tuple[str, str, tuple[int, ...]]] = field(default_factory=list)  # name, username, numbers
    no_user: list[str] = field(default_factory=list)
    several_users: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [f"{name} ({username}) leads deliverables {', '.join(map(str, numbers))}"
                 for name, username, numbers in self.linked]
        lines += [f"{name}: no active user has this full name; their deliverables keep no lead"
                  for name in self.no_user]
        lines += [f"{name}: more than one active user has this full name; none linked"
                  for name in self.several_users]
        return lines


@transaction.atomic
def link_demo_leads(plan: Plan) -> LeadReport:
    """Make the active user whose full name is the demo lead's name (when exactly one user has it)
    the lead of that name's deliverables, so they may update its progress (plan.permissions)."""
    users = active_users_by_full_name()
    report = LeadReport()
    for name, numbers in plan.demo_leads.items():
        found = users.get(full_name_key(name), [])
        if len(found) != 1:
            (report.several_users if found else report.no_user).append(name)
            continue
        for deliverable in Deliverable.objects.filter(number__in=numbers).exclude(lead=found[0]):
            deliverable.lead = found[0]
            deliverable._change_reason = LEAD_REASON
            deliverable.save()
        report.linked.append((name, found[0].get_username(), numbers))
    return report
