"""The tracker's pages as people read them: its filters and counts, a recommendation whole, the
stored HTML shown as HTML and never run, and where a scrutiny officer starts after signing in."""

import re

import pytest

from scrutiny.models import Recommendation
from tests.people import PASSWORD
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(settings):
    settings.TRACKER_AS_OF = AS_OF
    return make_tracker()


def numbers(response) -> list[int]:
    return [int(n) for n in re.findall(r'<tr class="govuk-table__row" id="recommendation-(\d+)">',
                                       response.content.decode())]


def test_the_tracker_lists_every_recommendation_in_the_councils_columns(client, tracker):
    response = client.get("/scrutiny/")
    page = response.content.decode()
    assert numbers(response) == [1, 2, 3, 4]
    assert "4 recommendations" in page
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', page)
    assert headers[:8] == ["No", "Meeting date", "Report title", "Summary of discussion", "Recommendations",
                           "Open/Closed", "Assigned to", "Progress"]
    assert '<strong class="govuk-tag govuk-tag--grey">Closed</strong>' in page
    assert "Dawn Calvert / O&amp;S Officers" in page
    assert "3 Feb 2025" in page and "Undated" in page  # the latest update's date, or that it has none
    assert "Q3 Forecast Revenue and Capital Outturn Report" in page and "March 2025" in page  # the forward plan
    assert 'href="/scrutiny/overdue/"' in page and 'href="/scrutiny/tracker.xlsx"' in page


@pytest.mark.parametrize("query, expected", [
    ("status=open", [1, 3, 4]),
    ("status=closed", [2]),
    ("meeting={september}", [3, 4]),
    ("assignee={dawn}", [1, 3]),
    ("status=open&meeting={july}&assignee={dawn}", [1]),
    ("status=closed&assignee={dawn}", []),
])
def test_the_filters_keep_what_they_name_and_say_how_many(client, tracker, query, expected):
    ids = {"july": tracker["meetings"]["july"].pk, "september": tracker["meetings"]["september"].pk,
           "dawn": tracker["assignees"]["dawn"].pk}
    response = client.get("/scrutiny/?" + query.format(**ids))
    assert numbers(response) == expected
    page = response.content.decode()
    if expected:
        assert f"{len(expected)} recommendation{'s' if len(expected) > 1 else ''} match the filters" in page
        assert f'href="/scrutiny/tracker.xlsx?{query.format(**ids)}"' in page.replace("&amp;", "&")
    else:
        assert "No recommendations match the filters" in page


def test_a_filter_no_choice_offers_is_said_beside_it_not_a_500(client, tracker):
    response = client.get("/scrutiny/?status=maybe&assignee=999")
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert '<a href="#id_status">Open or closed: Choose open, closed, or both</a>' in page
    assert '<a href="#id_assignee">Assigned to: Choose an assignee from the list</a>' in page
    assert numbers(response) == [1, 2, 3, 4]  # the filters that are right still apply: here none


def test_an_assignee_is_offered_what_is_assigned_to_them(client, tracker):
    client.force_login(tracker["dawn"])
    page = client.get("/scrutiny/").content.decode()
    assert f'href="/scrutiny/?assignee={tracker["assignees"]["dawn"].pk}">Assigned to you (Dawn Calvert)' in page
    client.force_login(tracker["ed"])
    assert "Assigned to you" not in client.get("/scrutiny/").content.decode()


def test_a_recommendation_shows_everything_about_it(client, tracker):
    page = client.get("/scrutiny/recommendations/3/").content.decode()
    assert "Q1 Forecast Revenue and Capital Outturn Report" in page
    assert "17 September 2024" in page
    assert "<ul><li>Previous mistakes</li><li>How they will be remedied</li></ul>" in page  # stored HTML, as HTML
    assert "<ol><li>Agreed the inclusion of previous mistakes;</li>" in page
    assert page.index("Work programme updated.") < page.index("Quarterly reports reviewed post-Cabinet.")
    assert "3 February 2025" in page and "Undated" in page
    assert "Add a progress update" not in page  # the public reads; only its assignees and managers write


def test_a_recommendation_not_in_the_tracker_is_not_found(client, tracker):
    assert client.get("/scrutiny/recommendations/99/").status_code == 404


def test_hostile_html_is_shown_sanitised_never_run(client, tracker):
    rec = tracker["recs"][1]
    rec.discussion = '<p onclick="alert(1)">Fine</p><script>alert("x")</script><img src=x onerror=alert(2)>'
    rec.save()
    for url in ("/scrutiny/", "/scrutiny/recommendations/1/"):
        page = client.get(url).content.decode()
        assert "<p>Fine</p>" in page
        assert "alert" not in page and "<img" not in page and "onclick" not in page


def test_a_scrutiny_officer_starts_at_the_tracker(client, tracker):
    response = client.post("/accounts/login/", {"username": "sam", "password": PASSWORD})
    assert client.get(response["Location"])["Location"] == "/scrutiny/"


def test_the_tracker_is_in_the_navigation_and_marked_current(client, tracker):
    page = client.get("/scrutiny/recommendations/1/").content.decode()
    assert re.search(r'aria-current="true"><strong class="govuk-service-navigation__active-fallback">Scrutiny',
                     page)


def test_closed_recommendations_are_tagged_in_words(client, tracker):
    Recommendation.objects.filter(number=1).update(status="closed")
    page = client.get("/scrutiny/?status=closed").content.decode()
    assert page.count('govuk-tag--grey">Closed</strong>') == 2
