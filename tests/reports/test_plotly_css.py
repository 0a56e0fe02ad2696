"""plotly.js's styles come from our static file, not from the <style> elements it would write and
the Content-Security-Policy blocks (thurrock_kpi/plotly_css.py). An upgrade of the vendored bundle
(static/vendor/plotly/, `make assets`) that changes its rules or its guarded style ids fails here
until the file is written again, and so does a bundle that cannot draw what our charts draw."""

from decimal import Decimal
from pathlib import Path

from django.conf import settings

from kpis.selectors.indicator import BenchmarkFigure
from reports.charts import indicator_chart
from tests.reports.rent import RENT, RENT_SERIES, RENT_TARGETS
from thurrock_kpi import plotly_css

BUNDLE = plotly_css.BUNDLE.read_text()
PARTIAL = (Path(settings.BASE_DIR) / "templates" / "reports" / "_plotly.html").read_text()


def test_the_static_stylesheet_is_the_bundles_own_rules():
    assert len(plotly_css.global_rules(BUNDLE)) > 50  # the mode bar, hover labels, notifiers ...
    assert plotly_css.CSS.read_text() == plotly_css.stylesheet(BUNDLE), (
        "plotly.js's rules changed: run `python -m thurrock_kpi.plotly_css`")


def test_the_page_marks_every_style_plotly_would_write_as_present():
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in PARTIAL
    ids = plotly_css.guarded_style_ids(BUNDLE)
    assert ids  # the map library's, at least
    for style_id in ids:
        assert f'<template id="{style_id}"></template>' in PARTIAL


def test_the_bundle_draws_every_trace_type_of_our_charts():
    # Every kind of line: both years, the quarter markers, the target and a benchmark.
    figure = indicator_chart(RENT, "% Rent collected", RENT_SERIES, RENT_TARGETS,
                             [BenchmarkFigure("national", 2015, Decimal("34.2"))], 2016)
    drawn = {trace["type"] for trace in figure["data"]}
    assert len(figure["data"]) == 5
    assert drawn <= plotly_css.trace_types(BUNDLE), "the vendored plotly.js bundle lacks a trace type we draw"
