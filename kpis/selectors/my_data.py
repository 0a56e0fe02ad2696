"""An officer's months ("My data"): each month's figures owed, how far they have gone (not
started, draft, submitted, returned, approved), and when they are due."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import Q

from kpis.domain.figures import is_due
from kpis.domain.periods import Month, year_months
from kpis.models import Reading
from kpis.permissions import enterable_indicators
from kpis.selectors.review import due_date

# Months further back than this are listed only while one of their figures is returned.
WORK_IN_HAND_MONTHS = 12
# A figure in these states keeps its month on the list, even a month not yet due.
IN_HAND = (Reading.State.DRAFT, Reading.State.SUBMITTED, Reading.State.RETURNED)


class MonthState(StrEnum):
    """How far a month's figures have gone, the most urgent first."""

    RETURNED = "returned"  # one or more sent back by the performance team, with a reason
    NOT_STARTED = "not_started"
    DRAFT = "draft"  # begun, not all sent
    SUBMITTED = "submitted"  # all sent, awaiting the performance team
    APPROVED = "approved"  # all published

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour beside the words (never the colour alone)."""
        return {"returned": "red", "not_started": "grey", "draft": "yellow", "submitted": "blue",
                "approved": "green"}[self.value]


@dataclass(frozen=True)
class ReturnedFigure:
    indicator: object  # kpis.models.Indicator
    reason: str


@dataclass(frozen=True)
class MyMonth:
    month: Month
    due: date
    state: MonthState
    owed: int  # figures due this month
    sent: int  # of which submitted or approved
    returned: list[ReturnedFigure]
    late: bool  # past its due date and not all sent


def state_of(states: list[str | None]) -> MonthState:
    """The month's state from its due figures' states (None: no figure yet)."""
    if Reading.State.RETURNED in states:
        return MonthState.RETURNED
    if all(state is None for state in states):
        return MonthState.NOT_STARTED
    if all(state == Reading.State.APPROVED for state in states):
        return MonthState.APPROVED
    if all(state in (Reading.State.SUBMITTED, Reading.State.APPROVED) for state in states):
        return MonthState.SUBMITTED
    return MonthState.DRAFT


def my_months(user, as_of: date) -> list[MyMonth]:
    """The months of the financial year up to last month (as of `as_of`); any month of the last
    WORK_IN_HAND_MONTHS up to the as-of month itself with a figure in draft, submitted or
    returned (an officer may enter the month under way before it is due); and any month with a
    figure returned, whenever it is for. Returned months first, then the newest first. Two queries."""
    current = Month.of(as_of)
    last = current.previous()
    indicators = list(enterable_indicators(user))
    window = Q(month__gte=last.shifted(-WORK_IN_HAND_MONTHS).first_day, month__lte=current.first_day)
    readings = {
        (r.indicator_id, Month.of(r.month)): r
        for r in Reading.objects.filter(window | Q(state=Reading.State.RETURNED), indicator__in=indicators)
    }
    months = {m for m in year_months(last.financial_year) if m <= last}
    months |= {month for (_, month), r in readings.items() if r.state in IN_HAND}
    rows = []
    for month in months:
        due = [i for i in indicators if is_due(i.spec(), month) or (i.id, month) in readings]
        if not due:
            continue
        states = [readings[(i.id, month)].state if (i.id, month) in readings else None for i in due]
        state = state_of(states)
        sent = sum(s in (Reading.State.SUBMITTED, Reading.State.APPROVED) for s in states)
        returned = [ReturnedFigure(i, readings[(i.id, month)].return_reason) for i in due
                    if (i.id, month) in readings and readings[(i.id, month)].state == Reading.State.RETURNED]
        rows.append(MyMonth(month, due_date(month), state, len(due), sent, returned,
                            late=due_date(month) < as_of and sent < len(due)))
    return sorted(rows, key=lambda row: (row.state is not MonthState.RETURNED, -row.month.ordinal))


def next_to_enter(months: list[MyMonth]) -> MyMonth | None:
    """The month that most needs the officer's work: the oldest with a figure returned, else the
    oldest not started or in draft (None: everything owed is sent)."""
    for wanted in ((MonthState.RETURNED,), (MonthState.NOT_STARTED, MonthState.DRAFT)):
        waiting = [row for row in months if row.state in wanted]
        if waiting:
            return min(waiting, key=lambda row: row.month.ordinal)
    return None
