"""The tracker's workbook, read back with openpyxl: the seed's header row exactly, a row's values,
the HTML as lines, the filters of the page, text that stays text, and the forward plan sheet."""

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scrutiny.excel import COLUMNS, cell_text
from scrutiny.models import ProgressUpdate
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / "004_de7dc345a7c49949.txt"


def seed_header(first: str) -> list[str]:
    """The seed's header line that starts with `first`, its tab-separated names."""
    return next(line for line in SEED.read_text().splitlines() if line.startswith(first + "\t")).split("\t")


@pytest.fixture
def tracker(settings):
    settings.TRACKER_AS_OF = AS_OF
    return make_tracker()


def workbook(client, query=""):
    response = client.get("/scrutiny/tracker.xlsx" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="scrutiny-recommendations-tracker.xlsx"' in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("html, text", [
    ("<p>One.</p><p>Two <b>bold</b>.</p>", "One.\nTwo bold."),
    ("<ol><li>Agreed a;</li><li>Agreed b.</li></ol>", "1. Agreed a;\n2. Agreed b."),
    ("<ol><li>1. Written a;</li><li>2. Written b.</li></ol>", "1. Written a;\n2. Written b."),  # as written
    ("<ol> 1. Agreed a; 2. Agreed b.</ol>", "1. Agreed a; 2. Agreed b."),  # numbers in the text, kept
    ("<ul><li>First</li><li>Second</li></ul>", "• First\n• Second"),
    ("<p>Before</p><ul><li>item<br>its second line</li></ul><p>After &amp; more</p>",
     "Before\n• item\nits second line\nAfter & more"),
    ("<p>Spaces\n   are   one</p>", "Spaces are one"),
    ("", ""),
])
def test_html_becomes_cell_lines(html, text):
    assert cell_text(html) == text


def test_the_header_row_is_the_seeds(client, tracker):
    assert list(COLUMNS) == seed_header("No")
    sheet = workbook(client)["Recommendations tracker"]
    assert rows(sheet)[0] == seed_header("No")


def test_a_row_holds_the_recommendation(client, tracker):
    ProgressUpdate.objects.create(recommendation=tracker["recs"][3], written_on=date(2025, 3, 20),
                                  text="<p>Reviewed.</p><p>Next in June.</p>")
    book = workbook(client)
    values = rows(book["Recommendations tracker"])
    assert [row[0] for row in values[1:]] == [1, 2, 3, 4]
    number, meeting, title, discussion, recommendations, status, assigned, progress = values[3]
    assert (number, meeting, title, status) == (3, datetime(2024, 9, 17),
                                                "Q1 Forecast Revenue and Capital Outturn Report", "Open")
    assert discussion == "Rebuilding trust with residents was a key theme.\n• Previous mistakes\n• How they will be remedied"
    assert recommendations == "1. Agreed the inclusion of previous mistakes;\n2. Agreed a corporate approach."
    assert assigned == "Dawn Calvert / O&S Officers"
    assert progress == ("Work programme updated.\n3 February 2025: Quarterly reports reviewed post-Cabinet.\n"
                        "20 March 2025: Reviewed.\nNext in June.")  # undated first, without a date
    assert values[2][5] == "Closed"
    assert book["Recommendations tracker"]["B2"].number_format == "d mmmm yyyy"


def test_the_download_keeps_the_pages_filters(client, tracker):
    dawn = tracker["assignees"]["dawn"].pk
    values = rows(workbook(client, f"?status=open&assignee={dawn}")["Recommendations tracker"])
    assert [row[0] for row in values[1:]] == [1, 3]


def test_the_forward_plan_sheet(client, tracker):
    values = rows(workbook(client)["Cabinet forward plan"])
    assert values[0] == seed_header("No.") == ["No.", "Report Title", "Cabinet Date", "Information for Corporate O&S"]
    assert values[1:] == [[1, "Q3 Forecast Revenue and Capital Outturn Report", "March 2025", "Scrutiny post-Cabinet."]]


def test_text_that_looks_like_a_formula_stays_text(client, tracker):
    rec = tracker["recs"][1]
    rec.report_title = "=cmd|' /C calc'!A0"
    rec.discussion = "<p>+SUM(A1:A9)</p>"
    rec.save()
    ProgressUpdate.objects.create(recommendation=rec, text="<p>@HYPERLINK(\"http://x\")</p>")
    tracker["assignees"]["dawn"].name = "-Dawn"
    tracker["assignees"]["dawn"].save()
    sheet = workbook(client)["Recommendations tracker"]
    row = {cell.column_letter: cell for cell in sheet[2]}
    assert row["C"].value == "=cmd|' /C calc'!A0" and row["C"].data_type == "s" and row["C"].quotePrefix
    assert row["D"].value == "+SUM(A1:A9)" and row["D"].quotePrefix
    assert row["G"].value == "-Dawn" and row["G"].quotePrefix
    assert row["H"].value.endswith('@HYPERLINK("http://x")')
    assert not row["E"].quotePrefix  # ordinary text is left alone


def test_hostile_html_reaches_the_sheet_as_its_text_alone(client, tracker):
    rec = tracker["recs"][2]
    rec.recommendations = '<p>Agreed.</p><script>alert(1)</script><img src=x onerror="=cmd|x">'
    rec.save()
    assert rows(workbook(client)["Recommendations tracker"])[2][4] == "Agreed."
