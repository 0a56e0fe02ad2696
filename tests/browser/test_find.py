"""The indicators' list in a real browser, on a desk (1366 px) and a phone (390 px): search,
filter, the result count, the way to an indicator's page, and no sideways scrolling."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.datasets import DEMO

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


@pytest.fixture
def demo(page):
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1366, 390])
def test_search_filter_and_open_an_indicator(demo, assert_accessible, screenshot, width):
    page = demo
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/indicators/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Indicators")
    expect(page.get_by_role("heading", name="49 indicators")).to_be_visible()
    assert fits_the_screen(page), f"/indicators/ scrolls sideways at {width} px"
    assert_accessible(page)
    screenshot(page, f"indicators-{width}")

    page.get_by_label("Search by title or code").fill("rent")
    page.get_by_label("Portfolio").select_option(label="Cllr R Gledhill")
    page.get_by_role("button", name="Search").click()
    assert "q=rent" in page.url and "portfolio=cllr-r-gledhill" in page.url  # a link to share
    expect(page.get_by_role("heading", name="1 indicator found")).to_be_visible()
    expect(page.get_by_label("Search by title or code")).to_have_value("rent")
    assert fits_the_screen(page), f"a search scrolls sideways at {width} px"
    assert_accessible(page)
    screenshot(page, f"indicators-search-{width}")

    page.get_by_label("Search by title or code").fill("no such indicator")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="No indicators found")).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"indicators-none-{width}")

    page.get_by_role("link", name="Clear search and filters").click()
    page.get_by_role("link", name="% Rent collected", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("% Rent collected")


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("url, name", [("/portfolios/", "portfolios"), ("/help/how-to-read/", "how-to-read"),
                                       ("/scorecards/2016/q2/focus/", "focus-quarter-nav")])
def test_the_ways_in_fit_a_desk_and_a_phone(demo, assert_accessible, screenshot, url, name, width):
    page = demo
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    assert fits_the_screen(page), f"{url} scrolls sideways at {width} px"
    assert_accessible(page)
    screenshot(page, f"{name}-{width}")
