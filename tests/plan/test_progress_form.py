"""The deliverable's progress form: the officer who leads it and the performance team may write
it, nobody else; the report's rules (a status; n/a with its reason; no locked quarter) refused on
the page naming the field, what was typed kept and nothing written; each save kept in the history
with who and why."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from kpis.domain.periods import Quarter
from kpis.services import workflow
from kpis.services.publication import set_publication
from plan.models import Progress
from plan.services import ProgressRefused, Report, record_progress
from tests.people import make_user
from tests.plan.plan_data import HOSTILE, make_plan, report_q2

pytestmark = pytest.mark.django_db

URL = "/plan/deliverables/1/progress/"  # deliverable 1, led by Olivia


@pytest.fixture
def olivia(db):
    return make_user("olivia", "officer", ["Children's Services"])


@pytest.fixture
def plan(olivia):
    plan = make_plan(lead=olivia)
    report_q2(plan, published=False)
    return plan


def errors(response) -> list[str]:
    summary = response.content.decode().split('govuk-error-summary__list">')[1].split("</ul>")[0]
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", summary, re.S)]


def test_the_lead_officer_updates_a_quarter_and_is_sent_back_with_a_banner(client, plan, olivia):
    client.force_login(olivia)
    response = client.post(URL, {"quarter": "2014-Q3", "status": "amber", "commentary": "The builder is late.\n\n"
                                 "We expect to open in January."}, follow=True)
    assert response.redirect_chain == [("/plan/deliverables/1/", 302)]
    page = response.content.decode()
    assert "govuk-notification-banner--success" in page
    assert ("Progress of deliverable 1 for Quarter 3 2014/15 saved: Amber: some slippage but within tolerance."
            in page)
    saved = Progress.objects.get(deliverable=plan["places"], year=2014, quarter=3)
    assert (saved.status, saved.updated_by) == ("amber", olivia)
    assert saved.commentary == "The builder is late.\n\nWe expect to open in January."


def test_a_save_is_kept_in_the_history_with_who_and_why(client, plan, olivia):
    client.force_login(olivia)
    client.post(URL, {"quarter": "2014-Q2", "status": "red", "commentary": "Site flooded."})
    progress = Progress.objects.get(deliverable=plan["places"], year=2014, quarter=2)
    assert progress.status == "red"  # over the green reported before, not beside it
    latest = progress.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (olivia, "progress updated", "red")
    assert [h.status for h in progress.history.order_by("history_date")] == ["green", "red"]


def test_the_form_opens_on_the_quarter_asked_for_with_what_was_reported(client, plan, olivia):
    client.force_login(olivia)
    page = client.get(URL + "?quarter=2014-Q2").content.decode()
    assert '<option value="2014-Q2" selected>Quarter 2 2014/15</option>' in page
    assert re.search(r'<input[^>]*value="green"[^>]*checked', page)
    assert "Two new primary schools opened in September." in page
    for words in ("Green: progressing as planned", "Amber: some slippage but within tolerance",
                  "Red: requires remedial action", "n/a: no status this quarter"):
        assert words in page


def test_the_performance_team_may_update_any_deliverable(client, plan):
    client.force_login(make_user("pat", "performance"))
    response = client.post("/plan/deliverables/3/progress/", {"quarter": "2014-Q3", "status": "green",
                                                              "commentary": ""})
    assert response.status_code == 302
    assert Progress.objects.get(deliverable=plan["apprentices"], year=2014, quarter=3).status == "green"


@pytest.mark.parametrize("role", ["officer", "councillor", "scrutiny"])
def test_anyone_else_is_refused(client, plan, role):
    client.force_login(make_user("someone", role))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"quarter": "2014-Q3", "status": "green"}).status_code == 403
    assert not Progress.objects.filter(year=2014, quarter=3).exists()


def test_the_public_is_asked_to_sign_in(client, plan):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_service_refuses_whoever_may_not_update(plan):
    with pytest.raises(PermissionDenied):
        record_progress(make_user("ed", "officer"), plan["places"], Report(Quarter(2014, 3), "green", ""))


def test_n_a_without_a_reason_is_refused_naming_the_field_and_nothing_is_written(client, plan, olivia):
    client.force_login(olivia)
    before = Progress.history.count()
    response = client.post(URL, {"quarter": "2014-Q3", "status": "n/a", "commentary": "   "})
    assert response.status_code == 200
    assert errors(response) == ["Commentary: say why the deliverable has no status this quarter"]
    page = response.content.decode()
    assert '<a href="#id_commentary">' in page and "govuk-textarea--error" in page
    assert re.search(r'<input[^>]*value="n/a"[^>]*checked', page)  # the choice kept
    assert "<title>Error: " in page
    assert not Progress.objects.filter(year=2014, quarter=3).exists() and Progress.history.count() == before


def test_no_status_is_refused(client, plan, olivia):
    client.force_login(olivia)
    response = client.post(URL, {"quarter": "2014-Q3", "commentary": "Kept as typed"})
    assert errors(response) == ["Select the status: green, amber, red or n/a"]
    assert '<a href="#id_status_0">' in response.content.decode()
    assert "Kept as typed</textarea>" in response.content.decode()
    assert not Progress.objects.filter(year=2014, quarter=3).exists()


def test_a_quarter_not_listed_is_refused(client, plan, olivia):
    client.force_login(olivia)
    response = client.post(URL, {"quarter": "1989-Q4", "status": "green"})
    assert errors(response) == ["Quarter: choose one of the quarters listed"]
    assert not Progress.objects.filter(year=1989).exists()


def test_a_locked_quarter_is_refused_with_a_message(client, plan, olivia):
    workflow.lock_quarter(make_user("pat", "performance"), Quarter(2014, 2))
    client.force_login(olivia)
    page = client.get(URL).content.decode()
    assert '<option value="2014-Q2"' in page and "Quarter 2 2014/15 (locked)" in page
    response = client.post(URL, {"quarter": "2014-Q2", "status": "red", "commentary": "Too late"})
    assert errors(response) == ["Quarter: Quarter 2 2014/15 is locked: the performance team must reopen it "
                                "before its progress changes"]
    assert Progress.objects.get(deliverable=plan["places"], year=2014, quarter=2).status == "green"


def test_a_lead_officer_may_not_change_a_published_quarter_the_performance_team_may(client, plan, olivia):
    """What the public reads changes only by the performance team, as a figure's words reach the
    public only once approved: a lead's words go into a quarter not yet published."""
    set_publication(None, Quarter(2014, 2), date(2014, 11, 25), "published")
    client.force_login(olivia)
    page = client.get(URL).content.decode()
    assert "Quarter 2 2014/15 (published)" in page
    assert '<option value="2014-Q2" selected' not in page  # opens on a quarter she may change
    response = client.post(URL, {"quarter": "2014-Q2", "status": "red", "commentary": "Not yet approved"})
    assert errors(response) == ["Quarter: Quarter 2 2014/15 is published, and the public reads its progress: "
                                "ask the performance team to change it"]
    assert Progress.objects.get(deliverable=plan["places"], year=2014, quarter=2).status == "green"
    with pytest.raises(ProgressRefused):
        record_progress(olivia, plan["places"], Report(Quarter(2014, 2), "red", "Not yet approved"))
    pat = make_user("pat", "performance")
    client.force_login(pat)
    assert client.post(URL, {"quarter": "2014-Q2", "status": "amber", "commentary": "Corrected"}).status_code == 302
    assert Progress.objects.get(deliverable=plan["places"], year=2014, quarter=2).status == "amber"


def test_hostile_commentary_is_saved_as_typed_and_shown_as_text(client, plan, olivia):
    client.force_login(olivia)
    client.post(URL, {"quarter": "2014-Q3", "status": "red", "commentary": HOSTILE})
    assert Progress.objects.get(deliverable=plan["places"], year=2014, quarter=3).commentary == HOSTILE
    page = client.get("/plan/deliverables/1/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
