"""Text people typed is shown by the chart as written, never as markup (issue 11, item 4).

plotly.js reads a subset of HTML in its texts (<a href>, <b>, <i>, <span style> ...): an
indicator titled `<a href="https://x/">Repairs</a>` would be a link inside the chart."""

import json
import re
from decimal import Decimal as D

from kpis.selectors.indicator import BenchmarkFigure
from reports.charts import indicator_chart
from tests.reports.rent import RENT, RENT_SERIES, RENT_TARGETS

TITLE = '<a href="https://x/">Repairs</a> & <b>bold</b> <span style="color:red">made to look longer than a line</span>'
KIND = '<a href="https://x/">national</a>'
OUR_TAGS = {"<extra>", "</extra>"}  # the hover box's name (static/js/charts.js wraps titles once drawn)


def hostile_chart():
    benchmarks = [BenchmarkFigure(KIND, 2015, D("34.2")), BenchmarkFigure("<i>regional</i>", 2015, D("31.7"))]
    return indicator_chart(RENT, TITLE, RENT_SERIES, RENT_TARGETS, benchmarks, 2016)


def test_no_tag_typed_by_a_user_reaches_the_figure():
    tags = set(re.findall(r"<[^<>]*>", json.dumps(hostile_chart())))
    assert tags <= OUR_TAGS, tags - OUR_TAGS


def test_the_title_and_the_legend_show_the_typed_text_as_entities_plotly_decodes():
    figure = hostile_chart()
    title = figure["layout"]["title"]["text"]
    assert title.startswith('&lt;a href="https://x/"&gt;Repairs&lt;/a&gt; &amp; &lt;b&gt;bold')
    names = [trace["name"] for trace in figure["data"]]
    assert '&lt;a href="https://x/"&gt;national&lt;/a&gt; benchmark (2015/16)' in names
    assert "&lt;i&gt;regional&lt;/i&gt; benchmark (2015/16)" in names
