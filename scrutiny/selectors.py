"""What the tracker's pages and its workbook read: the recommendations with their latest
progress, those gone quiet (the overdue rule), one recommendation whole, the Cabinet forward plan."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import timezone

from scrutiny.models import Assignee, ForwardPlanItem, ProgressUpdate, Recommendation


def today() -> date:
    """The tracker's today (TRACKER_AS_OF when set): what the overdue view counts back from, and the
    latest day a progress update may be dated."""
    return settings.TRACKER_AS_OF or timezone.localdate()


DEFAULT_WEEKS = 8  # two months: the committee's work programme meets about every eight weeks


@dataclass(frozen=True)
class TrackerRow:
    recommendation: Recommendation
    updates: list[ProgressUpdate]  # oldest first, the undated (the paper's own column) before the dated

    @property
    def latest(self) -> ProgressUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def last_dated(self) -> date | None:
        return max((update.written_on for update in self.updates if update.written_on), default=None)


def recommendations():
    """Every recommendation with what its rows show, in the tracker's order (No)."""
    updates = Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author"))
    return Recommendation.objects.select_related("meeting").prefetch_related("assignees", updates)


def tracker_rows(queryset) -> list[TrackerRow]:
    """A row per recommendation of `queryset` (recommendations(), filtered or not)."""
    return [TrackerRow(recommendation, list(recommendation.updates.all())) for recommendation in queryset]


def overdue_since(today: date, weeks: int) -> date:
    """The overdue rule's day: an update written on it or later is recent."""
    return today - timedelta(weeks=weeks)


def overdue_rows(today: date, weeks: int) -> list[TrackerRow]:
    """Open recommendations with no dated progress update on or after overdue_since(today, weeks):
    undated updates (the paper's own) never count as recent; closed recommendations are never overdue."""
    recent = ProgressUpdate.objects.filter(written_on__gte=overdue_since(today, weeks))
    queryset = (recommendations().filter(status=Recommendation.Status.OPEN)
                .exclude(id__in=recent.values("recommendation_id")))
    return tracker_rows(queryset)


def recommendation_row(number: int) -> TrackerRow:
    return tracker_rows([get_object_or_404(recommendations(), number=number)])[0]


def assignee_of(user) -> Assignee | None:
    """The tracker's name for a signed-in person, if they are one of its assignees."""
    if not user.is_authenticated:
        return None
    return Assignee.objects.filter(user=user).first()


def forward_plan():
    return ForwardPlanItem.objects.all()


def next_number() -> int:
    """The next free No.: one after the highest."""
    last = Recommendation.objects.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1
