"""draft -> submitted -> approved, or returned with a reason; locked quarters; stale saves."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from kpis.domain.periods import Month, Quarter
from kpis.models import QuarterLock, Reading, Target
from kpis.services import workflow
from tests.month_sheet import DECEMBER, URL, post, submitted

Q3 = Quarter(2016, 3)


def test_the_performance_team_approves_and_the_figure_is_published(client, officer, performance, housing):
    reading = submitted(client, officer)
    client.force_login(performance)
    assert "% of refuse bins emptied on correct day" in client.get("/review/").content.decode()
    client.post("/review/decision/", {"action": "approve", "reading": [reading.id]})
    reading.refresh_from_db()
    assert reading.state == "approved" and reading.history.latest().history_user == performance


def test_returned_figures_say_why_and_go_back_to_the_officer(client, officer, performance, housing):
    reading = submitted(client, officer)
    client.force_login(performance)
    client.post("/review/decision/", {"action": "return", "reading": [reading.id], "reason": "Check September"})
    reading.refresh_from_db()
    assert (reading.state, reading.return_reason) == ("returned", "Check September")
    client.force_login(officer)
    assert "Returned: Check September" in client.get(URL).content.decode()
    post(client, "save", BINS__value="99.3", BINS__version=str(reading.version))
    reading.refresh_from_db()
    assert (reading.state, reading.value) == ("draft", Decimal("99.3"))


def test_returning_needs_a_reason(officer, performance, housing, client):
    reading = submitted(client, officer)
    with pytest.raises(workflow.WorkflowError, match="Enter a reason for returning the figures"):
        workflow.return_to_officer(performance, [reading.id], " ")
    reading.refresh_from_db()
    assert reading.state == "submitted"


def test_a_draft_cannot_be_approved(client, officer, performance, housing):
    client.force_login(officer)
    post(client, "save", BINS__value="99.2")
    reading = Reading.objects.get(month=DECEMBER)
    with pytest.raises(workflow.WorkflowError, match="only a submitted figure can be approved"):
        workflow.approve(performance, [reading.id])
    reading.refresh_from_db()
    assert reading.state == "draft"


def test_officers_cannot_approve(client, officer, housing):
    reading = submitted(client, officer)
    with pytest.raises(PermissionDenied):
        workflow.approve(officer, [reading.id])
    client.force_login(officer)
    assert client.post("/review/decision/", {"action": "approve", "reading": [reading.id]}).status_code == 403
    reading.refresh_from_db()
    assert reading.state == "submitted"


def test_a_submitted_or_approved_figure_is_not_changed_from_the_entry_page(client, officer, performance, housing):
    reading = submitted(client, officer)
    page = client.get(URL).content.decode()
    assert 'name="BINS-value" value="99.2"' in page and "disabled" in page[page.index('name="BINS-value"') - 200:][:400]
    # What is posted for a submitted row is ignored; the page's other rows still save.
    post(client, "save", BINS__value="50", BINS__confirm="on", BINS__version=str(reading.version), HOMES__value="31")
    assert Reading.objects.get(indicator__code="HOMES", month=DECEMBER).value == 31
    workflow.approve(performance, [reading.id])
    post(client, "save", BINS__value="50", BINS__confirm="on", HOMES__value="32",
         HOMES__version=str(Reading.objects.get(indicator__code="HOMES", month=DECEMBER).version))
    reading.refresh_from_db()
    assert (reading.value, reading.state) == (Decimal("99.2"), "approved")
    # The service refuses it whatever the page sends.
    with pytest.raises(workflow.WorkflowError, match="this figure is approved"):
        workflow.save_month(officer, Month(2016, 12), [workflow.Entry(housing, Decimal("50"),
                                                                      seen_version=reading.version)], submit=False)


def test_an_officer_of_another_service_is_refused_and_nothing_is_written(client, other_officer, housing):
    client.force_login(other_officer)
    page = client.get(URL).content.decode()
    assert "refuse bins" not in page
    post(client, "save", BINS__value="99.2")  # not on their sheet: ignored, never saved
    assert not Reading.objects.exists() or not Reading.objects.filter(month=DECEMBER).exists()
    with pytest.raises(PermissionDenied):
        workflow.save_month(other_officer, Month(2016, 12), [workflow.Entry(housing, Decimal("99.2"))], submit=False)
    assert not Reading.objects.filter(month=DECEMBER).exists()


def test_a_locked_quarter_is_not_changed_until_reopened_with_a_reason(client, officer, performance, housing):
    workflow.lock_quarter(performance, Q3)
    client.force_login(officer)
    page = post(client, "save", BINS__value="99.2").content.decode()
    assert "Quarter 3 2016/17 is locked" in page
    assert not Reading.objects.filter(month=DECEMBER).exists()
    with pytest.raises(workflow.WorkflowError, match="Enter a reason for reopening the quarter"):
        workflow.reopen_quarter(performance, Q3, "")
    workflow.reopen_quarter(performance, Q3, "December bins figure corrected by the contractor")
    post(client, "save", BINS__value="99.2")
    assert Reading.objects.filter(month=DECEMBER).exists()
    history = QuarterLock.objects.get().history.order_by("history_id")
    assert [(h.locked, h.history_user, h.history_change_reason) for h in history] == [
        (True, performance, "locked"), (False, performance, "December bins figure corrected by the contractor")]


def test_only_the_performance_team_locks(officer, housing):
    with pytest.raises(PermissionDenied):
        workflow.lock_quarter(officer, Q3)
    assert not QuarterLock.objects.exists()


def test_import_refuses_a_locked_quarter_unless_reopened(imported_small_council, performance, tmp_path):
    from tests.workbooks import small_council, write_workbook

    workflow.lock_quarter(performance, Q3)
    sheets = small_council()
    next(r for r in sheets["Readings"] if r["code"] == "HOMES" and r["month"] == "2016-12")["value"] = 35
    path = write_workbook(tmp_path / "locked.xlsx", sheets)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_workbook", str(path), stderr=err)
    assert "Quarter 3 2016/17 is locked: give a reason to reopen it (on the command line, --reopen" in err.getvalue()
    assert Reading.objects.get(indicator__code="HOMES", month=DECEMBER).value == 31
    call_command("import_workbook", str(path), "--reopen", "Housing restated December", stdout=io.StringIO())
    assert Reading.objects.get(indicator__code="HOMES", month=DECEMBER).value == 35
    lock = QuarterLock.objects.get()
    assert (lock.locked, lock.reason) == (False, "Housing restated December")


def test_a_stale_save_is_refused_and_shows_the_newer_figure(client, officer, performance, housing):
    client.force_login(officer)
    post(client, "save", BINS__value="99.2")
    seen = Reading.objects.get(month=DECEMBER).version
    # Someone else (the performance team, on their own page) saves a newer figure meanwhile.
    workflow.save_month(performance, Month(2016, 12),
                        [workflow.Entry(housing, Decimal("98.9"), seen_version=seen)], submit=False)
    page = post(client, "save", BINS__value="99.5", BINS__version=str(seen)).content.decode()
    assert "Changed by Pat" in page and "the figure is now 98.9" in page
    assert Reading.objects.get(month=DECEMBER).value == Decimal("98.9")  # nothing silently overwritten
    # The page now carries the newer version: saving again is a decision, and goes through.
    newer = Reading.objects.get(month=DECEMBER).version
    assert f'name="BINS-version" value="{newer}"' in page
    post(client, "save", BINS__value="99.5", BINS__version=str(newer))
    assert Reading.objects.get(month=DECEMBER).value == Decimal("99.5")


def test_a_figure_created_meanwhile_is_a_conflict_too(client, officer, performance, housing):
    client.force_login(officer)
    client.get(URL)  # the page opened with no December figure
    workflow.save_month(performance, Month(2016, 12), [workflow.Entry(housing, Decimal("98.9"))], submit=False)
    page = post(client, "save", BINS__value="99.5").content.decode()
    assert "the figure is now 98.9" in page
    assert Reading.objects.get(month=DECEMBER).value == Decimal("98.9")


def test_anonymous_and_councillors_never_see_a_draft(client, officer, councillor, performance, housing):
    client.force_login(officer)
    post(client, "save", BINS__value="12.3", BINS__confirm="on")
    client.logout()
    for viewer in (None, councillor):
        if viewer:
            client.force_login(viewer)
        for url in ("/", "/indicators/BINS/", "/?quarter=2016-Q3"):
            page = client.get(url).content.decode()
            assert "12.3" not in page, (viewer, url)
    out = io.StringIO()
    call_command("scorecard", "--year", "2016", "--quarter", "3", stdout=out)
    assert json.loads(out.getvalue())[0]["figure"] != 12.3
    client.force_login(performance)
    page = client.get("/indicators/BINS/").content.decode()
    assert "12.3%" in page and "Draft (not published)" in page


def test_the_queue_lists_late_figures_and_who_owes_them(client, officer, performance, housing, settings):
    from kpis.selectors.review import review_queue

    queue = review_queue(date(2017, 1, 20))  # December due on 10 January
    late = {(item["indicator"].code, str(item["month"])) for item in queue["late"]}
    assert ("BINS", "2016-12") in late
    assert next(i for i in queue["late"] if i["indicator"].code == "BINS")["owed_by"] == ["Olivia"]
    submitted(client, officer)
    late = {(i["indicator"].code, str(i["month"])) for i in review_queue(date(2017, 1, 20))["late"]}
    assert ("BINS", "2016-12") not in late
    assert not {m for _, m in {(i["indicator"].code, str(i["month"])) for i in review_queue(date(2017, 1, 5))["late"]}
                if m == "2016-12"}  # not yet due


def test_next_years_targets_start_from_this_years(client, performance, housing):
    client.force_login(performance)
    client.post("/targets/copy-to-next-year/", {"year": "2016"})
    copy = Target.objects.get(indicator=housing, year=2017, period="year")
    assert copy.value == Decimal("98.5") and copy.history.latest().history_user == performance
    client.post("/targets/copy-to-next-year/", {"year": "2016"})
    assert Target.objects.filter(year=2017).count() == 1  # never twice


def test_the_indicator_page_shows_every_change_with_who_and_when(client, officer, performance, housing):
    reading = submitted(client, officer)
    workflow.approve(performance, [reading.id])
    client.force_login(performance)
    page = client.get("/indicators/BINS/").content.decode()
    assert "Figure Dec-16: value" in page and "Olivia" in page and "99.2" in page
    assert "Figure Dec-16: state" in page and "submitted" in page and "approved" in page
    assert "Commentary Q3 2016/17: text" in page
    admin_history = client.get(f"/admin/kpis/reading/{reading.id}/history/")
    assert admin_history.status_code == 200 and "olivia" in admin_history.content.decode()


def test_the_performance_team_sets_an_officers_services_in_the_admin(client, officer, performance, housing):
    client.force_login(performance)
    page = client.get(f"/admin/auth/user/{officer.id}/change/").content.decode()
    assert "Data officer" in page and "AHH - Housing" in page


def test_an_officer_of_another_service_sees_only_published_figures_of_an_indicator(
        client, officer, other_officer, housing):
    client.force_login(officer)
    post(client, "save", BINS__value="12.3", BINS__confirm="on")
    client.force_login(other_officer)
    page = client.get("/indicators/BINS/").content.decode()
    assert "12.3" not in page and "History of changes" not in page


def test_commentary_is_published_with_its_approved_figures(client, officer, performance, housing):
    reading = submitted(client, officer)  # with commentary "Why it fails, ..."
    client.logout()
    assert "Why it fails" not in client.get("/indicators/BINS/").content.decode()
    assert "Why it fails" not in client.get("/scorecards/2016/q3/indicators/").content.decode()
    client.force_login(officer)
    assert "Why it fails" in client.get("/indicators/BINS/").content.decode()  # their own service's
    workflow.approve(performance, [reading.id])
    client.logout()
    assert "Why it fails" in client.get("/indicators/BINS/").content.decode()


def test_unpublished_commentary_stays_off_the_in_focus_page(client, officer, performance, housing):
    from kpis.models import FocusIndicator

    FocusIndicator.objects.create(indicator=housing, year=2016, quarter=3, position=1)
    reading = submitted(client, officer)
    client.logout()
    assert "Why it fails" not in client.get("/scorecards/2016/q3/focus/").content.decode()
    workflow.approve(performance, [reading.id])
    assert "Why it fails" in client.get("/scorecards/2016/q3/focus/").content.decode()
