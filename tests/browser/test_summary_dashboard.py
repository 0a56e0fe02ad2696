"""The quarter summary's dashboard in a real browser, at a desk (1366 px) and on a phone
(390 px): Thurrock's Quarter 3 2016/17 as published, and as it read before it was (in progress:
the banner, no result). Its charts are drawn, it breaks no WCAG 2.2 A/AA rule, and a phone
never scrolls sideways."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kpis.domain.periods import Quarter
from kpis.services.publication import set_publication
from tests.datasets import DEMO, DEMO_PUBLISHED
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

WIDTHS = {"desktop": 1366, "phone": 390}


@pytest.fixture
def demo():
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    call_command("publish_quarter", *DEMO_PUBLISHED, stdout=io.StringIO())


def open_summary(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/scorecards/2016/q3/")
    # plotly.js draws each chart into an SVG inside .plot-container
    expect(page.locator("[data-chart='status-chart'] .plot-container svg").first).to_be_visible()
    expect(page.locator("[data-chart='trend-chart'] .plot-container svg").first).to_be_visible()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("device", WIDTHS)
def test_a_published_quarter(page, demo, device, assert_accessible, screenshot):
    open_summary(page, WIDTHS[device])
    expect(page.locator(".govuk-notification-banner")).to_have_count(0)
    expect(page.get_by_role("heading", name="Quarter 3 2016/17 at a glance")).to_be_visible()
    expect(page.locator("#headline-achieved")).to_have_text("55%")
    expect(page.get_by_text("14 March 2017, when the report went to committee")).to_be_visible()
    # the axis titles are drawn, on a phone too (where static/js/charts.js may wrap them onto lines)
    for chart, axis, title in (("status-chart", "g-xtitle", "Number of corporate KPIs"),
                               ("trend-chart", "g-ytitle", "Achieved (% of KPIs with a status)")):
        drawn = page.locator(f"[data-chart='{chart}'] .{axis}").text_content()
        assert drawn.replace(" ", "") == title.replace(" ", "")
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"summary-dashboard-q3-2016-17-published-{WIDTHS[device]}")


@pytest.mark.parametrize("device", WIDTHS)
def test_a_quarter_in_progress(page, demo, device, assert_accessible, screenshot):
    set_publication(None, Quarter(2016, 3), None, "withdrawn")
    open_summary(page, WIDTHS[device])
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("In progress: 48 of 49 indicators have a figure")
    expect(page.get_by_role("heading", name="at a glance")).to_have_count(0)
    expect(page.get_by_role("heading", name="So far in Quarter 3 2016/17: in progress, not the quarter's result")
           ).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"summary-dashboard-q3-2016-17-in-progress-{WIDTHS[device]}")


@pytest.mark.parametrize("device", WIDTHS)
def test_the_performance_team_publishes_and_withdraws_on_the_quarters_page(
        page, demo, live_server, login, device, assert_accessible, screenshot):
    make_user("pat", "performance")
    set_publication(None, Quarter(2016, 3), None, "withdrawn")
    page.set_viewport_size({"width": WIDTHS[device], "height": 900})
    login(page, live_server, "pat", PASSWORD)
    page.goto("/quarters/")
    page.get_by_label("Quarter to publish").select_option("2016-Q3")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year", exact=True).fill("2017")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Quarter 3 2016/17 published on 14 March 2017.")).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)
    screenshot(page, f"quarters-published-{WIDTHS[device]}")

    page.get_by_role("button", name="Withdraw Quarter 3 2016/17").click()
    expect(page.get_by_text("Quarter 3 2016/17 withdrawn: the public reads it as in progress.")).to_be_visible()
    page.goto("/scorecards/2016/q3/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("In progress: 48 of 49")
