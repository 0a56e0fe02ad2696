"""Writes of the monthly cycle: officers save and submit, the performance team approves or
returns, locks and reopens quarters. Each runs in one transaction: all of it or none.

draft -> submitted -> approved (published), or submitted -> returned (with a reason)
-> draft / submitted again. Imported figures arrive approved (kpis.services.imports).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kpis.domain.periods import Month, Quarter, year_label
from kpis.domain.rules import MonthFigure, needs_commentary
from kpis.domain.terms import Flag
from kpis.domain.writing import plain_number
from kpis.models import Commentary, Indicator, QuarterLock, Reading, Target
from kpis.permissions import is_performance_team, refused
from kpis.selectors.month import statuses_for_month
from kpis.services import freshness, notify

State = Reading.State
EDITABLE_STATES = (State.DRAFT, State.RETURNED)
# The longest reason a person may type (to return figures, reopen a quarter): a paragraph, not a document.
REASON_MAX_LENGTH = 1000
RETURN_REASON = "Reason for returning"
RETURN_REASON_MISSING = "Enter a reason for returning the figures"
REOPEN_REASON = "Reason for reopening"
REOPEN_REASON_MISSING = "Enter a reason for reopening the quarter"


class WorkflowError(Exception):
    """Refused, with what is wrong: messages by indicator code ("" for the whole request)."""

    def __init__(self, problems: dict[str, list[str]]):
        self.problems = dict(problems)
        super().__init__("; ".join(f"{code}: {m}" if code else m for code, ms in problems.items() for m in ms))


@dataclass(frozen=True)
class Entry:
    """One indicator's figure for the month, as the officer left it on the page."""

    indicator: Indicator
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    flag: Flag = Flag.NONE
    note: str = ""
    commentary: str = ""  # the quarter's commentary as on the page
    seen_version: int | None = None  # the reading's version when the page was opened; None: there was none
    # commentary_digest of the quarter's commentary when the page was opened; None: not checked
    seen_commentary: str | None = None


def commentary_digest(text: str) -> str:
    """A short fingerprint of a commentary's words, carried by the page to notice that someone
    else changed them since it was opened (a commentary is shared by the quarter's months)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


def locked_quarters() -> set[Quarter]:
    return {lock.period for lock in QuarterLock.objects.filter(locked=True)}


def ensure_unlocked(quarter: Quarter):
    if quarter in locked_quarters():
        raise WorkflowError({"": [f"{quarter.label} is locked: the performance team must reopen it, with a reason, "
                                  "before its figures change."]})


def reason_too_long(field: str, reason: str) -> str | None:
    """What is wrong with a typed reason's length, in words naming its field; None if nothing."""
    if len(reason) > REASON_MAX_LENGTH:
        return f"{field}: {len(reason):,} characters; keep it to {REASON_MAX_LENGTH:,} or fewer."
    return None


def reason_problem(field: str, reason: str, missing: str) -> str | None:
    """What is wrong with a typed reason, in words naming its field (`missing` when blank); None if nothing."""
    reason = reason.strip()
    problem = missing if not reason else reason_too_long(field, reason)
    if "\x00" in reason:  # PostgreSQL keeps no NUL in text; a form field refuses it too
        problem = f"{field}: remove the null character (\\x00) it holds."
    return problem


def _given_reason(field: str, reason: str, missing: str) -> str:
    problem = reason_problem(field, reason, missing)
    if problem:
        raise WorkflowError({"": [problem]})
    return reason.strip()


def lock_indicators(ids: list[int] | None = None):
    """Hold the indicators' rows (all of them when `ids` is None) until the transaction ends.
    A figure saved for the first time has no row of its own to lock yet, so every writer of
    figures locks its indicators first, always in the same order: two first saves of a month,
    or an import and a save, then queue, and the later one finds the earlier one's figure and
    says it was changed by someone else, instead of failing on the database's unique rule.
    (On SQLite, settings.py has each transaction take the database's write lock as it begins.)"""
    rows = Indicator.objects.select_for_update(no_key=True).order_by("id")
    if ids is not None:
        rows = rows.filter(id__in=ids)
    list(rows.values_list("id", flat=True))


def _history(obj, user, reason: str):
    obj._history_user = user
    obj._change_reason = reason


def save_month(user, month: Month, entries: list[Entry], *, submit: bool) -> list[Reading]:
    """Save (as draft) or submit a month's figures. Refused whole when the quarter is locked,
    a figure is not the user's to enter, was changed by someone else since the page was
    opened, is already submitted or approved, or (on submitting) fails its quarter to date
    without a commentary."""
    with transaction.atomic(), freshness.together():
        ensure_unlocked(month.quarter)
        if denied := refused(user, [entry.indicator for entry in entries]):
            raise PermissionDenied(f"{denied[0].code} is not one of your indicators")
        ids = [entry.indicator.id for entry in entries]
        lock_indicators(ids)
        existing = {
            r.indicator_id: r
            for r in Reading.objects.select_for_update(of=("self",)).select_related("updated_by").filter(
                month=month.first_day, indicator_id__in=ids)
        }
        problems = defaultdict(list)
        for entry in entries:
            reading = existing.get(entry.indicator.id)
            stale = reading.version != entry.seen_version if reading else entry.seen_version is not None
            if stale:
                problems[entry.indicator.code].append(_conflict(reading))
            elif reading and reading.state not in EDITABLE_STATES:
                problems[entry.indicator.code].append(
                    f"this figure is {reading.get_state_display().lower()}; it can no longer be changed here")
        _refuse_stale_commentary(month.quarter, entries, problems)
        if submit:
            _require_commentary_on_failure(month, entries, problems)
        if problems:
            raise WorkflowError(problems)
        saved = [_save(user, month, entry, existing.get(entry.indicator.id), submit) for entry in entries]
        _save_commentary(user, month.quarter, entries, submit=submit)
        return saved


def _conflict(reading: Reading | None) -> str:
    if reading is None:
        return "the figure you opened has since been deleted; check the month again"
    who = _name(reading.updated_by) if reading.updated_by else "someone"
    when = timezone.localtime(reading.updated_at).strftime("%d %b %Y %H:%M")
    value = "blank" if reading.value is None else plain_number(reading.value)
    return (f"changed by {who} at {when} since you opened this page: the figure is now {value}. "
            "Nothing was saved: check it, then save again.")


def _name(user) -> str:
    return user.get_full_name() or user.username


def _refuse_stale_commentary(quarter: Quarter, entries: list[Entry], problems):
    """Words someone else saved since the page was opened are never overwritten unseen: the
    officer is told, shown them, and saves again if theirs should stand."""
    checked = [e for e in entries if e.seen_commentary is not None]
    stored = {c.indicator_id: c for c in Commentary.objects.select_for_update().filter(
        indicator__in=[e.indicator for e in checked], year=quarter.year, quarter=quarter.number)}
    for entry in checked:
        current = stored.get(entry.indicator.id)
        text = current.text if current else ""
        if commentary_digest(text) != entry.seen_commentary and entry.commentary.strip() != text.strip():
            record = current.history.select_related("history_user").first() if current else None
            who = _name(record.history_user) if record and record.history_user else "someone"
            problems[entry.indicator.code].append(
                f"the quarter's commentary was changed by {who} since you opened this page; it now reads: "
                f"\"{text or '(blank)'}\". Nothing was saved: check it, then save again.")


def _require_commentary_on_failure(month: Month, entries: list[Entry], problems):
    """Thurrock's appendix 1b: a figure that fails needs its cause, action and forecast."""
    figures = {
        e.indicator.id: MonthFigure(month, e.value, e.numerator, e.denominator, e.flag) for e in entries
    }
    statuses = statuses_for_month([e.indicator for e in entries], month, figures)
    written = set(Commentary.objects.filter(
        indicator__in=[e.indicator for e in entries], year=month.quarter.year, quarter=month.quarter.number
    ).exclude(text="").values_list("indicator_id", flat=True))
    for entry in entries:
        status = statuses[entry.indicator.id].quarter.status
        has_commentary = entry.commentary.strip() or entry.indicator.id in written
        if needs_commentary(status) and not has_commentary:
            problems[entry.indicator.code].append(
                f"the quarter to date fails its target ({status.value}): write a commentary (cause, action, "
                "forecast) before submitting")


def _save(user, month: Month, entry: Entry, reading: Reading | None, submit: bool) -> Reading:
    reading = reading or Reading(indicator=entry.indicator, month=month.first_day)
    reading.value, reading.numerator, reading.denominator = entry.value, entry.numerator, entry.denominator
    reading.flag, reading.note = entry.flag.value, entry.note
    reading.state = State.SUBMITTED if submit else State.DRAFT
    reading.submitted_commentary = entry.commentary.strip() if submit else ""
    reading.version += 1
    reading.updated_by = user
    _history(reading, user, "submitted" if submit else "saved as draft")
    reading.save()
    return reading


def _save_commentary(user, quarter: Quarter, entries: list[Entry], *, submit: bool):
    """The service's latest words change on every save. What the public reads changes only
    when the performance team approves a figure submitted with words (_publish_commentary)."""
    stored = {c.indicator_id: c for c in Commentary.objects.filter(
        indicator__in=[e.indicator for e in entries], year=quarter.year, quarter=quarter.number)}
    for entry in entries:
        text = entry.commentary.strip()
        current = stored.get(entry.indicator.id)
        if current is None and not text or current is not None and current.text == text:
            continue
        commentary = current or Commentary(indicator=entry.indicator, year=quarter.year, quarter=quarter.number)
        commentary.text = text
        _history(commentary, user, "commentary submitted" if submit else "commentary saved as draft")
        commentary.save()


def _review(user, readings: list[Reading], to_state: str, reason: str = "") -> list[Reading]:
    if not is_performance_team(user):
        raise PermissionDenied("only the performance team approves or returns figures")
    problems = defaultdict(list)
    for reading in readings:
        if reading.state != State.SUBMITTED:
            problems[reading.indicator.code].append(
                f"{Month.of(reading.month).label} is {reading.get_state_display().lower()}: "
                "only a submitted figure can be approved or returned")
    for quarter in {Month.of(r.month).quarter for r in readings} & locked_quarters():
        problems[""].append(f"{quarter.label} is locked")
    if problems:
        raise WorkflowError(problems)
    for reading in readings:
        reading.state = to_state
        reading.return_reason = reason
        reading.version += 1
        reading.updated_by = user
        _history(reading, user, f"{to_state}: {reason}" if reason else to_state)
        reading.save()
    if to_state == State.APPROVED:
        _publish_commentary(user, readings)
    return readings


def _publish_commentary(user, readings: list[Reading]):
    """Approving figures publishes the words submitted with the latest approved figure of each
    indicator and quarter: exactly what the performance team saw with it in the review queue,
    never a later draft, never words sent with a figure they returned."""
    quarters = {(r.indicator_id, Month.of(r.month).quarter) for r in readings}
    months = {m.first_day for _, quarter in quarters for m in quarter.months}
    latest = {}  # (indicator id, quarter) -> the words of its latest approved month
    for indicator_id, month, words in Reading.objects.filter(
            indicator_id__in={i for i, _ in quarters}, month__in=months, state=State.APPROVED,
    ).exclude(submitted_commentary="").order_by("month").values_list("indicator_id", "month", "submitted_commentary"):
        latest[indicator_id, Month.of(month).quarter] = words
    for (indicator_id, quarter), words in latest.items():
        if (indicator_id, quarter) not in quarters:
            continue
        commentary, _ = Commentary.objects.get_or_create(
            indicator_id=indicator_id, year=quarter.year, quarter=quarter.number, defaults={"text": words})
        if commentary.published_text != words:
            commentary.published_text = words
            _history(commentary, user, "published with the approved figures")
            commentary.save()


def _held(reading_ids: list[int]) -> list[Reading]:
    """The readings to review, held until the transaction ends."""
    return list(Reading.objects.select_for_update(of=("self",)).select_related("indicator").filter(id__in=reading_ids))


def approve(user, reading_ids: list[int]) -> list[Reading]:
    """Publish submitted figures."""
    with transaction.atomic(), freshness.together():
        readings = _held(reading_ids)
        return _review(user, readings, State.APPROVED)


def return_to_officer(user, reading_ids: list[int], reason: str) -> list[Reading]:
    """Send submitted figures back to their officer, saying why (and e-mail them: kpis.services.notify)."""
    reason = _given_reason(RETURN_REASON, reason, RETURN_REASON_MISSING)
    with transaction.atomic(), freshness.together():
        readings = _held(reading_ids)
        returned = _review(user, readings, State.RETURNED, reason)
        notify.after_return(returned, reason)  # e-mailed once the return commits; never if it rolls back
        return returned


ADMIN_EDIT = "edited in the admin"


def _refuse_stale_or_locked(reading_id: int | None, indicator_id: int, month,
                            seen_version: int | None) -> Reading | None:
    """The stored reading `reading_id` (None for a new one), held until the transaction ends;
    WorkflowError if it changed since `seen_version` was read, or its quarter (before or after
    the edit) is locked."""
    lock_indicators([indicator_id])
    stored = None
    if reading_id is not None:
        stored = Reading.objects.select_for_update(of=("self",)).select_related("updated_by").filter(
            pk=reading_id).first()
    if (reading_id is not None and stored is None) or (stored.version if stored else None) != seen_version:
        raise WorkflowError({"": [_conflict(stored)]})
    for quarter in sorted({Month.of(month).quarter} | ({Month.of(stored.month).quarter} if stored else set())):
        ensure_unlocked(quarter)
    return stored


def check_reading_edit(reading_id: int | None, indicator_id: int, month, seen_version: int | None):
    """Refuse, before anything is saved, what edit_reading would refuse (for a form's errors)."""
    with transaction.atomic(), freshness.together():
        _refuse_stale_or_locked(reading_id, indicator_id, month, seen_version)


def edit_reading(user, reading: Reading, *, seen_version: int | None, reason: str = ADMIN_EDIT) -> Reading:
    """Save `reading` as changed outside the month sheet (in the admin), as save_month would: a
    new version, who and why in its history; refused when its quarter is locked or the figure
    changed since `seen_version` (the version when the page was opened; None for a new one)."""
    if not is_performance_team(user):
        raise PermissionDenied("only the performance team changes figures in the admin")
    with transaction.atomic(), freshness.together():
        stored = _refuse_stale_or_locked(reading.pk, reading.indicator_id, reading.month, seen_version)
        reading.version = (stored.version if stored else 0) + 1
        reading.updated_by = user
        _history(reading, user, reason)
        reading.save()
        return reading


def lock_quarter(user, quarter: Quarter) -> QuarterLock:
    if not is_performance_team(user):
        raise PermissionDenied("only the performance team locks and reopens quarters")
    return set_lock(user, quarter, True, "locked")


def reopen_quarter(user, quarter: Quarter, reason: str) -> QuarterLock:
    """Reopen a locked quarter; who, when and why are kept in the lock's history."""
    if not is_performance_team(user):
        raise PermissionDenied("only the performance team locks and reopens quarters")
    reason = _given_reason(REOPEN_REASON, reason, REOPEN_REASON_MISSING)
    return set_lock(user, quarter, False, reason)


def set_lock(user, quarter: Quarter, locked: bool, reason: str) -> QuarterLock:
    """Lock or reopen, kept in the lock's history. Callers check who may (an import's
    --reopen is the command-line user's decision)."""
    with transaction.atomic(), freshness.together():
        lock = (QuarterLock.objects.select_for_update().filter(year=quarter.year, quarter=quarter.number).first()
                or QuarterLock(year=quarter.year, quarter=quarter.number))
        lock.locked, lock.reason, lock.changed_by = locked, reason if not locked else lock.reason, user
        _history(lock, user, reason)
        lock.save()
        return lock


def copy_targets_to_next_year(user, year: int) -> int:
    """Start next year's targets from this year's: copies each target of `year` that has no
    counterpart in `year + 1`. Returns how many were created."""
    if not is_performance_team(user):
        raise PermissionDenied("only the performance team manages targets")
    with transaction.atomic(), freshness.together():
        if not Target.objects.filter(year=year).exists():
            raise WorkflowError({"": [no_targets_to_copy(year)]})
        taken = set(Target.objects.filter(year=year + 1).values_list("indicator_id", "period"))
        created = 0
        for target in Target.objects.filter(year=year):
            if (target.indicator_id, target.period) in taken:
                continue
            copy = Target(indicator_id=target.indicator_id, year=year + 1, period=target.period,
                          value=target.value, kind=target.kind, text=target.text)
            _history(copy, user, f"copied from {year_label(year)}")
            copy.save()
            created += 1
        return created


def no_targets_to_copy(year: int) -> str:
    return f"Financial year: {year_label(year)} has no targets to copy"


def choose_focus(user, quarter: Quarter, indicator_ids: list[int]) -> int:
    """The performance team picks the quarter's In Focus indicators (in the order given);
    the choice is kept in history like any other change."""
    from kpis.models import FocusIndicator

    if not is_performance_team(user):
        raise PermissionDenied("only the performance team picks the In Focus indicators")
    with transaction.atomic(), freshness.together():
        # The In Focus pages are part of the signed-off report: they change with its figures, not after.
        if quarter in locked_quarters():
            raise WorkflowError({"": [f"{quarter.label} is locked: its In Focus choice changes only after the "
                                      "performance team reopens the quarter, with a reason."]})
        chosen = list(Indicator.objects.filter(id__in=indicator_ids, active=True).values_list("id", flat=True))
        current = FocusIndicator.objects.filter(year=quarter.year, quarter=quarter.number)
        for focus in current.exclude(indicator_id__in=chosen):
            _history(focus, user, "no longer In Focus")
            focus.delete()
        for position, indicator_id in enumerate(sorted(chosen, key=indicator_ids.index), start=1):
            focus = current.filter(indicator_id=indicator_id).first() or FocusIndicator(
                indicator_id=indicator_id, year=quarter.year, quarter=quarter.number)
            if focus.pk is None or focus.position != position:
                focus.position = position
                _history(focus, user, "In Focus")
                focus.save()
        return len(chosen)
