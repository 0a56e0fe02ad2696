"""The quarters page, and what a lock freezes besides the figures: the In Focus choice; its
forms to lock, reopen and copy targets, which refuse a year the data does not know in words."""

import re

import pytest

from kpis.domain.periods import Quarter
from kpis.models import FocusIndicator, Indicator, QuarterLock, Target
from kpis.services import workflow

Q3 = Quarter(2016, 3)
FOCUS = "/scorecards/2016/q3/focus/"


def test_the_quarters_page_lists_each_lock_and_reopening(client, performance, housing):
    workflow.lock_quarter(performance, Q3)
    workflow.reopen_quarter(performance, Q3, "December bins restated")
    workflow.lock_quarter(performance, Q3)
    workflow.lock_quarter(performance, Quarter(2016, 2))
    client.force_login(performance)
    response = client.get("/quarters/")
    assert response.status_code == 200
    page = response.content.decode()
    q3 = page[page.index("Quarter 3 2016/17"):]
    q3 = q3[:q3.index("</tr>")]
    assert "Locked" in q3 and q3.count("locked by pat") == 2
    assert "reopened by pat – “December bins restated”" in q3
    assert "Quarter 2 2016/17" in page


def test_a_locked_quarters_in_focus_choice_is_locked_too(client, performance, housing):
    other = Indicator.objects.get(code="HOMES")
    FocusIndicator.objects.create(indicator=housing, year=2016, quarter=3, position=1)
    workflow.lock_quarter(performance, Q3)
    client.force_login(performance)
    page = client.get(FOCUS).content.decode()
    assert "Choose the In Focus" not in page
    assert "Quarter 3 2016/17 is locked: its In Focus choice changes only after the quarter is reopened" in page

    page = client.post(FOCUS, {"indicator": [other.id]}, follow=True).content.decode()
    assert "Quarter 3 2016/17 is locked: its In Focus choice changes only after the performance team reopens" in page
    assert list(FocusIndicator.objects.values_list("indicator__code", flat=True)) == ["BINS"]  # nothing written

    workflow.reopen_quarter(performance, Q3, "Swap the In Focus indicator")
    assert "Choose the In Focus" in client.get(FOCUS).content.decode()
    client.post(FOCUS, {"indicator": [other.id]})
    assert list(FocusIndicator.objects.values_list("indicator__code", flat=True)) == ["HOMES"]


# --- the lock, reopen and copy-targets forms: GOV.UK markup, and refusals in words -------


def test_the_quarters_page_is_in_the_design_systems_markup(client, performance, housing):
    workflow.lock_quarter(performance, Q3)
    workflow.lock_quarter(performance, Quarter(2016, 2))
    workflow.reopen_quarter(performance, Quarter(2016, 2), "September restated")
    client.force_login(performance)
    page = client.get("/quarters/").content.decode()
    page = page[page.index("<main"):page.index("</main>")]
    assert re.findall(r"<table[^>]*>", page) == ['<table class="govuk-table">'] * 2
    assert page.count('<div class="table-scroll" tabindex="0" role="region" aria-label=') == 2
    assert all("govuk-button" in button for button in re.findall(r"<button[^>]*>", page))
    assert all('type="hidden"' in tag or "govuk-input" in tag for tag in re.findall(r"<input[^>]*>", page))
    assert all("govuk-select" in tag for tag in re.findall(r"<select[^>]*>", page))
    for form in re.findall(r"<form.*?</form>", page, re.S):  # one primary button per form
        buttons = re.findall(r'<button[^>]*class="([^"]*)"', form)
        assert sum("govuk-button--secondary" not in css for css in buttons) <= 1, form
    # The years the data knows, in a list; a typed year is no longer asked for.
    assert '<select name="year" class="govuk-select" id="lock-year">' in page
    assert '<option value="2016">2016/17</option>' in page
    assert '<option value="2016">2016/17 to 2017/18</option>' in page  # the targets to copy
    assert 'aria-label="Breadcrumb"' in page


def _refused(response, href: str, message: str) -> str:
    """The page again (not a redirect), in the GOV.UK error pattern, the summary linking to `href`."""
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Quarters" in page
    summary = page[page.index('class="govuk-error-summary"'):]
    assert f'<a href="{href}">{message}</a>' in summary[:summary.index("</ul>")]
    assert '<span class="govuk-visually-hidden">Error:</span> ' + message in page
    return page


@pytest.mark.parametrize("year, message", [
    ("2016/17", "Financial year: choose one of the years listed (2016/17)"),
    ("16", "Financial year: choose one of the years listed (2016/17)"),
    ("1999", "Financial year: 1999/00 has no figures or targets, so it has no quarter to lock"),
    ("", "Select the financial year"),
])
def test_a_year_the_data_does_not_know_is_refused_and_nothing_is_locked(client, performance, housing, year, message):
    client.force_login(performance)
    page = _refused(client.post("/quarters/lock/", {"year": year, "quarter": "1"}), "#lock-year", message)
    group = page[page.rindex('<div class="govuk-form-group', 0, page.index('id="lock-year"')):]
    assert group.startswith('<div class="govuk-form-group govuk-form-group--error">')
    select = re.search(r'<select name="year"[^>]*>', group)[0]
    assert 'class="govuk-select govuk-select--error"' in select and 'aria-describedby="lock-year-error"' in select
    assert '<option value="1" selected>Quarter 1 (April to June)</option>' in page  # the quarter chosen is kept
    assert not QuarterLock.objects.exists()


def test_a_quarter_that_is_not_one_to_four_is_refused(client, performance, housing):
    client.force_login(performance)
    _refused(client.post("/quarters/lock/", {"year": "2016", "quarter": "5"}), "#lock-quarter",
             "Quarter: choose quarter 1, 2, 3 or 4")
    assert not QuarterLock.objects.exists()


def test_a_quarter_of_a_year_with_figures_is_locked(client, performance, housing):
    client.force_login(performance)
    response = client.post("/quarters/lock/", {"year": "2016", "quarter": "3"})
    assert response.status_code == 302
    assert workflow.locked_quarters() == {Q3}


def test_reopening_without_a_reason_is_refused_beside_the_quarters_box(client, performance, housing):
    workflow.lock_quarter(performance, Q3)
    client.force_login(performance)
    page = _refused(client.post("/quarters/reopen/", {"year": "2016", "quarter": "3", "reason": "  "}),
                    "#reason-2016-3", "Enter a reason for reopening the quarter")
    row = page[page.index("Quarter 3 2016/17</th>"):]
    row = row[:row.index("</tr>")]
    assert '<div class="govuk-form-group govuk-form-group--error">' in row
    assert 'class="govuk-input govuk-input--width-20 govuk-input--error" id="reason-2016-3"' in row
    assert Q3 in workflow.locked_quarters()


def test_a_reopen_reason_refused_is_kept_in_its_box(client, performance, housing):
    workflow.lock_quarter(performance, Q3)
    client.force_login(performance)
    reason = "November restated " + "x" * workflow.REASON_MAX_LENGTH
    page = client.post("/quarters/reopen/", {"year": "2016", "quarter": "3", "reason": reason}).content.decode()
    assert f'id="reason-2016-3" name="reason" type="text" value="{reason}"' in page
    assert Q3 in workflow.locked_quarters()


@pytest.mark.parametrize("year, message", [
    ("2016", "Quarter 2 2016/17 is not locked: only a locked quarter is reopened"),
    ("1999", "Financial year: 1999/00 has no locked quarter to reopen"),
    ("16", "Financial year: choose one of the years listed (2016/17)"),
])
def test_a_quarter_not_locked_is_not_reopened(client, performance, housing, year, message):
    client.force_login(performance)
    response = client.post("/quarters/reopen/", {"year": year, "quarter": "2", "reason": "why not"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: Quarters" in page and f"<li>{message}</li>" in page  # the summary's text alone
    assert not QuarterLock.objects.exists()


@pytest.mark.parametrize("year, message", [
    ("2030", "Financial year: 2030/31 has no targets to copy"),
    ("2016/17", "Financial year: choose one of the years listed (2016/17)"),
    ("", "Select the financial year to copy targets from"),
])
def test_copying_targets_of_a_year_without_any_is_refused(client, performance, housing, year, message):
    client.force_login(performance)
    _refused(client.post("/targets/copy-to-next-year/", {"year": year}), "#copy-year", message)
    assert list(Target.objects.values_list("year", flat=True)) == [2016]


def test_a_years_targets_are_copied_to_the_next(client, performance, housing):
    client.force_login(performance)
    page = client.post("/targets/copy-to-next-year/", {"year": "2016"}, follow=True).content.decode()
    assert "1 target(s) copied to 2017/18: review them in the admin." in page
    assert sorted(Target.objects.values_list("year", flat=True)) == [2016, 2017]


def test_the_workflow_refuses_to_copy_a_year_without_targets(performance, housing):
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.copy_targets_to_next_year(performance, 2030)
    assert refused.value.problems[""] == ["Financial year: 2030/31 has no targets to copy"]
    assert not Target.objects.filter(year=2031).exists()
