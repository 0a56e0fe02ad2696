"""The performance team's review queue (/review/): what each submitted figure shows, and what
happens when a decision cannot be made."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from pytest_django.asserts import assertContains, assertInHTML, assertRedirects

from kpis.domain.periods import Quarter
from kpis.models import Indicator, Reading, Target
from kpis.services import workflow
from tests.month_sheet import DECEMBER, make_indicator

BINS_TITLE = "% of refuse bins emptied on correct day"


WHY = "Why it fails, what we do, when it recovers."


def submitted(officer, code="BINS", value="99.2", commentary=WHY):
    """December 2016's figure of `code`, as its officer submits it from the month sheet."""
    return Reading.objects.create(indicator=Indicator.objects.get(code=code), month=DECEMBER, value=Decimal(value),
                                  state=Reading.State.SUBMITTED, updated_by=officer, submitted_commentary=commentary)


@pytest.fixture
def reviewer(client, officer, performance, housing):
    """December's refuse bins figure (99.2%) submitted, and the performance team signed in."""
    reading = submitted(officer)
    client.force_login(performance)
    return reading


def test_a_row_shows_the_figure_its_target_status_commentary_and_a_link(client, reviewer):
    page = client.get("/review/")
    assertInHTML(f'<a class="govuk-link" href="/indicators/BINS/">{BINS_TITLE}</a>', page.content.decode())
    assertContains(page, '<span class="govuk-body-s">BINS</span>', html=True)
    row = _row(page.content.decode(), reviewer.id)
    assert "Dec-16" in row
    assert ">99.2%<" in row  # the figure, at the indicator's decimals
    assert ">98.5%<" in row  # the quarter's target (the year's, for a mean)
    # The month meets 98.5 alone; the year to date (97.7) fails: the month sheet's two statuses.
    assert '<strong class="govuk-tag govuk-tag--green">Achieved ✓</strong>' in row
    assert "Quarter to date: Failed ✗ (97.7%)" in row
    assert WHY in row
    assert "Olivia" in row
    assertContains(page, f'<label class="govuk-label govuk-checkboxes__label" for="reading-{reviewer.id}">'
                         f'<span class="govuk-visually-hidden">Select {BINS_TITLE} Dec-16</span></label>', html=True)


def test_a_failing_month_is_a_red_tag_and_a_figure_without_target_says_so(client, officer, performance, housing):
    submitted(officer, value="97.1")
    homes = submitted(officer, "HOMES", "111", commentary="")
    client.force_login(performance)
    page = client.get("/review/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Failed ✗</strong>' in page
    homes_row = _row(page, homes.id)
    assert ">No target<" in homes_row
    assert '<strong class="govuk-tag govuk-tag--grey">No status</strong>' in homes_row
    assert "None new" in homes_row


def test_the_page_is_wide_and_scrolls_inside_its_own_region(client, reviewer):
    page = client.get("/review/").content.decode()
    assert '<div class="table-scroll" tabindex="0" role="region" aria-label="Figures waiting for review">' in page
    assert page.count('class="govuk-button"') == 1  # one primary button
    assert 'class="govuk-button govuk-button--secondary"' in page
    assert "review.js" in page and "<script>" not in page


def test_hostile_commentary_is_escaped(client, officer, performance, housing):
    submitted(officer, commentary='<script>alert("x")</script><b>bold</b>')
    client.force_login(performance)
    page = client.get("/review/").content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page


def test_a_long_commentary_is_cut_short_with_the_whole_of_it_behind_details(client, officer, performance, housing):
    reading = submitted(officer, commentary=" ".join(f"word{n}" for n in range(60)))
    client.force_login(performance)
    row = _row(client.get("/review/").content.decode(), reading.id)
    assert "word0 word1" in row and "word29 …" in row
    assert '<span class="govuk-details__summary-text">Show full commentary</span>' in row
    assert "word59" in row.split("govuk-details__text")[1]


def test_approving_nothing_is_an_error_on_the_page_keeping_the_reason(client, reviewer):
    response = client.post("/review/decision/", {"action": "approve", "reason": "typed, then changed my mind"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Review queue" in page
    assertInHTML(f'<li><a href="#reading-{reviewer.id}">Select at least one figure to approve or return</a></li>', page)
    assert 'class="govuk-error-summary"' in page
    assert 'class="govuk-form-group govuk-form-group--error"' in page
    assert "typed, then changed my mind</textarea>" in page
    assert Reading.objects.get(pk=reviewer.pk).state == "submitted"


def test_returning_nothing_is_the_same_error(client, reviewer):
    response = client.post("/review/decision/", {"action": "return", "reason": "Check September"})
    assert response.status_code == 200
    assertContains(response, "Select at least one figure to approve or return")
    assertContains(response, "Check September</textarea>")


def test_returning_without_a_reason_names_the_reason_field_and_keeps_the_ticks(client, officer, performance, housing):
    first = submitted(officer)
    other = submitted(officer, "HOMES", "111")
    client.force_login(performance)
    response = client.post("/review/decision/", {"action": "return", "reading": [first.id], "reason": "  "})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Review queue" in page
    assertInHTML(f'<li><a href="#reason">{workflow.RETURN_REASON_MISSING}</a></li>', page)
    assert 'id="reason-error"' in page and 'aria-describedby="reason-hint reason-error"' in page
    assert f'value="{first.id}" id="reading-{first.id}" checked' in page
    assert f'value="{other.id}" id="reading-{other.id}">' in page  # not ticked
    assert Reading.objects.get(pk=first.pk).state == "submitted"


def test_a_locked_quarter_is_said_on_the_page_keeping_the_ticks(client, reviewer, performance):
    workflow.lock_quarter(performance, Quarter(2016, 3))
    response = client.post("/review/decision/", {"action": "approve", "reading": [reviewer.id]})
    assert response.status_code == 200
    assertContains(response, "Quarter 3 2016/17 is locked")
    assertContains(response, f'value="{reviewer.id}" id="reading-{reviewer.id}" checked')


def test_approving_still_redirects_with_a_message(client, reviewer):
    response = client.post("/review/decision/", {"action": "approve", "reading": [reviewer.id]})
    assertRedirects(response, "/review/", fetch_redirect_response=False)
    assert _messages(response) == ["1 figure(s) approved and published."]
    assert Reading.objects.get(pk=reviewer.pk).state == "approved"


def test_returning_still_redirects_with_a_message(client, reviewer):
    response = client.post("/review/decision/", {"action": "return", "reading": [reviewer.id],
                                                 "reason": "Check the round sheets"})
    assertRedirects(response, "/review/", fetch_redirect_response=False)
    assert _messages(response) == ["1 figure(s) returned to their officers."]
    assert Reading.objects.get(pk=reviewer.pk).return_reason == "Check the round sheets"


def test_thirty_rows_take_no_more_queries_than_three(client, officer, performance, housing,
                                                     django_assert_max_num_queries):
    client.force_login(performance)
    client.get("/review/")  # the session and the like, read once
    _queue(officer, "A", indicators=1)  # 3 rows: one indicator, October to December
    with django_assert_max_num_queries(30) as few:
        client.get("/review/")
    Reading.objects.filter(state=Reading.State.SUBMITTED).delete()
    _queue(officer, "B", indicators=10)  # 30 rows over the same three months
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/review/")
    assert page.content.decode().count('name="reading"') == 30


def _queue(officer, prefix: str, indicators: int):
    """`indicators` indicators with a target, each with October to December 2016 submitted."""
    for n in range(indicators):
        indicator = make_indicator(f"{prefix}{n}", unit="percent", decimals=1, rollup="mean", polarity="up")
        Target.objects.create(indicator=indicator, year=2016, period="year", value=Decimal("90"))
        for month in (10, 11, 12):
            Reading.objects.create(indicator=indicator, month=date(2016, month, 1), value=Decimal(85 + n),
                                   state=Reading.State.SUBMITTED, updated_by=officer, submitted_commentary="Words")


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _row(page: str, reading_id: int) -> str:
    """The table row holding reading `reading_id`'s checkbox."""
    start = page.index(f'id="reading-{reading_id}"')
    return page[page.rindex("<tr", 0, start):page.index("</tr>", start)]
