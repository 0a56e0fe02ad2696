"""The day the monthly cycle counts from: what is due, what is late, whom to remind."""

from datetime import date

from django.conf import settings
from django.utils import timezone


def as_of() -> date:
    """Today, or KPI_AS_OF when set: the 2016/17 demo is read as of January 2017, the month
    after its latest figures, not as of a today its figures never reached."""
    return settings.KPI_AS_OF or timezone.localdate()
