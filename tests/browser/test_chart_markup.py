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
