"""The performance team imports a workbook in a real browser: upload, read the dry run, confirm."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kpis.models import Reading
from tests.people import PASSWORD, make_user
from tests.workbooks import months, small_council, write_workbook

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


def test_the_performance_team_uploads_checks_and_confirms_a_workbook(
        page, live_server, login, assert_accessible, screenshot, small_council_file, tmp_path):
    call_command("import_workbook", str(small_council_file), stdout=io.StringIO())
    make_user("pat", "performance")
    sheets = small_council()  # December's council tax restated, and January's figures added
    next(r for r in sheets["Readings"] if r["code"] == "CTAX" and r["month"] == "2016-12")["value"] = 80.1
    sheets["Readings"] += months("CTAX", "2017-01", [88.9]) + months("HOMES", "2017-01", [40])
    january = write_workbook(tmp_path / "january.xlsx", sheets)
    (tmp_path / "january.csv").write_text("code,month,value\nCTAX,2017-01,88.9\n")

    login(page, live_server, "pat", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Imports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a workbook")
    assert_accessible(page)

    page.get_by_label("Workbook (.xlsx)").set_input_files(str(tmp_path / "january.csv"))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("alert")).to_contain_text("This is not an Excel .xlsx workbook: january.csv is a .csv file")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)  # the error summary, and the message beside the field
    screenshot(page, "import-refused")

    page.get_by_label("Workbook (.xlsx)").set_input_files(str(january))
    page.get_by_label("Import contract (Indicators, Targets, Readings … sheets)").check()
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import of january.xlsx")
    expect(page.get_by_role("heading", level=2, name="3 changes")).to_be_visible()
    expect(page.get_by_text("Readings: 2 created, 1 updated, 118 unchanged")).to_be_visible()
    expect(page.get_by_role("row", name="CTAX 2016-12")).to_contain_text("80.04")
    expect(page.get_by_role("row", name="CTAX 2016-12")).to_contain_text("80.1")
    assert_accessible(page)
    screenshot(page, "import-preview")
    assert Reading.objects.filter(month="2017-01-01").count() == 0  # nothing written yet

    page.get_by_role("button", name="Confirm: write 3 changes").click()
    expect(page.locator(".govuk-notification-banner .message")).to_have_text("january.xlsx imported: 3 changes written.")
    assert_accessible(page)
    screenshot(page, "import-confirmed")
    assert Reading.objects.filter(month="2017-01-01").count() == 2
    assert Reading.objects.get(indicator__code="CTAX", month="2016-12-01").value == Decimal("80.1")


def test_a_workbook_with_problems_lists_them_and_offers_no_confirm(
        page, live_server, login, assert_accessible, screenshot, tmp_path):
    make_user("pat", "performance")
    sheets = small_council()
    sheets["Readings"].append({"code": "NOPE", "month": "2017-01", "value": 1})
    bad = write_workbook(tmp_path / "bad.xlsx", sheets)

    login(page, live_server, "pat", PASSWORD)
    page.goto("/imports/")
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("bad.xlsx cannot be imported")
    expect(page.get_by_role("alert")).to_contain_text("1 problem found: nothing was written")
    expect(page.get_by_role("alert")).to_contain_text(
        f"Readings!{len(sheets['Readings']) + 1} code: unknown indicator code 'NOPE'")
    expect(page.get_by_role("button", name="Confirm")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "import-problems")
    assert not Reading.objects.exists()
