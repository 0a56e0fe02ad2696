"""An indicator's history, as its page lists it: every change to its figures, targets and
commentary, who made it, when and why (django-simple-history keeps the records)."""

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.periods import Month
from kpis.domain.writing import plain_number
from kpis.models import Commentary, Reading, Target


@dataclass(frozen=True)
class HistoryChange:
    """One field's change as recorded: who made it, when and why (the indicator page's history).
    Not kpis.services.imports.ImportChange, which is a change an import is about to make."""

    when: object
    who: str
    what: str
    old: str
    new: str
    reason: str


def history_of(indicator) -> list[HistoryChange]:
    """Every change to the indicator's figures, targets and commentary: who, when, old, new."""
    changes = []
    for model, describe, fields in (
        (Reading, lambda h: f"Figure {Month.of(h.month).label}",
         ("value", "numerator", "denominator", "flag", "state", "submitted_commentary")),
        (Target, lambda h: f"Target {h.year}/{(h.year + 1) % 100:02d} {h.period}", ("value", "kind", "text")),
        (Commentary, lambda h: f"Commentary Q{h.quarter} {h.year}/{(h.year + 1) % 100:02d}",
         ("text", "published_text")),
    ):
        records = model.history.filter(indicator_id=indicator.id).select_related("history_user")
        previous = {}
        for record in records.order_by("history_date"):
            changes += [
                HistoryChange(record.history_date, _who(record.history_user),
                              f"{describe(record)}: {field.replace('_', ' ')}",
                              _shown(old), _shown(new), record.history_change_reason or "")
                for field, old, new in _changed(record, previous.get(record.id), fields)
            ]
            previous[record.id] = record
    return sorted(changes, key=lambda c: c.when, reverse=True)


def _changed(record, before, fields) -> list[tuple]:
    """(field, old, new) in the page's order of `fields`: simple_history's diff against the record
    before; for a new record, the fields it was given."""
    if before is None:
        return [(field, None, getattr(record, field)) for field in fields if getattr(record, field) not in (None, "")]
    delta = {change.field: change for change in record.diff_against(before, included_fields=fields).changes}
    return [(field, delta[field].old, delta[field].new) for field in fields if field in delta]


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "import or system"


def _shown(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def records_by(model, key: Callable[[object], Hashable]) -> defaultdict[Hashable, list]:
    """Every history record of `model`, oldest first, each with its history_user, grouped by
    `key(record)` (an empty list for a key with none). One query: a model's history is not a
    relation, so it cannot be prefetched with the rows it belongs to."""
    grouped = defaultdict(list)
    for record in model.history.select_related("history_user").order_by("history_date", "history_id"):
        grouped[key(record)].append(record)
    return grouped
