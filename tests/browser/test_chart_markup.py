"""An indicator's chart shows a title typed with markup as text, never as a link (issue 11, item 4)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kpis.models import Benchmark, Indicator

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

TITLE = '<a href="https://x/">Repairs</a> & <b>more</b>'
KIND = '<a href="https://x/">national</a>'


def test_a_title_and_a_benchmark_typed_with_markup_are_shown_as_typed(page, imported_small_council):
    homes = Indicator.objects.get(code="HOMES")
    homes.title = TITLE
    homes.save()
    Benchmark.objects.create(indicator=homes, year=2015, kind=KIND, value=Decimal("120"))

    page.goto("/indicators/HOMES/?year=2016")

    chart = page.locator("[data-chart=indicator-chart]")
    expect(chart.locator(".main-svg").first).to_be_visible()  # plotly.js has drawn it
    expect(chart.locator(".gtitle")).to_have_text(TITLE)
    expect(chart.locator(".legend")).to_contain_text(f"{KIND} benchmark")
    expect(chart.locator("svg a")).to_have_count(0)
    expect(chart.locator("svg b, svg [style*='font-weight:bold']")).to_have_count(0)


LONG = ("Percentage of the council's homes that meet the Decent Homes Standard at the end of the month, "
        "counted across every estate, block and street property the council owns and lets to its tenants")


@pytest.mark.parametrize("width", [1280, 390])
def test_a_long_title_is_wrapped_to_the_chart_once_drawn_at_any_width(page, imported_small_council, width):
    """reports.charts writes a title on one line; static/js/charts.js wraps it to the chart's width."""
    Indicator.objects.filter(code="HOMES").update(title=LONG)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/indicators/HOMES/?year=2016")

    chart = page.locator("[data-chart=indicator-chart]")
    expect(chart.locator(".gtitle")).to_have_count(1)
    expect(chart.locator(".gtitle .line")).not_to_have_count(0)  # plotly.js draws a wrapped title's lines as tspans
    lines = chart.locator(".gtitle .line").all_text_contents()
    assert len(lines) >= 2 and " ".join(lines) == LONG
    box, drawn = chart.bounding_box(), chart.locator(".gtitle").bounding_box()
    assert drawn["x"] >= box["x"] and drawn["x"] + drawn["width"] <= box["x"] + box["width"]
    plot_top = chart.locator(".nsewdrag").first.bounding_box()["y"]  # the plot area's drag rectangle
    assert drawn["y"] + drawn["height"] <= plot_top  # the plot starts below the title's last line
