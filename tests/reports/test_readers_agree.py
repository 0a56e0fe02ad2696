"""One fact, one place: for every demo indicator and quarter, every reader (the summary and
its links, the scorecard table, the indicator page, the portfolio page, the JSON, the CSV
and the Excel appendix) shows the same status, directions of travel and section, each
marked "as published" where it is the council's printed value."""

import csv
import io
import json
from collections import Counter, defaultdict
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kpis.domain.terms import Category, Direction, Section, Status
from kpis.models import Portfolio
from reports.presentation import AS_PUBLISHED, shown_direction, shown_status
from reports.scorecards import scorecard_for

QUARTERS = (1, 2, 3)


@pytest.fixture
def thurrock(thurrock):
    """The demo's scorecard of each quarter."""
    return {q: scorecard_for(2016, q) for q in QUARTERS}


def expected(row) -> dict[str, str]:
    """What every reader must write of a row: word and mark, and "(as published)" when printed."""
    def written(shown):
        return plain(f"{shown.text} ({AS_PUBLISHED})" if shown.as_published else shown.text)
    return {"status": written(shown_status(row.status, row.result.no_status_reason)),
            "dot_year": written(shown_direction(row.dot_year)),
            "dot_quarter": written(shown_direction(row.dot_quarter))}


class _Cells(HTMLParser):
    """The text of each cell of each body row of the page's tables."""

    def __init__(self):
        super().__init__()
        self.rows, self.row, self.cell, self.in_body = [], None, None, False

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")
        elif tag == "span" and self.cell is not None and ("class", "visually-hidden") in attrs:
            self.cell.append("\0")  # a sparkline's words for screen readers: not a status

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split("\0")[0].split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def plain(text: str) -> str:
    """A cell's words: "Achieved ✓ (as published)" however a page sets the note beside them."""
    return " ".join(text.replace("(", " ").replace(")", " ").split())


def body_rows(page: str) -> list[list[str]]:
    parser = _Cells()
    parser.feed(page)
    return parser.rows


def test_the_table_and_its_filters_show_each_rows_status_arrows_and_section(client, thurrock):
    for quarter, scorecard in thurrock.items():
        url = f"/scorecards/2016/q{quarter}/indicators/"
        cells = {row[0].removesuffix(" In Focus"): row for row in body_rows(client.get(url).content.decode())}
        for row in scorecard.rows:
            status, dot_year, dot_quarter = map(plain, cells[row.title][6:9])
            want = expected(row)
            assert status.startswith(want["status"]), (quarter, row.code, status)
            assert AS_PUBLISHED in status if row.status.as_published else AS_PUBLISHED not in status.split("differs")[0]
            assert (dot_year, dot_quarter) == (want["dot_year"], want["dot_quarter"]), (quarter, row.code)
        for name, values in (("section", Section), ("status", Status), ("dot_year", Direction),
                             ("dot_quarter", Direction)):
            for value in values:
                listed = {r[0].removesuffix(" In Focus") for r in body_rows(
                    client.get(f"{url}?{name}={value.value}").content.decode()) if len(r) > 1}
                shown = {row.title for row in scorecard.rows if _value(row, name) is value}
                assert listed == shown, (quarter, name, value)


def _value(row, name):
    return row.section if name == "section" else getattr(row, name).value


def test_each_summary_line_counts_exactly_the_rows_its_link_lists(client, thurrock):
    for quarter, scorecard in thurrock.items():
        page = client.get(f"/scorecards/2016/q{quarter}/").content.decode()
        kpis = [row for row in scorecard.rows if row.category is Category.KPI]
        for name, shares in (("status", scorecard.summary.statuses), ("dot_year", scorecard.summary.dot_year),
                             ("dot_quarter", scorecard.summary.dot_quarter)):
            for value, share in shares.items():
                counted = [row for row in kpis if getattr(row, name).value is value]
                assert share.count == len(counted)
                assert share.as_published == sum(getattr(row, name).as_published for row in counted)
                listed = body_rows(client.get(
                    f"/scorecards/2016/q{quarter}/indicators/?category=kpi&{name}={value.value}").content.decode())
                assert len([r for r in listed if len(r) > 1]) == share.count, (quarter, name, value)
                if share.total:
                    assert f"{share.count} of {share.total}" in page


def test_the_indicator_pages_show_what_each_quarters_scorecard_shows(client, thurrock):
    for row in thurrock[3].rows:
        quarters = {r[0]: r for r in body_rows(client.get(f"/indicators/{row.code}/?year=2016").content.decode())
                    if r and r[0] in ("Q1", "Q2", "Q3", "Q4")}
        for quarter, scorecard in thurrock.items():
            same = next(r for r in scorecard.rows if r.code == row.code)
            status, dot_year, dot_quarter = map(plain, quarters[f"Q{quarter}"][3:6])
            want = expected(same)
            assert status.startswith(want["status"]), (row.code, quarter, status)
            assert (dot_year, dot_quarter) == (want["dot_year"], want["dot_quarter"]), (row.code, quarter)


def test_the_portfolio_pages_show_what_the_scorecard_shows(client, thurrock):
    for quarter, scorecard in thurrock.items():
        for portfolio in Portfolio.objects.all():
            lines = {r[0]: r for r in body_rows(client.get(
                f"/portfolios/{portfolio.slug}/?quarter=2016-Q{quarter}").content.decode()) if len(r) > 1}
            rows = scorecard.of_portfolio(portfolio.slug)
            assert set(lines) == {row.title for row in rows}
            for row in rows:
                want = expected(row)
                assert list(map(plain, lines[row.title][4:6])) == [want["status"], want["dot_year"]], (quarter, row.code)


def test_the_json_and_csv_say_what_the_pages_show(thurrock):
    for quarter, scorecard in thurrock.items():
        out = io.StringIO()
        call_command("scorecard", "--year", "2016", "--quarter", str(quarter), stdout=out)
        as_json = {r["code"]: r for r in json.loads(out.getvalue())}
        out = io.StringIO()
        call_command("scorecard", "--year", "2016", "--quarter", str(quarter), "--format", "csv", stdout=out)
        as_csv = {r["code"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
        for row in scorecard.rows:
            for name in ("status", "dot_year", "dot_quarter"):
                decided = getattr(row, name)
                value = decided.value and decided.value.value
                assert (as_json[row.code][name], as_json[row.code][f"{name}_basis"]) == (value, decided.basis)
                assert (as_csv[row.code][name], as_csv[row.code][f"{name}_basis"]) == (value or "",
                                                                                       decided.basis or "")
            assert as_json[row.code]["section"] == as_csv[row.code]["section"] == row.section.value


HEADINGS = {"Indicators achieving target": Section.ACHIEVING, "Indicators failing target": Section.FAILING,
            "Corporate KPIs with no status this quarter": Section.NO_STATUS,
            "Health/Wealth of the Borough Indicators": Section.CONTEXT, "Demand Indicators": Section.DEMAND}


def test_the_excel_appendix_says_what_the_pages_show(client, thurrock):
    book = load_workbook(io.BytesIO(client.get("/scorecards/2016/q3/appendix.xlsx").content))
    sheet = book["Appendix 1"]
    header = [cell.value for cell in sheet[3]]
    status_columns = {q: header.index(f"Qtr {q} Achieved or Failed") for q in QUARTERS}
    dot_year = header.index("Qtr 3 DOT (since last year)")
    by_quarter = {q: {row.title: row for row in scorecard.rows} for q, scorecard in thurrock.items()}
    section, sections = None, defaultdict(set)
    for values in sheet.iter_rows(min_row=4, values_only=True):
        if values[0] in HEADINGS and not any(values[1:]):
            section = HEADINGS[values[0]]
            continue
        sections[section].add(values[0])
        for quarter, column in status_columns.items():
            want = expected(by_quarter[quarter][values[0]])["status"]
            assert plain(values[column] or "–") == want, (values[0], quarter, values[column])
        assert plain(values[dot_year] or "–") == expected(by_quarter[3][values[0]])["dot_year"], values[0]
    assert sections == {s: {r.title for r in thurrock[3].rows if r.section is s} for s in sections}
    assert Counter(r.section for r in thurrock[3].rows) == Counter({s: len(t) for s, t in sections.items()})
    failed = {values[0] for values in book["Appendix 1b"].iter_rows(min_row=4, values_only=True) if values[0]}
    assert failed == {r.title for r in thurrock[3].rows
                      if r.status.value in (Status.FAILED, Status.RED, Status.AMBER) and r.category is not Category.DEMAND}
