"""Writes of the corporate plan: a deliverable's progress for a quarter, by its lead officer or
the performance team (plan.permissions.may_update), in one transaction, with its history."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kpis.domain.periods import Quarter
from kpis.models import COMMENTARY_MAX_LENGTH
from kpis.selectors.publication import published_quarters
from kpis.services.workflow import locked_quarters
from plan.models import Deliverable, Progress
from plan.permissions import manages_plan, may_update

STATUS_MISSING = "Select the status: green, amber, red or n/a"
REASON_MISSING = "Commentary: say why the deliverable has no status this quarter"
QUARTER_NOT_LISTED = "Quarter: choose one of the quarters listed"
HISTORY_REASON = "progress updated"


class ProgressRefused(Exception):
    """Refused, with what is wrong: messages by the form's field ("quarter", "status", "commentary")."""

    def __init__(self, problems: dict[str, str]):
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


@dataclass(frozen=True)
class Report:
    """What a person reports of a deliverable for a quarter."""

    quarter: Quarter | None  # None: none chosen (the form says so)
    status: str
    commentary: str


def quarter_problem(user, quarter: Quarter) -> str | None:
    """Why `user` may not change `quarter`'s progress, or None: a quarter that is locked (the
    performance team has signed it off: kpis.services.workflow, as figures); and, for a lead officer,
    a published quarter: what the public reads changes only by the performance team, as a figure's
    words reach the public only once approved."""
    if quarter in locked_quarters():
        return f"Quarter: {quarter.label} is locked: the performance team must reopen it before its progress changes"
    if not manages_plan(user) and quarter in published_quarters():
        return (f"Quarter: {quarter.label} is published, and the public reads its progress: "
                "ask the performance team to change it")
    return None


def problems_of(user, report: Report) -> dict[str, str]:
    """What is wrong with `report` by `user`, in words naming the field: the council's rules for a RAG
    return (a status, and for n/a the reason), and a quarter they may not change (quarter_problem)."""
    problems = {}
    if report.quarter is not None and (problem := quarter_problem(user, report.quarter)):
        problems["quarter"] = problem
    if report.status not in Progress.Status.values:
        problems["status"] = STATUS_MISSING
    elif report.status == Progress.Status.NOT_APPLICABLE and not report.commentary.strip():
        problems["commentary"] = REASON_MISSING
    if len(report.commentary) > COMMENTARY_MAX_LENGTH:
        problems["commentary"] = (f"Commentary: {len(report.commentary):,} characters; "
                                  f"keep it to {COMMENTARY_MAX_LENGTH:,} or fewer")
    if "\x00" in report.commentary:  # PostgreSQL keeps no NUL in text
        problems["commentary"] = "Commentary: remove the null character (\\x00) it holds"
    return problems


def record_progress(user, deliverable: Deliverable, report: Report) -> Progress:
    """Save the deliverable's progress for the quarter (a new one, or over the last), kept in its
    history with who and why. Refused whole (ProgressRefused) when a rule is broken."""
    if not may_update(user, deliverable):
        raise PermissionDenied(f"Deliverable {deliverable.number} is not yours to update")
    with transaction.atomic():
        if report.quarter is None:
            raise ProgressRefused({"quarter": QUARTER_NOT_LISTED})
        if problems := problems_of(user, report):
            raise ProgressRefused(problems)
        quarter = report.quarter
        progress = (Progress.objects.select_for_update().filter(
            deliverable=deliverable, year=quarter.year, quarter=quarter.number).first()
            or Progress(deliverable=deliverable, year=quarter.year, quarter=quarter.number))
        progress.status, progress.commentary = report.status, report.commentary.strip()
        progress.updated_by = user
        progress._history_user, progress._change_reason = user, HISTORY_REASON
        progress.save()
        return progress
