"""Recording a change of process (a new contractor, a new definition): from its month an indicator's
SPC chart has a new mean and limits (reports.spc). The performance team records one on the
indicator page; the SpcPeriods sheet imports them (kpis.services.imports)."""

from django.db import IntegrityError, transaction

from kpis.domain.periods import Month
from kpis.models import COMMENTARY_MAX_LENGTH, ChangeOfProcess, Indicator
from kpis.services import freshness
from kpis.services.workflow import lock_indicators

MONTH = "month"
REASON = "reason"


class ChangeOfProcessRefused(Exception):
    """Nothing was written: `field` ("month" or "reason") says which answer to mend, `message` how."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, message
        super().__init__(message)


def record_change_of_process(user, indicator: Indicator, month: Month, reason: str) -> ChangeOfProcess:
    """Record that `indicator`'s process changed from `month`, saying why; kept in its history with
    `user` and the reason. Refused (ChangeOfProcessRefused) without a reason, or when that month
    already has one: a month starts one period only."""
    reason = given_reason(reason)
    with transaction.atomic(), freshness.together():
        lock_indicators([indicator.id])  # two people recording the same month: the second waits, then is refused
        if ChangeOfProcess.objects.filter(indicator=indicator, month=month.first_day).exists():
            raise ChangeOfProcessRefused(MONTH, already_recorded(month))
        change = ChangeOfProcess(indicator=indicator, month=month.first_day, reason=reason, recorded_by=user)
        change._history_user = user
        change._change_reason = reason
        try:
            with transaction.atomic():
                change.save()
        except IntegrityError:  # the database's rule has the last word
            raise ChangeOfProcessRefused(MONTH, already_recorded(month)) from None
        return change


def given_reason(reason: str) -> str:
    """The reason, trimmed, or ChangeOfProcessRefused saying what is wrong with it."""
    reason = reason.strip()
    if not reason:
        raise ChangeOfProcessRefused(REASON, "Enter the reason the process changed")
    if len(reason) > COMMENTARY_MAX_LENGTH:
        raise ChangeOfProcessRefused(
            REASON, f"The reason must be {COMMENTARY_MAX_LENGTH:,} characters or fewer (it is {len(reason):,})")
    return reason


def already_recorded(month: Month) -> str:
    return f"A change of process is already recorded for {month.first_day:%B %Y}: choose another month"
