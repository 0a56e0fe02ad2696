"""The home page in a real browser, on Thurrock's Quarter 3 2016/17 (what `make demo` shows)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.datasets import DEMO

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


@pytest.fixture
def home(page):
    call_command("import_workbook", str(DEMO))
    page.goto("/")
    return page


def row_of(page, title):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=title, exact=True))


def test_it_shows_quarter_3_with_statuses_and_arrows_in_words(home, screenshot):
    expect(home.get_by_role("table")).to_contain_text("Quarter 3 2016/17: 49 indicators")
    rent = row_of(home, "% Rent collected")
    expect(rent).to_contain_text("97.10%")
    expect(rent).to_contain_text("Failed")
    expect(rent).to_contain_text("↑ Better")  # since last quarter
    screenshot(home, "home-q3-2016-17")


def test_the_first_tab_reaches_a_visible_skip_link(home):
    skip = home.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()
    home.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    home.keyboard.press("Enter")
    home.keyboard.press("Tab")  # past the header's links, into the page's own content
    expect(home.get_by_role("main").get_by_role("link").first).to_be_focused()


def test_it_has_no_wcag_violations(home, assert_accessible):
    assert_accessible(home)


def test_it_prints_on_a4_landscape(home, artifacts):
    pdf = artifacts / "home-q3-2016-17.pdf"
    pdf.unlink(missing_ok=True)
    home.pdf(path=str(pdf), format="A4", landscape=True)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
