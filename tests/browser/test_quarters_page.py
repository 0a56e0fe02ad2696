"""The performance team's quarters page once a quarter is locked, in a real browser."""

import pytest
from playwright.sync_api import expect

from kpis.domain.periods import Quarter
from kpis.services import workflow
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote


def test_the_quarters_page_with_a_locked_quarter(page, live_server, login, assert_accessible, screenshot):
    performance = make_user("pat", "performance")
    workflow.lock_quarter(performance, Quarter(2016, 2))
    workflow.reopen_quarter(performance, Quarter(2016, 2), "September figures restated by the contractor")
    workflow.lock_quarter(performance, Quarter(2016, 2))
    workflow.lock_quarter(performance, Quarter(2016, 3))

    login(page, live_server, "pat", PASSWORD)
    page.goto("/quarters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quarters: lock and reopen")
    q2 = page.get_by_role("row", name="Quarter 2 2016/17")
    expect(q2).to_contain_text("Locked")
    expect(q2).to_contain_text("reopened by pat – “September figures restated by the contractor”")
    expect(page.get_by_role("row", name="Quarter 3 2016/17").get_by_role("button", name="Reopen")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "quarters-locked")
