"""The plan's quarterly progress report as a workbook, read back with openpyxl: its sheets, header
rows and a row's values; a quarter in progress said so under the title, for staff only; text typed
as a formula kept as text."""

import io

import pytest
from openpyxl import load_workbook

from tests.people import make_user
from tests.plan.plan_data import HOSTILE, make_plan, report_q2

pytestmark = pytest.mark.django_db

URL = "/plan/2014/q2/progress.xlsx"
PROGRESS_HEADER = ["Priority", "Objective", "No.", "Deliverable", "Lead officer", "RAG", "Commentary",
                   "Linked risks and opportunities"]
RISKS_HEADER = ["No.", "Kind", "Title", "Impact", "Likelihood", "As printed", "Deliverables"]


def workbook_of(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="corporate-plan-2014-15-q2.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def published(db):
    plan = make_plan()
    report_q2(plan, published=True)
    return plan


def test_the_progress_sheet_has_every_deliverable_with_its_rag_and_commentary(client, published):
    book = workbook_of(client.get(URL))
    assert book.sheetnames == ["Progress", "Risks"]
    sheet = rows(book["Progress"])
    assert sheet[0][0] == "Thurrock Council: Corporate plan progress, Quarter 2 2014/15"
    assert sheet[1] == () or not any(sheet[1])  # published: no note
    assert list(sheet[2]) == PROGRESS_HEADER
    assert list(sheet[3]) == [
        "Create a great place for learning and opportunity", "Ensure that every child has a place in a good school",
        1, "Deliver the new school places", "Head of Learning", "Green: progressing as planned",
        "Two new primary schools opened in September.\n\nA third is on site.",
        "Risk 25: School funding falls short; Risk 28: Building works run late"]
    assert [row[2] for row in sheet[3:]] == [1, 2, 3]
    assert sheet[5][5] == "n/a: no status this quarter, the commentary says why"


def test_each_sheet_prints_on_a4_landscape_with_its_header_row_on_every_page(client, published):
    for sheet in workbook_of(client.get(URL)).worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$3:$3"
        assert sheet.freeze_panes == "A4"


def test_the_risks_sheet_is_the_register(client, published):
    sheet = rows(workbook_of(client.get(URL))["Risks"])
    assert sheet[0][0] == "Thurrock Council: Strategic risks and opportunities, Quarter 2 2014/15"
    assert list(sheet[2]) == RISKS_HEADER
    assert list(sheet[3]) == [25, "Risk", "School funding falls short", "Critical", "Likely", "Critical / Likely", "1"]
    assert list(sheet[5]) == [27, "Opportunity", "Growth brings new employers", None, "Likely", "Major / Likely", "3"]


def test_a_commentary_typed_as_a_formula_stays_text(client, published):
    from plan.models import Progress

    Progress.objects.filter(deliverable__number=1).update(commentary="=1+1")
    book = workbook_of(client.get(URL))
    cells = {cell.coordinate: cell for row in book["Progress"].iter_rows() for cell in row}
    formula = cells["G4"]
    assert formula.value == "=1+1" and formula.data_type == "s" and formula.quotePrefix
    hostile = cells["G5"]
    assert hostile.value == HOSTILE and hostile.data_type == "s"


def test_the_public_may_not_download_a_quarter_in_progress(client, db):
    report_q2(make_plan(), published=False)
    assert client.get(URL).status_code == 404
    client.force_login(make_user("chris", "councillor"))
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("role", ["officer", "performance", "scrutiny"])
def test_staff_download_the_quarter_in_progress_marked_under_each_title(client, db, role):
    report_q2(make_plan(), published=False)
    client.force_login(make_user("someone", role))
    book = workbook_of(client.get(URL))
    for name in ("Progress", "Risks"):
        note = rows(book[name])[1][0]
        assert note.startswith("In progress: not published. Quarter 2 2014/15"), note
    assert rows(book["Progress"])[3][5] == "Green: progressing as planned"


def test_the_plan_pages_link_the_download(client, published):
    assert f'href="{URL}"' in client.get("/plan/2014/q2/").content.decode()
