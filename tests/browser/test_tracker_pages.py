"""The recommendations tracker in a real browser, as Dawn Calvert (an officer it assigns work to):
the tracker, filtered to what is hers, a recommendation, a progress update refused without its
text and then saved, with axe's WCAG 2.2 AA checks at a desktop's and a phone's width."""

import re

import pytest
from playwright.sync_api import expect

from tests.people import PASSWORD
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


@pytest.mark.parametrize("width", [1366, 390])
def test_an_assignee_filters_the_tracker_and_adds_progress(page, live_server, login, settings, assert_accessible,
                                                           screenshot, width):
    settings.TRACKER_AS_OF = AS_OF
    make_tracker()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "dawn", PASSWORD)
    page.goto("/scrutiny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendations tracker")
    expect(page.get_by_role("heading", name="4 recommendations")).to_be_visible()
    row = page.locator("#recommendation-4")
    row.get_by_text("Recommendations", exact=False).first.click()  # the long text opens in place
    expect(row.get_by_text("Agreed a corporate approach.")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"tracker-{width}")

    page.get_by_label("Assigned to").select_option(label="Dawn Calvert")
    page.get_by_label("Open or closed").select_option("open")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="2 recommendations match the filters")).to_be_visible()
    expect(page.get_by_label("Assigned to")).to_have_value(re.compile(r"\d+"))
    assert_accessible(page)
    screenshot(page, f"tracker-filtered-{width}")

    page.get_by_role("link", name="Communication and Engagement Strategy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Communication and Engagement Strategy")
    expect(page.get_by_role("heading", name="Add a progress update")).to_be_visible()
    for box, value in (("Day", "20"), ("Month", "3"), ("Year", "2025")):
        page.get_by_label(box, exact=True).fill(value)
    page.get_by_role("button", name="Save progress").click()  # no text
    expect(page).to_have_title(re.compile("^Error: Recommendation 1"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Enter the progress").click()
    expect(page.get_by_label("Progress", exact=True)).to_be_focused()
    expect(page.get_by_label("Day", exact=True)).to_have_value("20")  # what was typed is kept
    assert_accessible(page)
    screenshot(page, f"recommendation-no-text-{width}")

    page.get_by_label("Progress", exact=True).fill("Strategy adopted by Cabinet.\n\nCommunications plan next.")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Progress on recommendation 1 saved.")
    update = page.locator(".tracker-update").last
    expect(update).to_contain_text("20 March 2025")
    expect(update.locator("p")).to_have_text(
        [re.compile("20 March 2025"), "Strategy adopted by Cabinet.", "Communications plan next."])
    assert_accessible(page)
    screenshot(page, f"recommendation-progress-saved-{width}")
