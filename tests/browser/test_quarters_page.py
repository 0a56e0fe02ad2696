"""The performance team's quarters page once a quarter is locked, and a refused form, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from kpis.domain.periods import Quarter
from kpis.services import workflow
from tests.month_sheet import approved, make_indicator
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


def test_the_quarters_page_with_a_locked_quarter(page, live_server, login, assert_accessible, screenshot):
    performance = make_user("pat", "performance")
    workflow.lock_quarter(performance, Quarter(2016, 2))
    workflow.reopen_quarter(performance, Quarter(2016, 2), "September figures restated by the contractor")
    workflow.lock_quarter(performance, Quarter(2016, 2))
    workflow.lock_quarter(performance, Quarter(2016, 3))

    login(page, live_server, "pat", PASSWORD)
    page.goto("/quarters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarters: lock and reopen")
    q2 = page.get_by_role("row", name="Quarter 2 2016/17")
    expect(q2).to_contain_text("Locked")
    expect(q2).to_contain_text("reopened by pat – “September figures restated by the contractor”")
    expect(page.get_by_role("row", name="Quarter 3 2016/17").get_by_role("button", name="Reopen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "quarters-locked")


def test_a_committee_date_before_the_quarter_ends_is_refused_in_the_error_pattern(
        page, live_server, login, assert_accessible, screenshot):
    make_user("pat", "performance")
    approved(make_indicator("BINS", unit="percent", decimals=1, rollup="mean", polarity="up"), "2017-01", "98.1")
    login(page, live_server, "pat", PASSWORD)
    page.goto("/quarters/")
    page.get_by_label("Quarter to publish").select_option("2016-Q4")
    for box, value in (("Day", "1"), ("Month", "1"), ("Year", "2016")):
        page.get_by_label(box, exact=True).fill(value)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page).to_have_title(re.compile("^Error: Quarters"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    message = "The committee date must be on or after 31 March 2017, the end of Quarter 4 2016/17"
    summary.get_by_role("link", name=message).click()
    expect(page.locator("#published-day")).to_be_focused()
    for box, value in (("Day", "1"), ("Month", "1"), ("Year", "2016")):  # kept, and marked
        expect(page.get_by_label(box, exact=True)).to_have_value(value)
        expect(page.get_by_label(box, exact=True)).to_have_class(re.compile("govuk-input--error"))
    expect(page.get_by_label("Quarter to publish")).to_have_value("2016-Q4")
    assert_accessible(page)
    screenshot(page, "quarters-early-committee-date")
