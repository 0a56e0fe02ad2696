"""Writes to the tracker: a progress update, a recommendation added or changed. Each asks
scrutiny.permissions first, writes in one transaction, and leaves its history with who did it."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from scrutiny.html import typed_html
from scrutiny.models import COMMITTEE, Assignee, Meeting, ProgressUpdate, Recommendation
from scrutiny.permissions import manages_tracker, may_update


class NumberTaken(Exception):
    """The tracker's No. is another recommendation's: saved by someone else after the form was checked."""

    def __init__(self, number: int):
        super().__init__(f"No. {number} is already taken: choose another number")
        self.number = number


def _stamped(obj, user, reason: str):
    obj._history_user, obj._change_reason = user, reason
    return obj


@transaction.atomic
def add_progress(user, recommendation: Recommendation, written_on: date, text: str,
                 status: str | None = None) -> ProgressUpdate:
    """`text` as the officer typed it (paragraphs between blank lines); a manager may set the
    recommendation open or closed with it."""
    if not may_update(user, recommendation):
        raise PermissionDenied("Only the committee's officers, the performance team and its assignees update this.")
    if status and status != recommendation.status:
        if not manages_tracker(user):
            raise PermissionDenied("Only the committee's officers and the performance team open or close it.")
        recommendation.status = status
        _stamped(recommendation, user, f"{recommendation.get_status_display()} with a progress update").save()
    update = ProgressUpdate(recommendation=recommendation, written_on=written_on, text=typed_html(text), author=user)
    _stamped(update, user, "Progress update").save()
    return update


@transaction.atomic
def save_recommendation(user, recommendation: Recommendation | None, *, number: int, meeting_date: date,
                        report_title: str, discussion: str, recommendations: str, status: str,
                        assignees, new_assignees: list[str]) -> Recommendation:
    """A recommendation added (`recommendation` None) or changed; its meeting made when the
    committee has none that day; new assignees made by name (an existing name is reused).
    NumberTaken, with nothing written, when `number` is another recommendation's."""
    if not manages_tracker(user):
        raise PermissionDenied("Only the committee's officers and the performance team manage the tracker.")
    meeting = Meeting.objects.filter(committee=COMMITTEE, date=meeting_date).first()
    if meeting is None:
        meeting = _stamped(Meeting(date=meeting_date), user, "Added with a recommendation")
        meeting.save()
    adding = recommendation is None
    recommendation = recommendation or Recommendation()
    recommendation.number, recommendation.meeting, recommendation.report_title = number, meeting, report_title
    recommendation.discussion, recommendation.recommendations = discussion, recommendations
    recommendation.status = status
    try:
        with transaction.atomic():  # a savepoint: the constraint that refused it is asked which it was
            _stamped(recommendation, user, "Added" if adding else "Changed").save()
    except IntegrityError:
        if Recommendation.objects.filter(number=number).exclude(pk=recommendation.pk).exists():
            raise NumberTaken(number) from None
        raise
    people = list(assignees)
    for name in new_assignees:
        assignee = Assignee.objects.filter(name__iexact=name).first()
        if assignee is None:
            assignee = _stamped(Assignee(name=name), user, "Named on a recommendation")
            assignee.save()
        people.append(assignee)
    recommendation.assignees.set(people)
    return recommendation
