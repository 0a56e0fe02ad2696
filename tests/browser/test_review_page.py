"""The performance team's review queue in a real browser, on a desktop and on a phone: "Select
all" by keyboard and by mouse, and the error a decision on nothing gets."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kpis.models import Reading, Target
from tests.month_sheet import make_indicator
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

WIDTHS = [1366, 390]
ROWS = 4
LONG_WORDS = ("Collections were missed on the Tuesday rounds in the east of the borough while two crews were "
              "off sick; agency drivers covered from the second week, and the contractor expects the figure to "
              "recover next month once the round sheets are reconciled with residents' reports of missed bins.")


@pytest.fixture
def queue():
    """Four figures of December 2016 submitted by an officer, one with a long commentary."""
    officer = make_user("olivia", "officer", ["AHH - Housing"])
    make_user("pat", "performance")
    for n in range(ROWS):
        indicator = make_indicator(f"BINS{n}", title=f"% of refuse bins emptied on correct day, round {n}",
                                   unit="percent", decimals=1, rollup="mean", polarity="up")
        Target.objects.create(indicator=indicator, year=2016, period="year", value=Decimal("98.5"))
        Reading.objects.create(indicator=indicator, month=date(2016, 12, 1), value=Decimal(97 + n),
                               state=Reading.State.SUBMITTED, updated_by=officer,
                               submitted_commentary=LONG_WORDS if n == 0 else "Met the target.")


def _rows(page):
    return page.locator("tbody input[name=reading]")


def _open(page, live_server, login, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "pat", PASSWORD)
    page.goto("/review/")


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"


@pytest.mark.parametrize("width", WIDTHS)
def test_select_all_ticks_every_figure_by_keyboard_and_by_mouse(page, live_server, login, assert_accessible,
                                                                 screenshot, queue, width):
    _open(page, live_server, login, width)
    row = page.get_by_role("region", name="Figures waiting for review").get_by_role(
        "row", name="% of refuse bins emptied on correct day, round 1")
    expect(row).to_contain_text("98.0%")
    expect(row).to_contain_text("98.5%")
    expect(row.locator(".govuk-tag")).to_have_text("Failed ✗")
    select_all = page.get_by_label(f"Select all {ROWS} figures")

    select_all.focus()
    page.keyboard.press("Space")
    for box in _rows(page).all():
        expect(box).to_be_checked()
    page.keyboard.press("Space")
    for box in _rows(page).all():
        expect(box).not_to_be_checked()

    page.get_by_label("Select % of refuse bins emptied on correct day, round 2 Dec-16").check()
    assert page.evaluate("document.getElementById('select-all').indeterminate")
    select_all.click()
    for box in _rows(page).all():
        expect(box).to_be_checked()

    page.get_by_text("Show full commentary").click()
    expect(page.get_by_text("once the round sheets are reconciled", exact=False).last).to_be_visible()
    _fits(page)
    assert_accessible(page)
    screenshot(page, f"review-queue-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_approving_nothing_is_an_error_that_keeps_the_page(page, live_server, login, assert_accessible,
                                                           screenshot, queue, width):
    _open(page, live_server, login, width)
    page.get_by_label("Reason for returning").fill("Typed before deciding")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve selected").click()
    assert page.title().startswith("Error: ")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend's error summary, started by static/js/govuk-init.js
    expect(summary).to_contain_text("Select at least one figure to approve or return")
    summary.get_by_role("link").click()
    expect(_rows(page).first).to_be_focused()
    expect(page.get_by_label("Reason for returning")).to_have_value("Typed before deciding")
    _fits(page)
    assert_accessible(page)
    screenshot(page, f"review-queue-nothing-ticked-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_returning_without_a_reason_keeps_the_ticks(page, live_server, login, assert_accessible, screenshot,
                                                    queue, width):
    _open(page, live_server, login, width)
    page.get_by_label("Select % of refuse bins emptied on correct day, round 3 Dec-16").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Return selected").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a reason for returning")
    expect(page.get_by_label("Select % of refuse bins emptied on correct day, round 3 Dec-16")).to_be_checked()
    expect(page.get_by_label("Select % of refuse bins emptied on correct day, round 0 Dec-16")).not_to_be_checked()
    assert page.evaluate("document.getElementById('select-all').indeterminate")
    _fits(page)
    assert_accessible(page)
    screenshot(page, f"review-queue-no-reason-{width}")


def test_without_scripts_rows_are_ticked_one_by_one_and_approved(browser, live_server, login, queue):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False,
                                  viewport={"width": 390, "height": 900})
    page = context.new_page()
    try:
        login(page, live_server, "pat", PASSWORD)
        page.goto("/review/")
        expect(page.locator("#select-all")).to_have_count(0)  # nothing offered that would not work
        page.get_by_label("Select % of refuse bins emptied on correct day, round 2 Dec-16").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Approve selected").click()
        expect(page.get_by_text("1 figure(s) approved and published.")).to_be_visible()
        assert Reading.objects.get(indicator__code="BINS2").state == Reading.State.APPROVED
        assert Reading.objects.filter(state=Reading.State.SUBMITTED).count() == ROWS - 1
    finally:
        context.close()
