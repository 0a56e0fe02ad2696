"""E-mail (kpis.services.notify): a returned figure tells its officers why; send_reminders reminds
officers before the due day and sends the performance team the late figures, once. Django's test
runner swaps in the locmem backend: what would be sent is in mail.outbox."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from kpis.models import Reading, SentMail
from kpis.services import workflow
from tests.month_sheet import DECEMBER, approved, make_indicator, submitted

REASON = "September's figure looks doubled.\nCheck the depot's return, then submit again."


def with_address(user, email=None):
    user.email = email or f"{user.username}@example.org"
    user.save()
    return user


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def sends(*args) -> str:
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def highways(other_officer):
    """Ed's service, with one indicator whose December figure he has submitted."""
    pot = make_indicator("POT", directorate="E&P - H&T")
    for month in ("2016-10", "2016-11"):
        approved(pot, month, "5")
    Reading.objects.create(indicator=pot, month=DECEMBER, value=Decimal("4"), state=Reading.State.SUBMITTED)
    return pot


@pytest.mark.django_db(transaction=True)  # committed for real: the mail waits for the commit
def test_a_returned_figure_is_emailed_to_its_officers_only_with_the_reason(client, officer, other_officer,
                                                                           performance, housing, settings):
    settings.KPI_SITE_URL = "https://kpi.example.gov.uk"
    for user in (officer, other_officer, performance):
        with_address(user)
    reading = submitted(client, officer)
    mail.outbox.clear()
    client.force_login(performance)
    client.post("/review/decision/", {"action": "return", "reading": [reading.id], "reason": REASON})
    assert [m.to for m in mail.outbox] == [["olivia@example.org"]]  # not Ed (another service), not the team
    message = mail.outbox[0]
    assert message.subject == "Figure returned: % of refuse bins emptied on correct day, December 2016"
    assert REASON in message.body  # plain text: the reason as typed, newline and apostrophe kept
    assert "https://kpi.example.gov.uk/entry/2016-12/" in message.body


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_return_sends_nothing(client, officer, performance, housing):
    with_address(officer)
    reading = submitted(client, officer)
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.return_to_officer(performance, [reading.id], REASON)
        raise RuntimeError("something after the return failed")
    reading.refresh_from_db()
    assert reading.state == Reading.State.SUBMITTED and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_the_subject_keeps_to_one_line_whatever_a_title_holds(client, officer, performance, housing):
    with_address(officer)
    housing.title = "Bins\r\nBcc: everyone@example.com\n\nbody"
    housing.save()
    reading = submitted(client, officer)
    client.force_login(performance)
    client.post("/review/decision/", {"action": "return", "reading": [reading.id], "reason": "Subject:\r\nBcc: x"})
    (message,) = mail.outbox
    assert message.subject == "Figure returned: Bins Bcc: everyone@example.com body, December 2016"
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert not [line for line in headers.splitlines() if line.startswith("Bcc")]  # the words stay in the subject
    assert message.recipients() == ["olivia@example.org"]


def test_reminders_go_to_the_officers_who_owe_figures_before_the_due_day(officer, other_officer, highways,
                                                                        housing, settings):
    settings.KPI_DUE_DAY, settings.KPI_REMINDER_DAYS = 10, 3
    with_address(officer), with_address(other_officer)
    assert "sent reminder" not in sends("--today", "2017-01-06")  # four days before 10 January: not yet
    assert mail.outbox == []
    out = sends("--today", "2017-01-07")
    (message,) = mail.outbox  # Olivia owes December's Housing figures; Ed submitted his (no digest: no address)
    assert message.to == ["olivia@example.org"]
    assert message.subject == "December 2016 figures due in 3 days, on 10 January 2017"
    assert "- BINS % of refuse bins emptied on correct day" in message.body and "POT" not in message.body
    assert "sent reminder of 4 figures for December 2016 to olivia <olivia@example.org>" in out
    assert "ed" not in out.replace("owed", "")


def test_the_digest_of_late_figures_goes_to_the_performance_team(officer, performance, councillor, housing):
    for user in (officer, performance, councillor):
        with_address(user)
    out = sends("--today", "2017-01-20")  # December's figures were due on 10 January
    (digest,) = mail.outbox
    # December's four Housing figures, and October's and November's of the three with none at all
    assert digest.to == ["pat@example.org"] and "sent digest of 10 late figures to pat" in out
    assert "- BINS % of refuse bins emptied on correct day, December 2016 (due 10 Jan 2017): owed by Olivia" \
        in digest.body
    assert "/review/" in digest.body


def test_running_twice_the_same_day_sends_once(officer, performance, housing):
    with_address(officer), with_address(performance)
    sends("--today", "2017-01-07")
    again = sends("--today", "2017-01-07")
    # October's and November's figures are late by then: Pat's digest goes once too
    assert [m.to for m in mail.outbox] == [["olivia@example.org"], ["pat@example.org"]]
    assert "already sent reminder of 4 figures for December 2016 to olivia" in again
    sends("--today", "2017-01-08")  # the reminder is once a month, the digest once a day
    assert [m.to for m in mail.outbox[2:]] == [["pat@example.org"]]
    sends("--today", "2017-01-20"), sends("--today", "2017-01-20")
    assert [m.to for m in mail.outbox[3:]] == [["pat@example.org"]]
    assert SentMail.objects.count() == 4


def test_a_user_without_an_address_is_skipped_and_reported(officer, performance, housing):
    out = sends("--today", "2017-01-07")
    assert "skipped olivia: no e-mail address" in out and "skipped pat: no e-mail address" in out
    assert mail.outbox == [] and not SentMail.objects.exists()  # so the mail goes once an address is added
    with_address(officer)
    assert "sent reminder" in sends("--today", "2017-01-08")
    assert [m.to for m in mail.outbox] == [["olivia@example.org"]]


def test_a_date_that_is_not_one_is_refused_by_name(db):
    with pytest.raises(CommandError, match="--today: '2017-13-01' is not a date"):
        sends("--today", "2017-13-01")


def test_the_demo_users_have_example_addresses(db):
    call_command("create_demo_users", stdout=io.StringIO())
    assert dict(User.objects.values_list("username", "email"))["officer"] == "officer@example.org"
