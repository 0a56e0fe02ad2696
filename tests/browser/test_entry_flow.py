"""A month from the officer's keyboard to the published scorecard, in a real browser."""

import io
import json

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kpis.models import Reading
from tests.datasets import DEMO
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote
# Housing's indicators due in January 2017 besides RENT and SAT: Submit needs a figure or a flag for each.
OTHER_HOUSING_INDICATORS = ("HOMES", "REP", "VOID", "EMR", "NONURG", "HRA", "HOMELESS", "HACC")


def test_an_officer_submits_the_performance_team_approves_and_it_is_published(
        page, live_server, login, assert_accessible, screenshot):
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    make_user("olivia", "officer", ["AHH - Housing"])
    make_user("pat", "performance")

    page.goto("/accounts/login/")
    assert_accessible(page)
    login(page, live_server, "olivia", PASSWORD)
    page.goto("/entry/2017-01/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for Jan-17")
    assert_accessible(page)

    rent = page.locator("#row-RENT")
    rent.locator('[name="RENT-value"]').fill("97.5")  # short of the 99% year target: fails
    page.locator('[name="SAT-value"]').fill("74")
    page.get_by_role("button", name="Check").click()
    expect(rent.locator('[data-status="quarter"]')).to_contain_text("Failed")
    assert_accessible(page)

    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#row-HOMES")).to_contain_text("Enter a figure for No of homes transformed")  # left blank
    for code in OTHER_HOUSING_INDICATORS:  # their figures come later: said so with a flag
        page.locator(f'[name="{code}-flag"]').select_option("in_arrears")
    page.get_by_role("button", name="Submit").click()
    expect(rent).to_contain_text("The quarter to date fails its target")  # no commentary yet
    rent.locator('[name="RENT-commentary"]').fill("Housing benefit payments delayed over Christmas.")
    page.locator('[name="HRA-commentary"]').fill("Repairs overspend; recovery plan agreed in December.")  # fails too
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Jan-17 figures submitted")
    assert_accessible(page)
    screenshot(page, "entry-jan-17-submitted")
    assert Reading.objects.get(indicator__code="RENT", month="2017-01-01").state == "submitted"

    page.get_by_role("button", name="Sign out").click()
    login(page, live_server, "pat", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")
    assert_accessible(page)
    page.get_by_label("% Rent collected").check()
    page.get_by_label("% General Satisfaction").check()
    page.get_by_role("button", name="Approve selected").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("2 figure(s) approved and published")
    screenshot(page, "review-approved")

    page.get_by_role("button", name="Sign out").click()
    page.goto("/indicators/RENT/")
    expect(page.get_by_role("row", name="Jan 2017").first).to_contain_text("97.50%")  # the trend table (the XmR table below)
    expect(page.get_by_text("Housing benefit payments delayed over Christmas.")).to_be_visible()
    assert_accessible(page)
    out = io.StringIO()
    call_command("scorecard", "--year", "2016", "--quarter", "4", stdout=out)
    rent_q4 = next(row for row in json.loads(out.getvalue()) if row["code"] == "RENT")
    assert (rent_q4["figure"], rent_q4["status"]) == (97.5, "failed")


def test_statuses_update_as_the_officer_types(page, live_server, login):
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    make_user("olivia", "officer", ["AHH - Housing"])
    login(page, live_server, "olivia", PASSWORD)
    page.goto("/entry/2017-01/")
    rent = page.locator("#row-RENT")
    expect(rent.locator('[data-status="month"]')).to_have_text("No status")
    rent.locator('[name="RENT-value"]').fill("99.5")  # meets the 99% target: no button pressed
    expect(rent.locator('[data-status="month"]')).to_have_text("Achieved ✓")
    expect(rent.locator('[data-status="quarter"]')).to_have_text("Achieved ✓ (99.50%)")
    assert not Reading.objects.filter(indicator__code="RENT", month="2017-01-01").exists()  # checking writes nothing
