"""Printed, the scorecard table is paper for a committee: no navigation, buttons, filters or
downloads, links as plain text without their addresses, and no row split across two pages."""

import io

import pytest
from django.core.management import call_command

from tests.datasets import DEMO

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


def shown(page, selector: str) -> list[str]:
    """The elements matching selector that would be drawn."""
    return page.eval_on_selector_all(
        selector, "els => els.filter(e => e.getClientRects().length > 0).map(e => e.outerHTML.slice(0, 80))")


def test_the_printed_table_has_no_controls_and_keeps_rows_whole(page, artifacts):
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    page.goto("/scorecards/2016/q3/indicators/?section=failing")
    assert shown(page, ".govuk-service-navigation a") and shown(page, "form.filters") and shown(page, "a.download")  # on screen

    page.emulate_media(media="print")
    for selector in ("nav", "form", "button", "a.download", ".govuk-skip-link", ".govuk-phase-banner", ".govuk-footer"):
        assert not shown(page, selector), f"{selector} is printed"
    link = page.locator("table.scorecard tbody a").first
    assert link.is_visible()  # the link's text stays, as plain text: no underline, no address after it
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert link.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    assert page.locator("table.scorecard tbody tr").first.evaluate(
        "tr => getComputedStyle(tr).breakInside") == "avoid"
    page.pdf(path=str(artifacts / "print-table.pdf"), format="A4", landscape=True)
