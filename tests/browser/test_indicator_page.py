"""The indicator page in a real browser: % Rent collected, Thurrock 2016/17 (what `make demo` shows)."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.datasets import DEMO

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

# A4 landscape is 297 mm wide: 1122 CSS pixels at 96 per inch, less 10 mm margins each side.
A4_LANDSCAPE = {"width": 1122, "height": 793}
A4_LANDSCAPE_PRINTABLE_WIDTH = 1122 - 2 * 38


@pytest.fixture
def rent(page):
    call_command("import_workbook", str(DEMO))
    page.goto("/indicators/RENT/?year=2016")
    expect(page.locator("[data-chart=indicator-chart] .main-svg").first).to_be_visible()  # plotly.js has drawn the chart
    return page


def test_it_draws_the_chart_with_its_figures_beneath(rent, screenshot):
    expect(rent.get_by_role("heading", level=1)).to_have_text("% Rent collected 2016/17")
    expect(rent.locator("[data-chart=indicator-chart] .legend")).to_contain_text("2016/17 quarter figure (year to date)")
    expect(rent.locator("[data-chart=indicator-chart] .scatterlayer .trace")).to_have_count(4)  # months, quarters, target, benchmark
    expect(rent.get_by_role("row", name="Dec 2016").first).to_contain_text("97.10%")  # the trend table
    q3 = rent.get_by_role("table", name=re.compile("Each quarter")).get_by_role("row", name=re.compile("^Q3"))
    expect(q3).to_contain_text("Failed ✗")
    expect(q3).to_contain_text("↑ Better")
    screenshot(rent, "indicator-rent-2016-17")


def test_the_mode_bar_offers_no_upload_to_plotlys_cloud(rent):
    rent.locator("[data-chart=indicator-chart]").hover()
    expect(rent.locator("[data-chart=indicator-chart] .modebar")).to_be_attached()
    expect(rent.locator(".modebar-btn[data-title*='Share']")).to_have_count(0)  # on neither chart
    expect(rent.locator(".modebar a[href*='plotly']")).to_have_count(0)  # no "Produced with Plotly" logo link


def test_another_year_is_chosen_with_the_form(rent):
    rent.get_by_label("Financial year").select_option("2016")
    rent.get_by_role("button", name="Show").click()
    expect(rent).to_have_url(re.compile(r"/indicators/RENT/\?year=2016$"))


def test_it_has_no_wcag_violations(rent, assert_accessible):
    assert_accessible(rent)


def test_it_prints_on_a4_landscape(rent, artifacts):
    rent.set_viewport_size(A4_LANDSCAPE)
    rent.emulate_media(media="print")
    expect(rent.locator(".govuk-service-navigation")).to_be_hidden()
    expect(rent.locator(".govuk-breadcrumbs")).to_be_hidden()
    expect(rent.get_by_label("Financial year")).to_be_hidden()
    for name in ("indicator-chart", "spc-chart"):  # the trend and, below it, the XmR chart (issue 17)
        chart = rent.locator(f"[data-chart={name}]").bounding_box()
        assert chart["x"] >= 0 and chart["x"] + chart["width"] <= A4_LANDSCAPE_PRINTABLE_WIDTH, (name, chart)
    for table in rent.locator("table").all():
        box = table.bounding_box()
        assert box["x"] + box["width"] <= A4_LANDSCAPE["width"], box

    pdf = artifacts / "indicator-rent-2016-17.pdf"
    pdf.unlink(missing_ok=True)
    rent.pdf(path=str(pdf), format="A4", landscape=True, margin={"top": "10mm", "bottom": "10mm",
                                                              "left": "10mm", "right": "10mm"})
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", content))
    assert 1 <= pages <= 5, f"{pages} pages"  # four before the XmR chart and its points' table joined the page


def test_its_first_printed_page_holds_the_title_facts_and_chart(rent):
    """Not an empty first page: nothing printed above the title, and the chart begins on page 1."""
    rent.set_viewport_size(A4_LANDSCAPE)
    rent.emulate_media(media="print")
    printable_height = A4_LANDSCAPE["height"] - 2 * 38  # 10 mm margins
    title = rent.get_by_role("heading", level=1).bounding_box()
    assert title["y"] < 100, title  # header, navigation, banner and breadcrumbs are not printed
    facts = rent.locator(".facts").bounding_box()
    assert facts["y"] + facts["height"] < printable_height, facts
    chart = rent.locator("[data-chart=indicator-chart]").bounding_box()
    assert chart["y"] < printable_height, chart
