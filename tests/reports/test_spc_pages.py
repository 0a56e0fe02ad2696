"""Issue 17 on the pages: the indicator page's XmR chart with its icons in words, and the scorecard's
variation, assurance and year-end columns with their key, each the same fact as reports.spc and
reports.forecast give (and `manage.py spc` prints).

The demo has nine months a series: under the default rules (mdc, 13 points at least) none gets limits,
so the tests that need a judgement use the other preset (ptd), which judges any length."""

import csv
import html as htmlmod
import io
import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.domain.periods import Quarter
from kpis.models import ChangeOfProcess, Indicator
from reports.forecast_data import forecasts_for
from reports.spc import PointType
from reports.spc_series import spc_results
from reports.spc_words import ASSURANCE, AT_RISK, KEY, ON_COURSE, POINT, VARIATION, quarter_judgements

pytestmark = pytest.mark.usefixtures("empty_cache")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def spc_command(*args):
    out = io.StringIO()
    call_command("spc", *args, "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def chart_of(page: str, element_id: str) -> dict:
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert found, f"no {element_id} in the page"
    return json.loads(found.group(1))


def text_of(page: str) -> str:
    return htmlmod.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def spc_table(page: str) -> list[list[str]]:
    """The rows of the SPC table: month, figure, signal, mean, lower, upper (the marks left out)."""
    table = re.search(r'<table class="govuk-table spc-table">.*?</table>', page, re.S).group(0)
    table = re.sub(r'<span aria-hidden="true">.*?</span>', "", table)
    return [[text_of(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody")[1], re.S)]


def month_text(iso: str) -> str:
    year, month = iso[:7].split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def test_the_indicator_page_shows_the_chart_and_icons_the_spc_command_gives(thurrock, client, settings):
    settings.KPI_SPC_RULES = "ptd"
    [record] = spc_command("--indicator", "RENT")
    assert record["variation"] and record["assurance"]  # judged: the page has something to show
    page = client.get("/indicators/RENT/").content.decode()
    words = text_of(page)
    # The icons in words, the same as the command's.
    assert VARIATION[record["variation"]].text in words
    assert ASSURANCE[record["assurance"]].text in words
    assert re.search(r'class="govuk-tag govuk-tag--\w+ spc-variation">', page)
    assert "How to read this chart" in words
    # The table: each point with its type in words.
    rows = spc_table(page)
    assert [(r[0], r[2]) for r in rows] == [(month_text(p["month"]), POINT[p["type"] and PointType(p["type"])].text)
                                            for p in record["points"]]
    # The chart: each type its own trace, with its own colour and marker symbol.
    figure = chart_of(page, "spc-chart")
    traces = {t["name"]: t for t in figure["data"] if t.get("mode") == "markers"}
    by_type = {}
    for point in record["points"]:
        by_type.setdefault(POINT[PointType(point["type"])].text, []).append((point["month"], point["value"]))
    assert {name: list(zip([x[:7] for x in t["x"]], t["y"], strict=True)) for name, t in traces.items()} == by_type
    assert len({(t["marker"]["symbol"], t["marker"]["color"]) for t in traces.values()}) == len(traces)
    [period] = record["periods"]
    lines = {t["name"]: t for t in figure["data"] if t.get("mode") == "lines" and t.get("showlegend") is not False}
    assert lines["Mean"]["y"] == [pytest.approx(period["mean"])] * 2
    assert lines["Process limits"]["y"] == [pytest.approx(period["upl"])] * 2
    assert any(name.startswith("Target (97.25") for name in lines)


def test_a_change_of_process_breaks_the_lines_and_is_annotated(thurrock, client, settings):
    settings.KPI_SPC_RULES = "ptd"
    ChangeOfProcess.objects.create(indicator=Indicator.objects.get(code="RENT"), month=date(2016, 8, 1),
                                   reason="New contractor")
    [record] = spc_command("--indicator", "RENT")
    page = client.get("/indicators/RENT/").content.decode()
    figure = chart_of(page, "spc-chart")
    mean = next(t for t in figure["data"] if t["name"] == "Mean")
    first, second = record["periods"]
    # Two level lines with a gap between them: no line joins July's mean to August's.
    assert mean["x"] == ["2016-04-01", "2016-07-01", None, "2016-08-01", "2016-12-01"]
    assert mean["y"] == [pytest.approx(first["mean"])] * 2 + [None] + [pytest.approx(second["mean"])] * 2
    assert [a["text"] for a in figure["layout"]["annotations"]] == ["Change of process Aug 2016"]
    rows = spc_table(page)
    assert rows[3][3] != rows[4][3]  # July and August read their own periods' means


def test_too_short_a_series_is_said_in_words(thurrock, client):
    # The default rules (mdc): nine points, fewer than 13.
    [record] = spc_command("--indicator", "RENT")
    assert record["variation"] is None
    page = client.get("/indicators/RENT/").content.decode()
    words = text_of(page)
    assert "The series is too short for process limits: 9 points, and the chart needs at least 13." in words
    assert "spc-variation" not in page
    assert {r[2] for r in spc_table(page)} == {"Not judged"}
    assert chart_of(page, "spc-chart")["data"]  # the figures are still drawn


def table_rows(page: str) -> tuple[list[str], dict[str, list[str]]]:
    table = re.search(r'<table class="govuk-table scorecard">.*?</table>', page, re.S).group(0)
    headers = [text_of(h).replace(", sort", "").strip() for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>",
                                                                          table, re.S)]
    table = re.sub(r'<span aria-hidden="true">.*?</span>', "", table)
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody")[1], re.S):
        cells = [text_of(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        code = re.search(r'href="/indicators/([^/]+)/"', row).group(1)
        rows[code] = dict(zip(headers, cells, strict=True))
    return headers, rows


@pytest.mark.parametrize(("quarter", "until"), [(1, date(2016, 6, 1)), (2, date(2016, 9, 1))])
def test_the_scorecard_table_has_variation_assurance_and_year_end_in_words_with_a_key(thurrock, client, settings,
                                                                                       quarter, until):
    settings.KPI_SPC_RULES = "ptd"
    page = client.get(f"/scorecards/2016/q{quarter}/indicators/").content.decode()
    headers, rows = table_rows(page)
    assert headers[-3:] == ["Variation", "Assurance", "Year end"]
    # The series up to the quarter's last month, the forecast from the figures to it: "at risk" from Q1.
    judged = {s.indicator.code: r for s, r in spc_results(until=until)}
    forecasts = {Indicator.objects.get(pk=pk).code: f for pk, f in forecasts_for(2016, quarter).items()}
    seen = set()
    for code, row in rows.items():
        result = judged[code]
        assert row["Variation"] == (VARIATION[result.variation].text if result.variation else "")
        assert row["Assurance"] == (ASSURANCE[result.assurance].text if result.assurance else "")
        at_risk = forecasts[code].at_risk if code in forecasts else None
        assert row["Year end"] == {True: AT_RISK.text, False: ON_COURSE.text, None: ""}[at_risk]
        seen |= {row["Variation"], row["Assurance"], row["Year end"]}
    # The demo gives real words in each column, not blanks only.
    assert AT_RISK.text in seen and ON_COURSE.text in seen
    assert seen & {w.text for w in VARIATION.values()} and seen & {w.text for w in ASSURANCE.values()}
    # The key under the table: every word with its meaning.
    words = text_of(page)
    assert "Key: Variation, Assurance and Year end" in words
    for entries in KEY.values():
        for entry in entries:
            assert entry.text in words and entry.meaning in words
    assert "Hit and miss" in words and "The target lies within the process limits" in words


def test_the_csv_carries_the_same_words(thurrock, client, settings):
    settings.KPI_SPC_RULES = "ptd"
    _, rows = table_rows(client.get("/scorecards/2016/q3/indicators/").content.decode())
    response = client.get("/scorecards/2016/q3/indicators.csv")
    lines = {line["code"]: line for line in csv.DictReader(io.StringIO(response.content.decode()))}
    assert set(rows) <= set(lines)
    for code, row in rows.items():
        assert (lines[code]["variation"], lines[code]["assurance"], lines[code]["year_end"]) == (
            row["Variation"], row["Assurance"], row["Year end"])


def _keeping(sql: str) -> bool:
    """A statement of the cache (reports.cache: the data's version, the cache's table, its savepoints),
    not of the data."""
    return ("kpi_cache" in sql or "kpis_dataversion" in sql
            or sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")))


def test_the_judgements_take_a_fixed_number_of_queries(thurrock, client, settings, django_assert_num_queries):
    from reports.scorecards import scorecard_for

    settings.KPI_SPC_RULES = "ptd"
    scorecard = scorecard_for(2016, 3)
    with CaptureQueriesContext(connection) as queries:
        judged = quarter_judgements(Quarter(2016, 3), scorecard.rows)
    data = [q["sql"] for q in queries.captured_queries if not _keeping(q["sql"])]
    assert len(data) == 8, data  # the series' four and the forecasts' four, whatever the rows
    assert len(judged) == len(scorecard.rows) > 20
    # Kept for the next reader (the table, a filtered table, the CSV) until the published data changes.
    with CaptureQueriesContext(connection) as again:
        assert quarter_judgements(Quarter(2016, 3), scorecard.rows[:3]) == {
            row.code: judged[row.code] for row in scorecard.rows[:3]}
    assert [q["sql"] for q in again.captured_queries if not _keeping(q["sql"])] == []
    # The table page: as many queries for all the rows as for a few.
    counts = []
    for query in ("", "?category=demand"):
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/scorecards/2016/q3/indicators/{query}")
        assert response.status_code == 200
        counts.append((len(queries), len(table_rows(response.content.decode())[1])))
    (all_queries, all_rows), (few_queries, few_rows) = counts
    assert few_rows < all_rows
    assert all_queries == few_queries


def test_other_rules_are_shown_at_once_though_the_page_was_kept(thurrock, client, settings):
    """The kept page content (reports.cache) is keyed by the SPC settings: no stale judgement after a change."""
    assert "too short for process limits" in client.get("/indicators/RENT/").content.decode()
    settings.KPI_SPC_RULES = "ptd"
    page = client.get("/indicators/RENT/").content.decode()
    assert "too short for process limits" not in page and "NHSRplotthedots rules" in page
