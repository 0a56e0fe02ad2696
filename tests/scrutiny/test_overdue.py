"""The overdue view: open recommendations with no dated progress in the last N weeks, counted back
from the product's as-of day. An update exactly N weeks old is recent; undated updates never are;
closed recommendations are never overdue; a bad number of weeks is said, not a 500."""

import re
from datetime import timedelta

import pytest

from scrutiny.models import ProgressUpdate
from scrutiny.selectors import overdue_rows
from tests.scrutiny.tracker_data import A_DAY_MORE, AS_OF, EXACTLY_EIGHT_WEEKS_AGO, make_tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(settings):
    settings.TRACKER_AS_OF = AS_OF
    return make_tracker()


def listed(response) -> list[int]:
    return [int(n) for n in re.findall(r'href="/scrutiny/recommendations/(\d+)/"', response.content.decode())]


@pytest.mark.parametrize("weeks, expected", [
    (8, [1, 4]),  # 3: an update exactly 8 weeks ago counts; 4: 8 weeks and a day
    (9, [1]),  # 4's update is within 9 weeks
    (1, [1, 3, 4]),
])
def test_the_rule_by_number_of_weeks(tracker, weeks, expected):
    assert [row.recommendation.number for row in overdue_rows(AS_OF, weeks)] == expected


def test_the_page_lists_them_saying_since_when(client, tracker):
    response = client.get("/scrutiny/overdue/")
    page = response.content.decode()
    assert listed(response) == [1, 4]
    assert "No dated progress" in page  # 1: its only update is the paper's, undated
    assert f"No progress since {A_DAY_MORE:%-d %B %Y}" in page
    assert (f"no dated progress update in the last 8 weeks: none written on or after "
            f"{EXACTLY_EIGHT_WEEKS_AGO:%-d %B %Y}, counting back from 31 March 2025") in page
    assert "closed recommendations are never listed" in page
    assert 'name="weeks" value="8"' in page


def test_the_weeks_are_asked_in_the_query(client, tracker):
    assert listed(client.get("/scrutiny/overdue/?weeks=9")) == [1]
    assert listed(client.get("/scrutiny/overdue/?weeks=")) == [1, 4]  # none given: eight


def test_closed_recommendations_are_never_overdue(client, tracker):
    assert 2 not in listed(client.get("/scrutiny/overdue/?weeks=104"))  # closed, with only an undated update


def test_a_new_dated_update_takes_it_off_the_list(client, tracker):
    ProgressUpdate.objects.create(recommendation=tracker["recs"][1], written_on=AS_OF - timedelta(days=3),
                                  text="<p>Strategy adopted.</p>")
    assert listed(client.get("/scrutiny/overdue/")) == [4]


def test_the_as_of_day_moves_the_rule(client, tracker, settings):
    settings.TRACKER_AS_OF = AS_OF + timedelta(days=1)  # 3 February is now 8 weeks and a day ago
    assert listed(client.get("/scrutiny/overdue/")) == [1, 3, 4]


@pytest.mark.parametrize("weeks, message", [
    ("eight", "The number of weeks must be a whole number, for example 8"),
    ("2.5", "The number of weeks must be a whole number, for example 8"),
    ("0", "The number of weeks must be 1 or more"),
    ("-3", "The number of weeks must be 1 or more"),
    ("105", "The number of weeks must be 104 or fewer"),
    ("99999999999999999999", "The number of weeks must be 104 or fewer"),
])
def test_a_bad_number_of_weeks_is_said_beside_its_field(client, tracker, weeks, message):
    response = client.get("/scrutiny/overdue/", {"weeks": weeks})
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_weeks">{message}</a>' in page  # the error summary, linked to the field
    assert f'<p class="govuk-error-message" id="id_weeks-error"><span class="govuk-visually-hidden">Error:</span> {message}' in page
    assert "govuk-input--error" in page and "<title>Error: " in page
    assert listed(response) == []
