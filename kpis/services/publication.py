"""Publishing a quarter: the performance team names the day its report goes to committee, and
may withdraw it. Until a quarter is published the public reads it as in progress (the
reading pages say so and never give its shares as the quarter's result). Each publication
and withdrawal is kept in the quarter's history (who, when); the data's tokens change with it
(kpis.services.freshness), so no page kept before is shown again."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from kpis.domain.periods import Quarter
from kpis.models import QuarterPublication
from kpis.permissions import is_performance_team


def publish_quarter(user, quarter: Quarter, published_on: date) -> QuarterPublication:
    """Publish `quarter` on `published_on` (the committee date), or move its date. The report
    is of a finished quarter: a date before its last day is refused (the page says so first)."""
    _check(user)
    if published_on < quarter.last_day:
        raise ValueError(f"{quarter.label} ends on {quarter.last_day:%-d %B %Y}: no committee reports it before")
    return set_publication(user, quarter, published_on, "published")


def withdraw_publication(user, quarter: Quarter) -> QuarterPublication:
    """The quarter is in progress again (a report pulled from the agenda)."""
    _check(user)
    return set_publication(user, quarter, None, "withdrawn")


def set_publication(user, quarter: Quarter, published_on: date | None, reason: str) -> QuarterPublication:
    """Publish or withdraw, kept in the history. Callers check who may (the demo's command
    publishes the quarters the council published, as no one in particular)."""
    with transaction.atomic():
        publication = (
            QuarterPublication.objects.select_for_update().filter(year=quarter.year, quarter=quarter.number).first()
            or QuarterPublication(year=quarter.year, quarter=quarter.number)
        )
        publication.published_on, publication.changed_by = published_on, user
        publication._history_user, publication._change_reason = user, reason
        publication.save()
        return publication


def _check(user):
    if not is_performance_team(user):
        raise PermissionDenied("only the performance team publishes quarters")
