"""Publishing a quarter on its committee date, and withdrawing it: the performance team only,
each kept in the quarter's history (who, when), and every kept page made again."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from kpis.domain.periods import Quarter
from kpis.models import QuarterPublication
from kpis.selectors.freshness import versions
from kpis.selectors.publication import published_on, published_quarters
from kpis.services.publication import publish_quarter, withdraw_publication

Q2, Q3 = Quarter(2016, 2), Quarter(2016, 3)
COMMITTEE = {"period": "2016-Q3", "published-day": "14", "published-month": "3", "published-year": "2017"}


def test_a_quarter_is_in_progress_until_published(db, performance):
    assert published_on(Q3) is None
    publish_quarter(performance, Q3, date(2017, 3, 14))
    assert published_on(Q3) == date(2017, 3, 14)
    withdraw_publication(performance, Q3)
    assert published_on(Q3) is None
    assert QuarterPublication.objects.count() == 1  # withdrawn, kept without a date


def test_published_quarters_are_latest_first(db, performance):
    publish_quarter(performance, Q2, date(2016, 11, 22))
    publish_quarter(performance, Q3, date(2017, 3, 14))
    publish_quarter(performance, Quarter(2016, 1), date(2016, 9, 20))
    withdraw_publication(performance, Quarter(2016, 1))
    assert published_quarters() == {Q3: date(2017, 3, 14), Q2: date(2016, 11, 22)}


def test_each_publication_and_withdrawal_is_kept_with_who_and_when(db, performance):
    publish_quarter(performance, Q3, date(2017, 3, 7))
    publish_quarter(performance, Q3, date(2017, 3, 14))  # moved to the committee's new date
    withdraw_publication(performance, Q3)
    history = list(QuarterPublication.history.order_by("history_date", "history_id"))
    assert [h.published_on for h in history] == [date(2017, 3, 7), date(2017, 3, 14), None]
    assert {h.history_user for h in history} == {performance}
    assert [h.history_change_reason for h in history] == ["published", "published", "withdrawn"]


@pytest.mark.parametrize("role", ["officer", "councillor"])
def test_only_the_performance_team_publishes(db, request, role):
    with pytest.raises(PermissionDenied):
        publish_quarter(request.getfixturevalue(role), Q3, date(2017, 3, 14))
    with pytest.raises(PermissionDenied):
        withdraw_publication(request.getfixturevalue(role), Q3)
    assert not QuarterPublication.objects.exists()


def test_one_publication_per_quarter(db):
    QuarterPublication.objects.create(year=2016, quarter=3)
    with pytest.raises(IntegrityError):
        QuarterPublication.objects.create(year=2016, quarter=3)


def test_publishing_and_withdrawing_change_every_pages_token(db, performance):
    before = versions()
    publish_quarter(performance, Q3, date(2017, 3, 14))
    published = versions()
    assert published.public != before.public and published.working != before.working
    withdraw_publication(performance, Q3)
    assert versions().public != published.public


# --- the Quarters page --------------------------------------------------------------------


def test_the_performance_team_publishes_on_the_quarters_page(client, performance, housing):
    client.force_login(performance)
    page = client.post("/quarters/publish/", COMMITTEE, follow=True).content.decode()
    assert "Quarter 3 2016/17 published on 14 March 2017." in page
    assert published_on(Q3) == date(2017, 3, 14)
    row = page[page.index("<th scope=\"row\" class=\"govuk-table__header\">Quarter 3 2016/17"):]
    row = row[:row.index("</tr>")]
    assert "Published</strong> 14 March 2017" in row and "published on 14 March 2017 by pat" in row


def test_the_performance_team_withdraws_on_the_quarters_page(client, performance, housing):
    publish_quarter(performance, Q3, date(2017, 3, 14))
    client.force_login(performance)
    page = client.post("/quarters/withdraw/", {"period": "2016-Q3"}, follow=True).content.decode()
    assert "Quarter 3 2016/17 withdrawn: the public reads it as in progress." in page
    assert published_on(Q3) is None
    row = page[page.index("<th scope=\"row\" class=\"govuk-table__header\">Quarter 3 2016/17"):]
    row = row[:row.index("</tr>")]
    assert "In progress" in row and "withdrawn by pat" in row


@pytest.mark.parametrize("role", ["officer", "other_officer", "councillor"])
@pytest.mark.parametrize("url, data", [("/quarters/publish/", COMMITTEE), ("/quarters/withdraw/", {"period": "2016-Q3"})])
def test_others_are_refused(client, request, role, url, data, performance):
    publish_quarter(performance, Q2, date(2016, 11, 22))
    client.force_login(request.getfixturevalue(role))
    assert client.post(url, data).status_code == 403
    assert published_quarters() == {Q2: date(2016, 11, 22)}


@pytest.mark.parametrize("url", ["/quarters/publish/", "/quarters/withdraw/"])
def test_publishing_is_a_post_with_its_csrf_token(client, performance, url):
    client.force_login(performance)
    assert client.get(url).status_code == 405
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(performance)
    assert strict.post(url, COMMITTEE).status_code == 403
    assert not QuarterPublication.objects.exists()


@pytest.mark.parametrize("day, month, year, message", [
    ("", "", "", "Enter the date the report goes to committee, as day, month and year"),
    ("14", "", "2017", "Enter the date the report goes to committee, as day, month and year"),
    ("31", "2", "2017", "The committee date must be a real date, for example 14 3 2017"),
    ("14", "3", "17", "The committee date must be a real date, for example 14 3 2017"),
    ("14", "March", "2017", "The committee date must be a real date, for example 14 3 2017"),
])
def test_a_wrong_date_is_named_and_nothing_is_published(client, performance, housing, day, month, year, message):
    client.force_login(performance)
    data = COMMITTEE | {"published-day": day, "published-month": month, "published-year": year}
    _refused(client.post("/quarters/publish/", data), "#published-day", message)
    assert not QuarterPublication.objects.exists()


def test_no_quarter_chosen_is_named(client, performance, housing):
    client.force_login(performance)
    page = _refused(client.post("/quarters/publish/", COMMITTEE | {"period": ""}), "#period",
                    "Select the quarter to publish")
    assert '<select name="period" class="govuk-select govuk-select--error"' in page


def _refused(response, href: str, message: str) -> str:
    """The page again (not a redirect), in the GOV.UK error pattern, the summary linking to `href`."""
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Quarters" in page
    summary = page[page.index('class="govuk-error-summary"'):]
    assert f'<a href="{href}">{message}</a>' in summary[:summary.index("</ul>")]
    assert '<span class="govuk-visually-hidden">Error:</span> ' + message in page
    return page


EARLY = "The committee date must be on or after 31 March 2017, the end of Quarter 4 2016/17"


def test_a_committee_date_before_the_quarter_ends_is_refused(client, performance, housing):
    client.force_login(performance)
    data = {"period": "2016-Q4", "published-day": "1", "published-month": "1", "published-year": "2016"}
    _refused(client.post("/quarters/publish/", data), "#published-day", EARLY)
    assert not QuarterPublication.objects.exists()
    with pytest.raises(ValueError, match="ends on 31 March 2017"):
        publish_quarter(performance, Quarter(2016, 4), date(2017, 3, 30))
    assert not QuarterPublication.objects.exists()


def test_a_quarter_is_published_on_its_last_day_at_the_earliest(client, performance, housing):
    client.force_login(performance)
    data = {"period": "2016-Q4", "published-day": "31", "published-month": "3", "published-year": "2017"}
    assert client.post("/quarters/publish/", data).status_code == 302
    assert published_on(Quarter(2016, 4)) == date(2017, 3, 31)


def test_a_refused_date_is_marked_and_kept_with_the_quarter(client, performance, housing):
    client.force_login(performance)
    data = {"period": "2016-Q2", "published-day": "14", "published-month": "13", "published-year": "2016"}
    page = _refused(client.post("/quarters/publish/", data), "#published-day",
                    "The committee date must be a real date, for example 14 3 2017")
    assert '<option value="2016-Q2" selected>Quarter 2 2016/17</option>' in page
    group = page[page.rindex('<div class="govuk-form-group', 0, page.index('<fieldset class="govuk-fieldset"')):]
    group = group[:group.index("</fieldset>")]
    assert group.startswith('<div class="govuk-form-group govuk-form-group--error">')
    assert 'aria-describedby="published-hint published-error"' in group
    assert '<p id="published-error" class="govuk-error-message">' in group
    for name, value in (("day", "14"), ("month", "13"), ("year", "2016")):
        box = re.search(rf'<input[^>]*name="published-{name}"[^>]*>', group)[0]
        assert "govuk-input--error" in box and f'value="{value}"' in box and f'id="published-{name}"' in box
    assert not QuarterPublication.objects.exists()


def test_the_confirmation_says_how_many_indicators_have_a_figure(client, performance, housing):
    client.force_login(performance)
    data = {"period": "2016-Q2", "published-day": "22", "published-month": "11", "published-year": "2016"}
    page = client.post("/quarters/publish/", data, follow=True).content.decode()
    assert "Quarter 2 2016/17 published on 22 November 2016. 1 of 4 indicators have a figure." in page


def test_the_count_is_the_in_progress_banners(thurrock):
    """The confirmation's N of M is what the public's banner says (reports.scorecards)."""
    from kpis.selectors.quarters import figures_in
    from reports.scorecards import scorecard_for

    for quarter in (Quarter(2016, 1), Q2, Q3, Quarter(2016, 4)):
        scorecard = scorecard_for(quarter.year, quarter.number)
        assert figures_in(quarter) == (scorecard.with_figure, len(scorecard.rows)), quarter
    assert figures_in(Q3) == (48, 49)


def test_the_form_offers_the_quarters_with_figures(client, performance, housing):
    client.force_login(performance)
    page = client.get("/quarters/").content.decode()
    assert '<option value="2016-Q3">Quarter 3 2016/17</option>' in page
    assert '<option value="2016-Q1">Quarter 1 2016/17</option>' in page


def test_the_demo_publishes_what_the_council_published(thurrock):
    """The committee dates of the Corporate Overview and Scrutiny work programme (seed 000)."""
    assert published_quarters() == {Q3: date(2017, 3, 14), Q2: date(2016, 11, 22), Quarter(2016, 1): date(2016, 9, 20)}


def test_make_demo_publishes_what_the_tests_demo_does():
    from pathlib import Path

    from tests.datasets import DEMO_PUBLISHED, PLAN_DEMO_PUBLISHED

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert f"DEMO_PUBLISHED := {' '.join(DEMO_PUBLISHED)}\n" in makefile
    assert "manage.py publish_quarter $(DEMO_PUBLISHED)" in makefile
    assert f"PLAN_DEMO_PUBLISHED := {' '.join(PLAN_DEMO_PUBLISHED)}\n" in makefile
    assert "manage.py publish_quarter $(PLAN_DEMO_PUBLISHED)" in makefile
