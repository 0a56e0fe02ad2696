"""E-mails of the monthly cycle, in plain text: an officer is told when a figure is returned
(workflow.return_to_officer, once its transaction commits), reminded before the due day, and
the performance team gets a digest of late figures (the last two by `manage.py send_reminders`,
daily from cron). What is due and what is late is the review queue's (kpis.selectors.review).

Plain text needs no HTML escaping of what people typed; a subject needs one line, so every
subject goes through one_line (a newline there would be a header injection, and Django refuses
to send it at all)."""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from kpis.domain.periods import Month
from kpis.models import Reading, Role, SentMail
from kpis.selectors.review import due_date, late_figures, officers_by_service, owed_figures

logger = logging.getLogger(__name__)


@dataclass
class Report:
    """What a run sent and whom it skipped, line by line, for the command to print."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)


def one_line(text: str, limit: int = 150) -> str:
    """`text` fit for a mail header: its whitespace (newlines too) made single spaces, cut to `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def link(name: str, *args) -> str:
    """An absolute address of the product's page `name` (KPI_SITE_URL: mail has no request to ask)."""
    return settings.KPI_SITE_URL.rstrip("/") + reverse(name, args=args)


def month_name(month: Month) -> str:
    """"December 2016": a mail is read away from the tables, where "Dec-16" belongs."""
    return f"{month.first_day:%B %Y}"


def _name(user) -> str:
    return user.get_full_name() or user.username


def _message(user, subject: str, body: str) -> EmailMessage:
    return EmailMessage(one_line(subject), body, to=[user.email])


def _no_address(user, report: Report | None = None):
    line = f"skipped {user.username}: no e-mail address (add one in the admin, Users)"
    logger.warning(line)
    if report is not None:
        report.skipped.append(line)


# --- a figure returned ----------------------------------------------------------------------


def after_return(readings: list[Reading], reason: str):
    """Tell the officers of the returned figures, once (and only if) the return commits. Robust:
    the figures are returned whatever the mail server does; a failure to send is logged."""
    ids = [r.id for r in readings]
    transaction.on_commit(lambda: figures_returned(ids, reason), robust=True)


def figures_returned(reading_ids: list[int], reason: str) -> int:
    """E-mail each officer who may enter a returned figure: which, the month, why, and the link
    to the month sheet. One mail an officer however many of theirs came back. How many sent."""
    readings = Reading.objects.filter(id__in=reading_ids).select_related("indicator").order_by("month", "indicator")
    officers = officers_by_service()
    theirs = defaultdict(list)
    for reading in readings:
        for user in officers.get(reading.indicator.directorate_id, []):
            theirs[user].append(reading)
    sent = 0
    for user, returned in theirs.items():
        if not user.email:
            _no_address(user)
            continue
        first = returned[0]
        subject = (f"{len(returned)} figures returned" if len(returned) > 1
                   else f"Figure returned: {first.indicator.title}, {month_name(Month.of(first.month))}")
        lines = [f"Dear {_name(user)},", "", "The performance team returned these figures to you:", ""]
        for reading in returned:
            month = Month.of(reading.month)
            lines += [f"- {reading.indicator.code} {reading.indicator.title}, {month_name(month)}",
                      f"  {link('month_entry', str(month))}"]
        lines += ["", "Their reason:", "", reason, "", "Correct the figures, then submit them again."]
        _message(user, subject, "\n".join(lines)).send()
        sent += 1
    return sent


# --- reminders and the late digest (send_reminders) ------------------------------------------


def send_reminders(today: date) -> Report:
    """Remind officers of last month's figures still owed, from KPI_REMINDER_DAYS days before
    the due day (once a month each); send the performance team the day's digest of late
    figures (once a day each). Each mail is sent once: SentMail remembers it."""
    report = Report()
    month = Month.of(today).shifted(-1)
    days_left = (due_date(month) - today).days
    if 1 <= days_left <= settings.KPI_REMINDER_DAYS:
        _remind(month, days_left, report)
    if late := late_figures(today):
        _digest(today, late, report)
    return report


def _remind(month: Month, days_left: int, report: Report):
    owed = defaultdict(list)  # officer -> the indicators they owe for `month`
    for item in owed_figures([month]):
        for user in item["officers"]:
            owed[user].append(item["indicator"])
    due = due_date(month)
    for user, indicators in owed.items():
        when = "tomorrow" if days_left == 1 else f"in {days_left} days"
        subject = f"{month_name(month)} figures due {when}, on {due:%-d %B %Y}"
        lines = [f"Dear {_name(user)},", "", f"These figures for {month_name(month)} are due {when}, "
                 f"on {due:%-d %B %Y}, and not yet submitted:", ""]
        lines += [f"- {i.code} {i.title}" for i in indicators]
        lines += ["", f"Enter and submit them here: {link('month_entry', str(month))}"]
        what = f"reminder of {len(indicators)} figure{'s' * (len(indicators) != 1)} for {month_name(month)}"
        _send_once(SentMail.Kind.REMINDER, str(month), user, subject, "\n".join(lines), what, report)


def performance_team():
    """Whom the digest goes to: the performance team (superusers count as it), active."""
    return (get_user_model().objects.filter(is_active=True)
            .filter(Q(profile__role=Role.PERFORMANCE) | Q(is_superuser=True)).distinct().order_by("username"))


def _digest(today: date, late: list[dict], report: Report):
    subject = f"{len(late)} late figure{'s' * (len(late) != 1)} on {today:%-d %B %Y}"
    lines = [f"{len(late)} figure{'s' * (len(late) != 1)} past the due date, not submitted:", ""]
    for item in late:
        who = ", ".join(item["owed_by"]) or "no officer assigned"
        lines.append(f"- {item['indicator'].code} {item['indicator'].title}, {month_name(item['month'])} "
                     f"(due {item['due']:%-d %b %Y}): owed by {who}")
    lines += ["", f"The review queue: {link('review_queue')}"]
    for user in performance_team():
        _send_once(SentMail.Kind.LATE_DIGEST, today.isoformat(), user, subject, "\n".join(lines),
                   f"digest of {len(late)} late figures", report)


def _send_once(kind: str, occasion: str, user, subject: str, body: str, what: str, report: Report):
    if not user.email:
        _no_address(user, report)
        return
    # The row and the sending in one transaction: if sending fails, the row goes too, and the
    # next run tries again. A second run finds the row (or waits on it, then finds it).
    with transaction.atomic():
        _, created = SentMail.objects.get_or_create(kind=kind, occasion=occasion, recipient=user)
        if created:
            _message(user, subject, body).send()
    (report.sent if created else report.already).append(f"{'sent' if created else 'already sent'} {what} "
                                                        f"to {user.username} <{user.email}>")
