"""Which quarters are published, and on which day (kpis.models.QuarterPublication), and when a
quarter's figures last changed."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Max

from kpis.domain.periods import Quarter
from kpis.models import QuarterPublication, Reading
from kpis.selectors.history import records_by


def published_quarters() -> dict[Quarter, date]:
    """Each published quarter and its committee date, latest quarter first."""
    rows = QuarterPublication.objects.filter(published_on__isnull=False).values_list("year", "quarter", "published_on")
    found = {Quarter(year, number): day for year, number, day in rows}
    return {quarter: found[quarter] for quarter in sorted(found, reverse=True)}


@dataclass(frozen=True)
class PublicationWithHistory:
    quarter: Quarter
    published_on: date | None  # None: in progress (never published, or withdrawn)
    changes: list  # its history records, oldest first, each with its history_user


def publications(quarters) -> list[PublicationWithHistory]:
    """The quarters given (those with figures) and every quarter ever published, latest first,
    each with its publications and withdrawals (who, when). Two queries."""
    changes = records_by(QuarterPublication, lambda record: Quarter(record.year, record.quarter))
    stored = {p.period: p.published_on for p in QuarterPublication.objects.all()}
    shown = sorted(set(quarters) | set(stored), reverse=True)
    return [PublicationWithHistory(q, stored.get(q), changes[q]) for q in shown]


def published_on(quarter: Quarter) -> date | None:
    """The day `quarter` was published, or None while it is in progress."""
    return QuarterPublication.objects.filter(
        year=quarter.year, quarter=quarter.number, published_on__isnull=False,
    ).values_list("published_on", flat=True).first()


def last_updated(quarter: Quarter, *, include_drafts: bool = False) -> datetime | None:
    """When a figure of the quarter's months last changed: the published ones, or with drafts."""
    readings = Reading.objects.filter(month__gte=quarter.months[0].first_day,
                                       month__lte=quarter.last_month.first_day)
    if not include_drafts:
        readings = readings.filter(state=Reading.State.APPROVED)
    return readings.aggregate(latest=Max("updated_at"))["latest"]
