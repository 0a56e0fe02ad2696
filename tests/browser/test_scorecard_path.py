"""A councillor's path through Q3 2016/17: summary -> table -> filter -> an indicator's chart."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.datasets import DEMO

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote
A4_LANDSCAPE_PRINTABLE_PX = 1032  # 297 mm less 2 x 12 mm margins, at 96 px per inch


def fits_a4_landscape(page, artifacts, name):
    """Printed by Chromium to A4 landscape, nothing runs off the side of the page."""
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_LANDSCAPE_PRINTABLE_PX, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth") - A4_LANDSCAPE_PRINTABLE_PX
    pdf = artifacts / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", landscape=True, margin={"top": "12mm", "bottom": "12mm",
                                                                   "left": "12mm", "right": "12mm"})
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert pdf.read_bytes().startswith(b"%PDF")
    assert overflow <= 0, f"{name} is {overflow}px wider than an A4 landscape page"


def test_summary_table_filter_indicator(page, assert_accessible, screenshot, artifacts):
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())

    page.goto("/")
    page.get_by_role("link", name="Quarter 3 2016/17", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarter 3 2016/17: summary of corporate KPI performance")
    expect(page.get_by_role("table", name="Performance against target")).to_contain_text("22 of 40")
    assert_accessible(page)
    screenshot(page, "path-1-summary")
    fits_a4_landscape(page, artifacts, "path-1-summary")

    page.get_by_role("link", name="Indicators failing target").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarter 3 2016/17: scorecard")
    expect(page.locator("table.scorecard caption")).to_contain_text("19 of 49 indicators")  # 18 failed and NEET, placed there by the council
    assert_accessible(page)
    screenshot(page, "path-2-failing")
    fits_a4_landscape(page, artifacts, "path-2-failing")

    page.get_by_label("Portfolio").select_option(label="Cllr S Little")
    page.get_by_role("button", name="Filter").click()
    assert "section=failing" in page.url and "portfolio=cllr-s-little" in page.url  # a link to share
    expect(page.locator("table.scorecard caption")).to_contain_text("3 of 49 indicators")
    page.get_by_role("link", name="Since last quarter").click()  # sort by a column
    assert "sort=dot_quarter" in page.url
    assert_accessible(page)
    screenshot(page, "path-3-filtered")

    page.get_by_role("link", name="Self-Directed Support - % adult social care users in receipt of SDS").click()
    expect(page.locator("[data-chart=indicator-chart]")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "path-4-indicator")
    fits_a4_landscape(page, artifacts, "path-4-indicator")
