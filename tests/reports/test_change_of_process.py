"""Recording a change of process on the indicator page (issue 17): the performance team's form,
its refusals in the GOV.UK error pattern, the history kept, and the list every reader sees on
the next page, though the page's content is kept between requests (reports.cache)."""

from datetime import date

import pytest

from kpis.models import ChangeOfProcess
from kpis.selectors.freshness import versions
from tests.people import make_user

PAGE = "/indicators/BINS/"
RECORD = "/indicators/BINS/changes-of-process/"
FORM_HEADING = "Record a change of process"


def post(client, user, **data):
    client.force_login(user)
    return client.post(RECORD, {"month": "2016-10", "reason": "New contractor from October", **data})


def page(client, user=None):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_the_performance_team_records_one_with_who_and_why(client, housing, performance):
    response = post(client, performance)

    assert response.status_code == 302 and response["Location"] == f"{PAGE}#changes-of-process"
    change = ChangeOfProcess.objects.get()
    assert (change.indicator, change.month, change.reason, change.recorded_by) == (
        housing, date(2016, 10, 1), "New contractor from October", performance)
    history = change.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason) == (
        "+", performance, "New contractor from October")
    followed = client.get(response["Location"]).content.decode()
    assert "Change of process recorded from October 2016." in followed


def test_the_form_is_the_performance_teams_alone_offering_the_months_with_figures(
        client, housing, performance, officer, councillor):
    html = page(client, performance)
    assert FORM_HEADING in html
    assert 'action="/indicators/BINS/changes-of-process/"' in html and "csrfmiddlewaretoken" in html
    assert '<option value="2016-11">November 2016</option>' in html
    assert '<option value="2016-04">April 2016</option>' in html
    assert '<option value="2016-12">' not in html  # no figure in December
    for reader in (officer, councillor, None):  # the officer enters BINS, and still does not see it
        assert FORM_HEADING not in page(client, reader)


@pytest.mark.parametrize("role, services", [("officer", ["AHH - Housing"]), ("officer", ["E&P - H&T"]),
                                           ("councillor", []), ("scrutiny", [])])
def test_anyone_else_is_refused_and_nothing_is_written(client, housing, role, services):
    response = post(client, make_user("someone", role, services))
    assert response.status_code == 403
    assert not ChangeOfProcess.objects.exists()


def test_a_visitor_signs_in_first_and_a_get_is_not_allowed(client, housing, performance):
    response = client.post(RECORD, {"month": "2016-10", "reason": "Why"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    client.force_login(performance)
    assert client.get(RECORD).status_code == 405
    assert not ChangeOfProcess.objects.exists()


REFUSALS = [
    ("no reason", {"reason": ""}, "change-reason", "Enter the reason the process changed"),
    ("a reason of spaces", {"reason": "   \n "}, "change-reason", "Enter the reason the process changed"),
    ("no month", {"month": ""}, "change-month", "Choose the first month of the new process"),
    ("a month without a figure", {"month": "2016-12"}, "change-month",
     "Choose one of the months listed: the months with a figure"),
    ("not a month", {"month": "October"}, "change-month", "Choose one of the months listed"),
    ("a reason too long", {"reason": "x" * 10_001}, "change-reason",
     "The reason must be 10,000 characters or fewer (it is 10,001)"),
]


@pytest.mark.parametrize("data, field, message", [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS])
def test_a_refusal_names_its_field_and_writes_nothing(client, housing, performance, data, field, message):
    before = versions()
    response = post(client, performance, **data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    assert "There is a problem" in html and f'<a href="#{field}">{message}' in html
    assert f'id="{field}-error"' in html and "govuk-form-group--error" in html
    assert 'aria-invalid="true"' in html
    assert "% of refuse bins emptied on correct day" in html  # the indicator page again, around the form
    assert not ChangeOfProcess.objects.exists()
    assert versions() == before


def test_what_was_typed_is_kept_when_refused(client, housing, performance):
    html = post(client, performance, month="").content.decode()
    assert "New contractor from October</textarea>" in html


def test_a_month_already_recorded_is_refused(client, housing, performance):
    assert post(client, performance).status_code == 302

    response = post(client, performance, reason="Again")

    html = response.content.decode()
    assert response.status_code == 200
    assert ('<a href="#change-month">A change of process is already recorded for October 2016: choose another month'
            in html)
    assert list(ChangeOfProcess.objects.values_list("reason", flat=True)) == ["New contractor from October"]


def test_everyone_reads_the_changes_recorded_escaped(client, housing, performance, councillor):
    assert "No change of process recorded." in page(client)
    assert post(client, performance, reason="<b>New</b> contractor\nfrom October").status_code == 302
    assert post(client, performance, month="2016-05", reason="Definition changed").status_code == 302

    for reader in (None, councillor, performance):
        html = page(client, reader)
        table = html[html.index('id="changes-of-process"'):html.index("Commentary</h2>")]
        assert table.index("May 2016") < table.index("October 2016")  # earliest first
        assert "&lt;b&gt;New&lt;/b&gt; contractor<br>from October" in table
        assert "Definition changed" in table


def test_a_kept_page_shows_a_change_recorded_after_it_was_kept(client, housing, performance):
    assert "No change of process recorded." in page(client)  # kept for the public
    ChangeOfProcess.objects.create(indicator=housing, month=date(2016, 5, 1), reason="Made in the shell")
    assert "Made in the shell" in page(client)  # saved one by one: its signal told the pages
    ChangeOfProcess.objects.filter(month=date(2016, 5, 1)).update(reason="Changed behind the product's back")
    assert "Made in the shell" in page(client)  # updated in bulk, untold: the kept page stands
    before = versions()

    assert post(client, performance).status_code == 302

    assert versions().public != before.public
    html = page(client)
    assert "New contractor from October" in html and "Changed behind the product&#x27;s back" in html


HOSTILE = '<script>alert("s")</script><img src=x onerror=alert(1)> =HYPERLINK("http://x")'


def test_a_hostile_reason_is_kept_as_typed_and_shown_as_text(client, housing, performance):
    post(client, performance, reason=HOSTILE)
    assert ChangeOfProcess.objects.get().reason == HOSTILE  # kept as typed: escaped where it is shown
    shown = page(client)  # the public's page
    assert "&lt;script&gt;alert(&quot;s&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "<script>alert" not in shown and "<img src=x" not in shown
