"""What awaits the performance team: submitted figures with the words they would publish,
figures past their due date, and every quarter's locks with who locked or reopened it."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from kpis.domain.figures import is_due
from kpis.domain.periods import Month, Quarter
from kpis.models import Commentary, Indicator, Profile, QuarterLock, Reading
from kpis.selectors.history import records_by
from kpis.selectors.month import MonthStatus, statuses_for_month


def due_date(month: Month) -> date:
    """A month's figures are due on day KPI_DUE_DAY of the month after."""
    following = month.shifted(1).first_day
    return following.replace(day=min(settings.KPI_DUE_DAY, 28))


def review_queue(today: date, months_back: int = 3) -> dict:
    """What awaits the performance team: submitted figures with their targets and statuses,
    and figures past their due date that nobody has submitted, with the officers who owe them."""
    submitted = (Reading.objects.filter(state=Reading.State.SUBMITTED)
                 .select_related("indicator", "indicator__directorate", "updated_by").order_by("month", "indicator"))
    return {"submitted": _with_commentary(list(submitted)), "late": late_figures(today, months_back),
            "as_of": today}  # the day "late" counts from (kpis.selectors.calendar.as_of), for the page to say


def late_figures(today: date, months_back: int = 3) -> list[dict]:
    """Figures of the last `months_back` months past their due date that nobody has submitted,
    with the officers who owe them (the review queue's list, and the late digest e-mailed)."""
    current = Month.of(today)
    return owed_figures([current.shifted(-i) for i in range(1, months_back + 1)
                         if due_date(current.shifted(-i)) < today])


def owed_figures(months: list[Month]) -> list[dict]:
    """The figures of `months` that are due (kpis.domain.figures.is_due) and neither submitted
    nor approved, each with its due date and the officers who may enter it: `officers` (users,
    to e-mail) and `owed_by` (their names, to show)."""
    done = set(Reading.objects.filter(
        month__in=[m.first_day for m in months], state__in=[Reading.State.SUBMITTED, Reading.State.APPROVED]
    ).values_list("indicator_id", "month"))
    officers = officers_by_service()
    indicators = list(Indicator.objects.filter(active=True).select_related("directorate"))
    owed = []
    for month in months:
        for indicator in indicators:
            if is_due(indicator.spec(), month) and (indicator.id, month.first_day) not in done:
                users = officers.get(indicator.directorate_id, [])
                owed.append({"indicator": indicator, "month": month, "due": due_date(month), "officers": users,
                             "owed_by": [user.get_full_name() or user.username for user in users]})
    return owed


def officers_by_service() -> dict[int, list]:
    """The officers (users, signed-in-able) who enter each service's figures, by service id."""
    officers = defaultdict(list)
    for profile in (Profile.objects.filter(role="officer", user__is_active=True)
                    .prefetch_related("services").select_related("user").order_by("user__username")):
        for service in profile.services.all():
            officers[service.id].append(profile.user)
    return officers


@dataclass(frozen=True)
class Submitted:
    """A submitted figure as the review queue shows it: its target and the statuses its officer's
    month sheet gave it, the words approving it would publish, and the words published now."""

    reading: Reading
    published_commentary: str
    status: MonthStatus

    @property
    def month(self) -> Month:
        return Month.of(self.reading.month)

    @property
    def commentary(self) -> str:
        return self.reading.submitted_commentary


def _with_commentary(readings: list[Reading]) -> list[Submitted]:
    quarters = {(r.indicator_id, Month.of(r.month).quarter) for r in readings}
    published = {
        (indicator_id, Quarter(year, quarter)): text
        for indicator_id, year, quarter, text in Commentary.objects.filter(
            indicator_id__in={i for i, _ in quarters}, year__in={q.year for _, q in quarters}
        ).values_list("indicator_id", "year", "quarter", "published_text")
    }
    statuses = _statuses(readings)
    return [Submitted(r, published.get((r.indicator_id, Month.of(r.month).quarter), ""), statuses[r.id])
            for r in readings]


def _statuses(readings: list[Reading]) -> dict[int, MonthStatus]:
    """Each reading's statuses, decided as its officer's month sheet decides them
    (kpis.selectors.month): a fixed number of queries per month in the queue, however many rows."""
    by_month = defaultdict(list)
    for reading in readings:
        by_month[Month.of(reading.month)].append(reading)
    statuses = {}
    for month, of_month in by_month.items():
        decided = statuses_for_month([r.indicator for r in of_month], month, {})
        statuses.update({r.id: decided[r.indicator_id] for r in of_month})
    return statuses


@dataclass(frozen=True)
class LockWithHistory:
    lock: object  # kpis.models.QuarterLock
    changes: list  # its history records, oldest first, each with its history_user


def quarter_locks() -> list[LockWithHistory]:
    """Every quarter ever locked, with each lock and reopening (who, when, why). Two queries."""
    changes = records_by(QuarterLock, lambda record: record.id)
    return [LockWithHistory(lock, changes[lock.id]) for lock in QuarterLock.objects.all()]
