"""An officer's pages in a real browser, on a desk (1366 px) and a phone (390 px): My data, a
month sheet, a month sheet with errors (the error summary takes the focus and links to the
field), a returned figure, and signing in wrongly. Accessible, and no sideways scrolling."""

import io
import re
from datetime import date

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kpis.models import Indicator, Reading
from tests.datasets import DEMO
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote
WIDTHS = [1366, 390]
REASON = "December's rent roll was not closed: give the figure after the year-end adjustments."


@pytest.fixture
def officer_page(page, live_server, login, settings):
    """The demo, as `make demo` reads it (as of 15 January 2017), with December's rent returned."""
    settings.KPI_AS_OF = date(2017, 1, 15)
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    Reading.objects.filter(indicator__code="RENT", month=date(2016, 12, 1)).update(
        state=Reading.State.RETURNED, return_reason=REASON)
    make_user("olivia", "officer", ["AHH - Housing"])
    login(page, live_server, "olivia", PASSWORD)
    return page


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check(page, name, width, assert_accessible, screenshot):
    assert fits_the_screen(page), f"{name} scrolls sideways at {width} px"
    assert_accessible(page)
    screenshot(page, f"{name}-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_my_data_and_a_returned_figure(officer_page, assert_accessible, screenshot, width):
    page = officer_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/entry/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    expect(page.get_by_text("as of 15 January 2017")).to_be_visible()
    first = page.locator("#my-months tbody tr").first
    expect(first).to_contain_text("Dec-16")  # the returned month first
    expect(first.locator("td").nth(1).locator(".govuk-tag")).to_have_text("Returned")  # in words, not colour alone
    expect(first.locator("td").first).to_contain_text("Late")
    returned = page.locator("#returned + .govuk-summary-list")
    expect(returned).to_contain_text(REASON)  # the returned figures first of all, each with its reason
    expect(returned.get_by_role("link", name="% Rent collected, Dec-16")).to_have_attribute("href", "/entry/2016-12/")
    check(page, "my-data", width, assert_accessible, screenshot)

    first.get_by_role("link", name="Dec-16").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for Dec-16")
    rent = page.locator("#row-RENT")
    expect(rent.locator(".govuk-tag")).to_have_text("Returned")
    expect(rent.locator(".govuk-inset-text")).to_contain_text(REASON)
    expect(rent.locator('[name="RENT-value"]')).to_be_editable()  # back with the officer to correct
    check(page, "month-sheet-returned", width, assert_accessible, screenshot)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_month_sheet_and_its_errors(officer_page, assert_accessible, screenshot, width):
    page = officer_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/entry/2017-01/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for Jan-17")
    expect(page.locator("#due")).to_have_text("Due by 10 February 2017, as of 15 January 2017.")
    assert not page.title().startswith("Error")
    check(page, "month-sheet", width, assert_accessible, screenshot)

    page.locator('[name="RENT-value"]').fill("97,5")
    page.get_by_role("button", name="Submit").click()
    expect(page).to_have_title(re.compile(r"^Error: Figures for Jan-17"))  # waits for the page sent back
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()  # read first by a screen reader, seen first by everyone
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
    link = summary.get_by_role("link", name="Use a full stop for decimals, for example 97.5")
    expect(link).to_have_text("% Rent collected figure: use a full stop for decimals, for example 97.5")
    expect(summary.get_by_role("link", name="Enter a figure for % General Satisfaction")).to_be_visible()
    expect(page.locator("#id_RENT-value-error")).to_have_text("Error: Use a full stop for decimals, for example 97.5")
    check(page, "month-sheet-errors", width, assert_accessible, screenshot)

    link.click()
    expect(page.locator("#id_RENT-value")).to_be_focused()  # the link moves to the field it names
    assert not Reading.objects.filter(month=date(2017, 1, 1)).exists()


@pytest.mark.parametrize("width", WIDTHS)
def test_signing_in_wrongly(page, live_server, assert_accessible, screenshot, width, db):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Enter your username", "Enter your password"])
    check(page, "sign-in-errors", width, assert_accessible, screenshot)
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()


@pytest.fixture
def january_returned(page, live_server, login, settings):
    """The reviewer's case: as of 15 January 2017, Housing's January figures entered and submitted,
    two returned with a reason; the demo's December all approved, and Q3 locked."""
    from kpis.domain.periods import Quarter
    from kpis.services import workflow

    settings.KPI_AS_OF = date(2017, 1, 15)
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    for code in ("RENT", "SAT"):
        Reading.objects.update_or_create(indicator=Indicator.objects.get(code=code), month=date(2017, 1, 1),
                                         defaults={"value": 90, "state": Reading.State.RETURNED,
                                                   "return_reason": f"{code}: {REASON}"})
    workflow.lock_quarter(make_user("pat", "performance"), Quarter(2016, 3))
    make_user("olivia", "officer", ["AHH - Housing"])
    login(page, live_server, "olivia", PASSWORD)
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_january_returned_comes_first_and_a_locked_month_is_read_only(
        january_returned, assert_accessible, screenshot, width):
    page = january_returned
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/entry/")
    expect(page.locator("#my-months tbody tr").first).to_contain_text("Jan-17")
    returned = page.locator("#returned + .govuk-summary-list")
    expect(returned).to_contain_text(f"RENT: {REASON}")
    expect(returned).to_contain_text(f"SAT: {REASON}")
    button = page.get_by_role("button", name="Correct the figures returned for Jan-17")
    expect(button).to_have_attribute("href", "/entry/2017-01/")
    check(page, "my-data-january-returned", width, assert_accessible, screenshot)

    page.goto("/entry/2016-12/")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Quarter 3 2016/17 is locked")
    expect(page.locator("#month-form button")).to_have_count(0)  # nothing to check, save or submit
    expect(page.locator('[name="RENT-value"]')).to_be_disabled()
    expect(page.locator("#due")).not_to_contain_text("past its due date")
    check(page, "month-sheet-locked", width, assert_accessible, screenshot)
