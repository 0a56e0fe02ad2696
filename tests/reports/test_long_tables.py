"""A council of hundreds of indicators reads its scorecard a hundred rows a page: every
indicator on exactly one page, in the order asked for across the pages, and no page of
megabytes (reports/views.py TABLE_ROWS_PER_PAGE)."""

import re
from datetime import date
from decimal import Decimal

import pytest

from kpis.models import Directorate, Indicator, Reading
from kpis.services import freshness

COUNT = 250


@pytest.fixture
def large_council(db):
    directorate = Directorate.objects.create(name="Corporate")
    indicators = Indicator.objects.bulk_create(
        Indicator(code=f"K{n:03d}", title=f"Indicator {n:03d}", directorate=directorate, unit="count",
                  rollup="sum", position=n) for n in range(COUNT))
    Reading.objects.bulk_create(
        Reading(indicator=indicator, month=date(2016, 10, 1), value=Decimal((n * 37) % 1000), state="approved")
        for n, indicator in enumerate(indicators))
    freshness.changed()  # written in bulk: the pages are told, as kpis.services.imports tells them


def codes(html: str) -> list[str]:
    return re.findall(r'<a href="/indicators/(K\d{3})/">', html)


def test_the_table_shows_every_indicator_once_a_hundred_a_page_in_the_order_asked_for(client, large_council):
    pages, url = [], "/scorecards/2016/q3/indicators/?sort=-figure"
    while url:
        html = client.get(url).content.decode()
        pages.append(codes(html))
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        url = "/scorecards/2016/q3/indicators/" + following.group(1).replace("&amp;", "&") if following else None
    assert [len(page) for page in pages] == [100, 100, 50]
    shown = [code for page in pages for code in page]
    by_figure = sorted(range(COUNT), key=lambda n: (n * 37) % 1000, reverse=True)
    assert shown == [f"K{n:03d}" for n in by_figure]
    assert "Page 3 of 3" in html and "Rows 201 to 250 of 250." in html


def test_the_home_page_lists_a_hundred_a_page_and_says_how_many(client, large_council):
    first = client.get("/").content.decode()
    assert "250 indicators" in first and "Page 1 of 3" in first
    last = client.get("/?quarter=2016-Q3&page=3").content.decode()
    assert "Page 3 of 3" in last and 'rel="next"' not in last
    assert re.findall(r"Indicator (\d{3})", last) == [f"{n:03d}" for n in range(200, COUNT)]
