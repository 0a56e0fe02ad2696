"""An officer saves a draft in the browser; the public indicator page still reads the words
the performance team approved, and the officer sees their draft beside them, marked."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kpis.models import Commentary, Indicator
from tests.datasets import DEMO
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

PUBLISHED = "Approved words: collection recovers in the new year."
DRAFT = "Draft words the team has not read."


@pytest.fixture
def rent_with_published_words(live_server):
    call_command("import_workbook", str(DEMO))
    Commentary.objects.create(indicator=Indicator.objects.get(code="RENT"), year=2016, quarter=4, text=PUBLISHED,
                              published_text=PUBLISHED)
    return make_user("olivia", "officer", ["AHH - Housing"])


def test_a_saved_draft_leaves_the_public_page_as_approved(page, live_server, login, rent_with_published_words,
                                                          assert_accessible, screenshot):
    login(page, live_server, "olivia", PASSWORD)
    page.goto("/entry/2017-01/")
    page.locator("[name=RENT-value]").fill("90.1")
    page.locator("[name=RENT-commentary]").fill(DRAFT)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text(re.compile("saved", re.I)).first).to_be_visible()

    page.goto("/indicators/RENT/?year=2016")
    commentary = page.locator("h2:has-text('Commentary') ~ p.commentary")
    expect(commentary.filter(has_text=PUBLISHED)).to_have_count(1)
    expect(commentary.filter(has_text=DRAFT)).to_contain_text("Draft (not published)")
    assert_accessible(page)
    screenshot(page, "indicator-rent-with-a-draft-commentary")

    public = page.context.browser.new_page(base_url=live_server.url)
    public.goto("/indicators/RENT/?year=2016")
    expect(public.get_by_text(PUBLISHED)).to_be_visible()
    expect(public.get_by_text(DRAFT)).to_have_count(0)
    assert_accessible(public)
    public.close()
