"""Writing to the tracker: progress by an assignee or a manager, recommendations added and
changed by managers; refusals per role, errors in the GOV.UK pattern with nothing written,
hostile HTML stored sanitised, and history that says who."""

from datetime import date

import pytest
from django.db.models.signals import pre_save

from scrutiny.models import Assignee, Meeting, ProgressUpdate, Recommendation
from scrutiny.services import NumberTaken, save_recommendation
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><b onclick="steal()">bold</b><img src=x onerror=alert(1)><a href="javascript:x">l</a>'


@pytest.fixture
def tracker(settings):
    settings.TRACKER_AS_OF = AS_OF
    return make_tracker()


def progress(text="Milestones agreed.\n\nSent to the Committee.", day="20", month="3", year="2025", **extra):
    return {"written_on-day": day, "written_on-month": month, "written_on-year": year, "text": text, **extra}


def recommendation_data(**changes):
    data = {"number": "5", "meeting-day": "4", "meeting-month": "3", "meeting-year": "2025",
            "report_title": "Housing Revenue Account", "discussion": "<p>Rent levels were discussed.</p>",
            "recommendations": "<ol><li>Agreed to review rents.</li></ol>", "status": "open",
            "new_assignees": ""}
    data.update(changes)
    return data


# --- progress -------------------------------------------------------------------------------


def test_an_assignee_adds_progress_to_what_is_assigned_to_them(client, tracker):
    client.force_login(tracker["dawn"])
    response = client.post("/scrutiny/recommendations/1/progress/", progress(), follow=True)
    assert response.redirect_chain[-1][0] == "/scrutiny/recommendations/1/"
    assert "Progress on recommendation 1 saved." in response.content.decode()
    update = ProgressUpdate.objects.get(recommendation__number=1, written_on="2025-03-20")
    assert update.text == "<p>Milestones agreed.</p><p>Sent to the Committee.</p>"  # blank lines make paragraphs
    assert update.author == tracker["dawn"]
    assert update.history.get().history_user == tracker["dawn"]
    assert "Dawn" in response.content.decode() and "20 March 2025" in response.content.decode()


def test_an_assignee_may_not_open_or_close_it(client, tracker):
    client.force_login(tracker["dawn"])
    page = client.get("/scrutiny/recommendations/1/").content.decode()
    assert "Add a progress update" in page and 'name="status"' not in page
    assert "On or before 31 March 2025, for example 27 3 2025." in page  # the product's as-of day
    client.post("/scrutiny/recommendations/1/progress/", progress(status="closed"))
    assert Recommendation.objects.get(number=1).status == "open"
    assert ProgressUpdate.objects.filter(recommendation__number=1, written_on__isnull=False).count() == 1


@pytest.mark.parametrize("who, number", [("dawn", 4), ("ed", 1), ("chris", 1)])
def test_others_may_not_add_progress(client, tracker, who, number):
    before = ProgressUpdate.objects.count()
    client.force_login(tracker[who])
    assert client.post(f"/scrutiny/recommendations/{number}/progress/", progress()).status_code == 403
    assert "Add a progress update" not in client.get(f"/scrutiny/recommendations/{number}/").content.decode()
    assert ProgressUpdate.objects.count() == before


def test_the_public_is_sent_to_sign_in(client, tracker):
    response = client.post("/scrutiny/recommendations/1/progress/", progress())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ProgressUpdate.objects.filter(written_on__isnull=False).count() == 2


def test_a_get_of_the_progress_address_goes_to_the_recommendation(client, tracker):
    client.force_login(tracker["dawn"])
    assert client.get("/scrutiny/recommendations/1/progress/")["Location"] == "/scrutiny/recommendations/1/"


@pytest.mark.parametrize("manager", ["sam", "pat"])
def test_a_manager_closes_a_recommendation_with_its_progress(client, tracker, manager):
    client.force_login(tracker[manager])
    client.post("/scrutiny/recommendations/4/progress/", progress("Done.", status="closed"))
    rec = Recommendation.objects.get(number=4)
    assert rec.status == "closed"
    assert rec.history.first().history_user == tracker[manager]
    client.post("/scrutiny/recommendations/4/progress/", progress("Reopened: more to do.", status="open"))
    assert Recommendation.objects.get(number=4).status == "open"


@pytest.mark.parametrize("changes, field, message", [
    ({"text": ""}, "text", "Enter the progress"),
    ({"text": "<script>alert(1)</script>"}, "text", "Enter the progress"),  # nothing left once sanitised
    ({"day": ""}, "written_on-day", "Enter the date of the update as day, month and year"),
    ({"day": "31", "month": "2"}, "written_on-day", "The date of the update must be a real date"),
    ({"year": "25"}, "written_on-day", "The date of the update must be a real date"),
    ({"day": "1", "month": "4"}, "written_on-day", "The date of the update must be on or before 31 March 2025"),
])
def test_a_wrong_progress_update_is_shown_again_with_its_error_and_nothing_written(client, tracker, changes, field,
                                                                                   message):
    client.force_login(tracker["dawn"])
    before = ProgressUpdate.objects.count()
    text = changes.pop("text", "Kept as typed")
    response = client.post("/scrutiny/recommendations/1/progress/", progress(text, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert ProgressUpdate.objects.count() == before
    assert "There is a problem" in page and page.startswith("<!DOCTYPE html>")
    assert f'<a href="#id_{field}">{message}' in page
    assert "<title>Error: " in page
    if text == "Kept as typed":
        assert "Kept as typed</textarea>" in page  # what they typed is kept


def test_hostile_progress_is_stored_sanitised(client, tracker):
    client.force_login(tracker["sam"])
    client.post("/scrutiny/recommendations/1/progress/", progress(HOSTILE, status="open"))
    update = ProgressUpdate.objects.get(recommendation__number=1, written_on__isnull=False)
    assert update.text == "<p><b>bold</b>l</p>"
    page = client.get("/scrutiny/recommendations/1/").content.decode()
    assert "steal()" not in page and 'alert("x")' not in page and "javascript:" not in page


# --- adding and changing ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["dawn", "ed", "chris"])
def test_only_managers_add_or_edit(client, tracker, who):
    client.force_login(tracker[who])
    for url in ("/scrutiny/recommendations/new/", "/scrutiny/recommendations/1/edit/"):
        assert client.get(url).status_code == 403
        assert client.post(url, recommendation_data()).status_code == 403
    assert not Recommendation.objects.filter(number=5).exists()


def test_the_public_is_sent_to_sign_in_to_add(client, tracker):
    assert client.get("/scrutiny/recommendations/new/")["Location"].startswith("/accounts/login/")


def test_a_new_recommendation_offers_the_next_free_number(client, tracker):
    client.force_login(tracker["sam"])
    page = client.get("/scrutiny/recommendations/new/").content.decode()
    assert 'name="number" value="5"' in page
    assert "any other tag, every attribute and any script are removed" in page  # the HTML fields' hint


@pytest.mark.parametrize("manager", ["sam", "pat"])
def test_a_manager_adds_a_recommendation_with_its_meeting_and_new_assignees(client, tracker, manager):
    client.force_login(tracker[manager])
    officers = tracker["assignees"]["officers"]
    response = client.post("/scrutiny/recommendations/new/", recommendation_data(
        assignees=[str(tracker["assignees"]["dawn"].pk)], new_assignees="Tina Dempsey /  o&s officers / "),
        follow=True)
    assert response.redirect_chain[-1][0] == "/scrutiny/recommendations/5/"
    assert "Recommendation 5 saved." in response.content.decode()
    rec = Recommendation.objects.get(number=5)
    assert rec.meeting.date.isoformat() == "2025-03-04" and Meeting.objects.count() == 3
    assert sorted(a.name for a in rec.assignees.all()) == ["Dawn Calvert", "O&S Officers", "Tina Dempsey"]
    assert Assignee.objects.filter(name__iexact="O&S Officers").get() == officers  # an existing name reused
    assert {entry.history_user for entry in rec.history.all()} == {tracker[manager]}  # its assignees too
    assert Meeting.objects.get(date="2025-03-04").history.get().history_user == tracker[manager]


def test_a_manager_changes_and_closes_a_recommendation(client, tracker):
    client.force_login(tracker["sam"])
    page = client.get("/scrutiny/recommendations/3/edit/").content.decode()
    assert 'name="meeting-day" value="17"' in page and 'value="3"' in page
    client.post("/scrutiny/recommendations/3/edit/", recommendation_data(
        number="3", **{"meeting-day": "17", "meeting-month": "9", "meeting-year": "2024"}, status="closed",
        assignees=[str(tracker["assignees"]["louise"].pk)]))
    rec = Recommendation.objects.get(number=3)
    assert rec.status == "closed" and rec.meeting == tracker["meetings"]["september"]
    assert [a.name for a in rec.assignees.all()] == ["Louise Neilan"]
    assert rec.updates.count() == 2  # its progress kept
    assert rec.history.first().history_user == tracker["sam"]


@pytest.mark.parametrize("changes, field, message", [
    ({"number": "1"}, "number", "No. 1 is already taken: choose another number"),
    ({"number": "two"}, "number", "The No. must be a whole number"),
    ({"number": ""}, "number", "Enter the No."),
    ({"meeting-month": "13"}, "meeting-day", "The meeting date must be a real date"),
    ({"meeting-year": ""}, "meeting-day", "Enter the meeting date as day, month and year"),
    ({"report_title": ""}, "report_title", "Enter the report title"),
    ({"recommendations": "<script>x</script>"}, "recommendations", "Enter the recommendations"),
    ({"status": ""}, "status", "Select whether the recommendation is open or closed"),
])
def test_a_wrong_recommendation_is_shown_again_with_its_error_and_nothing_written(client, tracker, changes, field,
                                                                                  message):
    client.force_login(tracker["pat"])
    response = client.post("/scrutiny/recommendations/new/", recommendation_data(**changes))
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    anchor = "id_status_0" if field == "status" else f"id_{field}"
    assert f'<a href="#{anchor}">{message}' in page
    assert Recommendation.objects.count() == 4 and Meeting.objects.count() == 2
    assert "Housing Revenue Account" in page or field == "report_title"  # what was typed is kept


def test_a_number_taken_after_the_form_was_checked_is_named_and_nothing_written(client, tracker):
    """Someone else saves No. 5 between this form's check and its save: the unique constraint
    refuses it, the service names it (NumberTaken), and the meeting made with it is undone too."""
    rival = []

    def another_saves_no_5_first(sender, instance, **kwargs):  # as the save makes the 4 March meeting
        rival.append(Recommendation.objects.create(number=5, meeting=tracker["meetings"]["july"],
                                                   report_title="Saved by someone else"))

    pre_save.connect(another_saves_no_5_first, sender=Meeting)
    try:
        client.force_login(tracker["sam"])
        response = client.post("/scrutiny/recommendations/new/", recommendation_data())
    finally:
        pre_save.disconnect(another_saves_no_5_first, sender=Meeting)
    page = response.content.decode()
    assert rival and response.status_code == 200
    assert '<a href="#id_number">No. 5 is already taken: choose another number' in page
    assert Recommendation.objects.count() == 4 and Meeting.objects.count() == 2  # the 4 March meeting undone


def test_a_change_to_a_number_taken_meanwhile_is_refused_naming_the_recommendation_being_changed(client, tracker):
    def another_saves_no_5_first(sender, instance, **kwargs):  # as the save makes the 4 March meeting
        Recommendation.objects.create(number=5, meeting=tracker["meetings"]["july"], report_title="Someone else's")

    pre_save.connect(another_saves_no_5_first, sender=Meeting)
    try:
        client.force_login(tracker["sam"])
        response = client.post("/scrutiny/recommendations/3/edit/", recommendation_data(number="5"))
    finally:
        pre_save.disconnect(another_saves_no_5_first, sender=Meeting)
    page = response.content.decode()
    assert '<a href="#id_number">No. 5 is already taken: choose another number' in page
    assert '<h1 class="govuk-heading-l">Change recommendation 3</h1>' in page
    assert 'href="/scrutiny/recommendations/3/">Cancel</a>' in page
    assert Recommendation.objects.get(pk=tracker["recs"][3].pk).number == 3 and Meeting.objects.count() == 2


def test_the_service_refuses_a_number_that_is_taken_by_name(tracker):
    with pytest.raises(NumberTaken, match="No. 1 is already taken"):
        save_recommendation(tracker["pat"], None, number=1, meeting_date=date(2025, 3, 4), report_title="Rents",
                            discussion="", recommendations="<p>Review.</p>", status="open", assignees=[],
                            new_assignees=["Someone New"])
    assert Recommendation.objects.count() == 4 and Meeting.objects.count() == 2
    assert not Assignee.objects.filter(name="Someone New").exists()


def test_hostile_html_in_every_field_is_stored_sanitised_and_never_run(client, tracker):
    client.force_login(tracker["sam"])
    client.post("/scrutiny/recommendations/new/", recommendation_data(
        report_title='<script>alert("t")</script>Title', discussion=HOSTILE, recommendations=HOSTILE,
        new_assignees='<img src=x onerror=alert(3)>Mallory'))
    rec = Recommendation.objects.get(number=5)
    assert rec.discussion == rec.recommendations == "<b>bold</b>l"
    for url in ("/scrutiny/", "/scrutiny/recommendations/5/", "/scrutiny/recommendations/5/edit/"):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "<img" not in page and 'onclick="steal()"' not in page
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;Title" in page  # the title is text, escaped


@pytest.mark.parametrize("typed, stored", [
    ("One line", "<p>One line</p>"),
    ("First.\r\n\r\nSecond.", "<p>First.</p><p>Second.</p>"),  # as a browser posts a textarea
    ("Line one\nline two\n \n\nNext", "<p>Line one<br>line two</p><p>Next</p>"),
    ("Rent < target & falling", "<p>Rent &lt; target &amp; falling</p>"),
    ("<strong>Done</strong>, <u>nearly</u>", "<p><strong>Done</strong>, nearly</p>"),  # kept tags kept, others dropped
])
def test_typed_progress_is_stored_as_paragraphs(client, tracker, typed, stored):
    client.force_login(tracker["dawn"])
    client.post("/scrutiny/recommendations/1/progress/", progress(typed))
    assert ProgressUpdate.objects.get(recommendation__number=1, written_on__isnull=False).text == stored
