"""Hostile text typed into the plan's and the tracker's forms, then read in a real browser on every
page that shows it: no script runs (no dialog opens), no image or javascript: link is made."""

import pytest

from tests.people import PASSWORD
from tests.plan.plan_data import make_plan, report_q2
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

HOSTILE = ('<script>alert("s")</script><img src=x onerror=alert("i")><a href="javascript:alert(\'a\')">link</a>'
           '<svg onload=alert("v")></svg>')
PAGES = ["/scrutiny/", "/scrutiny/?assignee={assignee}", "/scrutiny/overdue/?weeks=1", "/scrutiny/recommendations/9/",
         "/scrutiny/recommendations/1/", "/scrutiny/recommendations/9/edit/", "/plan/2014/q2/",
         "/plan/2014/q2/objectives/schools/", "/plan/deliverables/1/", "/plan/deliverables/1/progress/?quarter=2014-Q2",
         "/plan/risks/"]


def test_hostile_text_in_every_field_never_runs(page, live_server, login, settings):
    settings.TRACKER_AS_OF = AS_OF
    tracker = make_tracker()
    report_q2(make_plan(lead=tracker["pat"]), published=True)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server, "pat", PASSWORD)

    page.goto("/scrutiny/recommendations/new/")
    page.get_by_label("No.").fill("9")
    for box, value in (("Day", "1"), ("Month", "3"), ("Year", "2025")):
        page.get_by_label(box, exact=True).fill(value)
    for label in ("Report title", "Summary of discussion", "Recommendations"):
        page.get_by_label(label, exact=True).fill(HOSTILE + " text")
    page.get_by_label("New assignees").fill(HOSTILE.replace("/", ""))
    page.get_by_label("Open", exact=True).check()
    page.get_by_role("button", name="Save").click()
    assert page.url.endswith("/scrutiny/recommendations/9/")

    page.goto("/scrutiny/recommendations/1/")
    for box, value in (("Day", "1"), ("Month", "3"), ("Year", "2025")):
        page.get_by_label(box, exact=True).fill(value)
    page.get_by_label("Progress", exact=True).fill(HOSTILE)
    page.get_by_role("button", name="Save progress").click()

    page.goto("/plan/deliverables/1/progress/?quarter=2014-Q2")
    page.get_by_role("textbox", name="Commentary").fill(HOSTILE)
    page.get_by_label("Red", exact=False).first.check()
    page.get_by_role("button", name="Save progress").click()
    assert page.url.endswith("/plan/deliverables/1/")

    assignee = tracker["assignees"]["dawn"].pk
    for url in PAGES:
        page.goto(url.format(assignee=assignee))
        page.wait_for_load_state("load")
        assert page.locator("main img, main svg[onload], main a[href^='javascript']").count() == 0, url
    assert dialogs == []


def test_a_hostile_change_of_process_reason_never_runs(page, live_server, login, housing, performance):
    """Typed into the indicator page's form by the performance team, read back on the page that draws
    the XmR chart (its change of process annotated) by the public."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login(page, live_server, "pat", PASSWORD)
    page.goto("/indicators/BINS/")
    page.get_by_label("First month of the new process").select_option("2016-10")
    page.get_by_label("Reason the process changed").fill(HOSTILE)
    page.get_by_role("button", name="Record change of process").click()
    page.wait_for_url("**/indicators/BINS/#changes-of-process")
    page.context.clear_cookies()
    page.goto("/indicators/BINS/")
    page.wait_for_load_state("load")
    assert page.get_by_text('<script>alert("s")</script>', exact=False).count() >= 1  # shown as text
    assert page.locator("main img, main svg[onload], main a[href^='javascript']").count() == 0
    assert dialogs == []
