"""The lead officer's walk through the corporate plan in a real browser, at 1366 and 390 px: the
plan, an objective, a deliverable they lead, its progress form (refused, then saved, by keyboard
alone), with axe's checks on each page; and the register's heat maps drawn with their counts."""

import re

import pytest
from playwright.sync_api import expect

from tests.people import PASSWORD, make_user
from tests.plan.plan_data import make_plan, report_q2

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

WIDTHS = (1366, 390)


@pytest.fixture
def plan(db):
    olivia = make_user("olivia", "officer", ["Children's Services"])
    plan = make_plan(lead=olivia)
    report_q2(plan, published=True)
    return plan


@pytest.mark.parametrize("width", WIDTHS)
def test_the_lead_officer_walks_from_the_plan_to_the_update_form(
        page, live_server, login, assert_accessible, screenshot, plan, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "olivia", PASSWORD)
    page.goto("/plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Corporate plan: Quarter 2 2014/15")
    expect(page.locator('.govuk-service-navigation a[href="/plan/"]')).to_have_attribute("aria-current", "true")
    assert_accessible(page)
    screenshot(page, f"plan/plan-{width}")

    page.get_by_role("link", name="Ensure that every child has a place in a good school").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ensure that every child has a place in a good school")
    expect(page.locator("#deliverable-1 + dl")).to_contain_text("Green: progressing as planned")
    assert_accessible(page)
    screenshot(page, f"plan/objective-{width}")

    page.get_by_role("link", name="1. Deliver the new school places").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deliver the new school places")
    expect(page.locator("tr", has_text="Quarter 2 2014/15")).to_contain_text("Green: progressing as planned")
    assert_accessible(page)
    screenshot(page, f"plan/deliverable-{width}")

    page.get_by_role("link", name="Update progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update progress")
    assert_accessible(page)
    screenshot(page, f"plan/progress-form-{width}")


def test_the_form_by_keyboard_alone_refused_then_saved(page, live_server, login, assert_accessible, screenshot,
                                                      plan):
    login(page, live_server, "olivia", PASSWORD)
    page.goto("/plan/deliverables/1/progress/?quarter=2014-Q3")
    quarter = page.get_by_label("Quarter", exact=True)
    quarter.focus()
    expect(quarter).to_have_value("2014-Q3")
    page.keyboard.press("Tab")  # the first radio of the status
    expect(page.get_by_label("Green: progressing as planned")).to_be_focused()
    for _ in range(3):  # arrows move through the radios, choosing as they go
        page.keyboard.press("ArrowDown")
    expect(page.get_by_label("n/a: no status this quarter, the commentary says why")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Commentary", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save progress")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_title(re.compile("^Error: Update progress"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    screenshot(page, "plan/progress-form-errors")
    page.keyboard.press("Tab")  # the summary's link to the field
    expect(page.get_by_role("link", name="Commentary: say why the deliverable has no status this quarter")
           ).to_be_focused()
    page.keyboard.press("Enter")
    commentary = page.get_by_label("Commentary", exact=True)
    expect(commentary).to_be_focused()
    expect(page.get_by_label("n/a: no status this quarter, the commentary says why")).to_be_checked()  # kept
    page.keyboard.type("The scheme starts in January, once the builders hand over.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile("/plan/deliverables/1/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Progress of deliverable 1 for Quarter 3 2014/15 saved: n/a")
    saved = page.locator("tr", has_text="Quarter 3 2014/15")
    expect(saved).to_contain_text("The scheme starts in January, once the builders hand over.")
    expect(saved).to_contain_text("Olivia, ")  # who updated it, for staff
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_register_draws_both_heat_maps_with_their_counts(page, assert_accessible, screenshot, plan, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/plan/risks/")
    risks = page.locator('[data-chart="heat-map-risks"]')
    expect(risks.locator(".main-svg").first).to_be_visible()
    expect(risks.locator(".textpoint text").filter(has_text="25, 26").first).to_be_attached()
    expect(page.get_by_text("27: Growth brings new employers (as printed: Major / Likely)")).to_be_visible()
    box = risks.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert_accessible(page)
    screenshot(page, f"plan/risk-register-{width}")
