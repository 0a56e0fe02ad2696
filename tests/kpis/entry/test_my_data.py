"""/entry/ ("My data"): an officer's months with their state and due date, returned ones first,
counted from the "as of" day (KPI_AS_OF)."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings

from kpis.models import Reading
from kpis.selectors.calendar import as_of
from kpis.selectors.my_data import MonthState, my_months
from tests.month_sheet import make_indicator

JANUARY_2017 = date(2017, 1, 15)  # what `make demo` sets: the month after the demo's December figures


def reading(indicator, month, state, reason=""):
    return Reading.objects.create(indicator=indicator, month=date.fromisoformat(f"{month}-01"), value=Decimal(1),
                                  state=state, return_reason=reason)


@pytest.fixture
def months(officer):
    """Two indicators of Housing, each month of 2016/17 to December in another state."""
    first, second = make_indicator("A", title="Tenancy audits"), make_indicator("B", title="Voids re-let")
    reading(first, "2016-12", "returned", "September's denominator is missing: check it")
    reading(second, "2016-12", "submitted")
    reading(first, "2016-11", "approved")
    reading(second, "2016-11", "approved")
    reading(first, "2016-10", "submitted")
    reading(second, "2016-10", "approved")
    reading(first, "2016-09", "draft")
    return first, second


def row_order(page: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row" id="month-(\d{4}-\d\d)">', page)


@override_settings(KPI_AS_OF=JANUARY_2017)
def test_each_month_has_its_state_the_returned_first_with_the_reason(client, officer, months):
    rows = {str(row.month): row for row in my_months(officer, as_of())}
    assert {month: rows[month].state for month in ("2016-12", "2016-11", "2016-10", "2016-09", "2016-08")} == {
        "2016-12": MonthState.RETURNED, "2016-11": MonthState.APPROVED, "2016-10": MonthState.SUBMITTED,
        "2016-09": MonthState.DRAFT, "2016-08": MonthState.NOT_STARTED}
    assert [(f.indicator.code, f.reason) for f in rows["2016-12"].returned] == [
        ("A", "September's denominator is missing: check it")]

    client.force_login(officer)
    page = client.get("/entry/").content.decode()
    assert row_order(page) == ["2016-12", "2016-11", "2016-10", "2016-09", "2016-08", "2016-07", "2016-06",
                               "2016-05", "2016-04"]  # returned first, then the newest first
    december = page[page.index('id="month-2016-12"'):page.index("</tr>", page.index('id="month-2016-12"'))]
    assert 'href="/entry/2016-12/">Dec-16' in december  # each month links to its sheet
    assert '<strong class="govuk-tag govuk-tag--red">Returned</strong>' in december  # a tag in words
    returned = page[page.index('id="returned"'):page.index("</dl>", page.index('id="returned"'))]
    assert 'href="/entry/2016-12/">Tenancy audits, Dec-16</a>' in returned  # first, each with its reason
    assert "September&#x27;s denominator is missing: check it" in returned
    for state in ("Approved", "Submitted", "Draft", "Not started"):
        assert f">{state}</strong>" in page


@override_settings(KPI_AS_OF=JANUARY_2017)
def test_a_returned_month_comes_first_however_old(client, officer, months):
    first, _ = months
    reading(first, "2016-05", "returned", "Wrong month")
    client.force_login(officer)
    assert row_order(client.get("/entry/").content.decode())[:2] == ["2016-12", "2016-05"]


@pytest.mark.parametrize("day, under_way, late", [
    (date(2017, 1, 15), set(), {"2016-12", "2016-09", "2016-08"}),  # December was due on the 10th
    (date(2017, 1, 5), set(), {"2016-09", "2016-08"}),  # before December's due day
    # Past last month, October under way (a figure submitted) is listed, November (approved) is
    # not, and December is, for its returned figure.
    (date(2016, 10, 20), {"2016-10", "2016-12"}, {"2016-09", "2016-08"}),
], ids=["after the due day", "before the due day", "earlier in the year"])
def test_due_dates_and_late_months_count_from_kpi_as_of(client, officer, months, day, under_way, late):
    with override_settings(KPI_AS_OF=day):
        rows = my_months(officer, as_of())
        client.force_login(officer)
        page = client.get("/entry/").content.decode()
    last = date(day.year, day.month, 1) - timedelta(days=1)
    assert {str(row.month) for row in rows if row.month.first_day > last} == under_way
    assert {str(row.month) for row in rows if row.late} & {"2016-12", "2016-09", "2016-08"} == late
    assert next(row.due for row in rows if str(row.month) == "2016-09") == date(2016, 10, 10)
    assert f"as of <strong>{day:%-d %B %Y}</strong>" in page
    assert "<td class=\"govuk-table__cell\">10 Oct 2016" in page


def test_without_kpi_as_of_it_is_today(settings):
    from django.utils import timezone

    settings.KPI_AS_OF = None
    assert as_of() == timezone.localdate()
    settings.KPI_AS_OF = JANUARY_2017
    assert as_of() == JANUARY_2017


def test_the_month_sheet_says_when_it_is_due_as_of_when(client, officer, months, settings):
    settings.KPI_AS_OF = JANUARY_2017
    client.force_login(officer)
    page = client.get("/entry/2016-12/").content.decode()  # a figure returned: still owed
    assert "Due by <strong>10 January 2017</strong> (past its due date), as of 15 January 2017." in page
    page = client.get("/entry/2017-01/").content.decode()
    assert "Due by <strong>10 February 2017</strong>, as of 15 January 2017." in page


def test_send_reminders_counts_from_kpi_as_of(db, settings):
    settings.KPI_AS_OF = JANUARY_2017
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("15 January 2017:")


def test_the_review_queue_counts_late_figures_from_kpi_as_of(client, performance, months, settings, monkeypatch):
    from kpis.selectors import review

    seen, real = [], review.review_queue
    monkeypatch.setattr(review, "review_queue", lambda day, *args: seen.append(day) or real(day, *args))
    settings.KPI_AS_OF = JANUARY_2017
    client.force_login(performance)
    assert client.get("/review/").status_code == 200
    assert seen == [JANUARY_2017]


@pytest.mark.parametrize("typed, expected", [("2017-01-15", "2017-01-15"), ("", "None"),
                                             ("15/01/2017", "KPI_AS_OF='15/01/2017': write a date as YYYY-MM-DD")])
def test_kpi_as_of_is_read_from_the_environment(typed, expected):
    import secrets
    import subprocess
    import sys

    from tests.test_settings import BASE_DIR, environment

    code = "from django.conf import settings; print(settings.KPI_AS_OF)"
    finished = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
                              env=environment(SECRET_KEY=secrets.token_urlsafe(50), KPI_AS_OF=typed))
    assert expected in (finished.stdout if finished.returncode == 0 else finished.stderr)


def test_the_review_queue_says_what_day_late_counts_from(client, performance, settings):
    settings.KPI_AS_OF = JANUARY_2017
    client.force_login(performance)
    assert client.get("/review/").context["as_of"] == JANUARY_2017
    assert "Figures past their due date as of 15 January 2017." in client.get("/review/").content.decode()


# --- the reviewer's findings (issue 15 item 6): January's returned figures, the next month to enter, what is owed


@pytest.fixture
def year_approved(officer):
    """Two indicators of Housing, every month of 2016/17 to December approved (the demo as of January 2017)."""
    first, second = make_indicator("A", title="Tenancy audits"), make_indicator("B", title="Voids re-let")
    for month in range(4, 13):
        reading(first, f"2016-{month:02}", "approved")
        reading(second, f"2016-{month:02}", "approved")
    return first, second


@override_settings(KPI_AS_OF=JANUARY_2017)
def test_figures_returned_for_the_month_under_way_come_first_with_their_reason(client, officer, year_approved):
    first, second = year_approved
    reading(first, "2017-01", "returned", "Audits double counted")
    reading(second, "2017-01", "returned", "Voids include garages")
    client.force_login(officer)
    page = client.get("/entry/").content.decode()
    assert row_order(page)[:2] == ["2017-01", "2016-12"]
    returned = page[page.index('id="returned"'):page.index("</dl>", page.index('id="returned"'))]
    assert 'href="/entry/2017-01/">Tenancy audits, Jan-17</a>' in returned
    assert "Audits double counted" in returned and "Voids include garages" in returned


@pytest.mark.parametrize("state", ["draft", "submitted"])
@override_settings(KPI_AS_OF=JANUARY_2017)
def test_the_month_under_way_is_listed_once_begun(client, officer, year_approved, state):
    reading(year_approved[0], "2017-01", state)
    client.force_login(officer)
    assert row_order(client.get("/entry/").content.decode())[0] == "2017-01"
    reading(year_approved[0], "2017-02", state)  # after the as-of month: not yet
    assert "2017-02" not in row_order(client.get("/entry/").content.decode())


def next_button(page: str) -> str:
    start = page.index('id="next-month"')
    return page[page.rindex("<", 0, start):page.index("</", start)]


@override_settings(KPI_AS_OF=JANUARY_2017)
def test_the_main_button_opens_the_month_that_needs_work_or_says_there_is_none(client, officer, year_approved):
    first, second = year_approved
    client.force_login(officer)
    page = client.get("/entry/").content.decode()
    assert "Enter figures for" not in page and "govuk-button" not in next_button(page)
    assert "Nothing to enter: every figure due so far is submitted or approved." in page
    assert 'href="/entry/2017-01/">The figures for Jan-17</a> are due by 10 February 2017.' in page

    reading(first, "2017-01", "draft")
    assert 'href="/entry/2017-01/" id="next-month">Enter figures for Jan-17' in client.get("/entry/").content.decode()
    Reading.objects.filter(indicator=second, month=date(2016, 10, 1)).delete()  # October not started: older
    assert 'href="/entry/2016-10/" id="next-month">Enter figures for Oct-16' in client.get("/entry/").content.decode()
    Reading.objects.filter(indicator=first, month=date(2016, 12, 1)).update(state="returned", return_reason="Why")
    assert ('href="/entry/2016-12/" id="next-month">Correct the figures returned for Dec-16'
            in client.get("/entry/").content.decode())  # returned first


@override_settings(KPI_AS_OF=JANUARY_2017)
def test_a_month_sent_whole_is_not_past_its_due_date(client, officer, year_approved):
    first, second = year_approved
    client.force_login(officer)
    assert ("Due by <strong>10 January 2017</strong>: all figures approved." in
            client.get("/entry/2016-12/").content.decode())
    Reading.objects.filter(indicator=first, month=date(2016, 12, 1)).update(state="submitted")
    assert ("Due by <strong>10 January 2017</strong>: all figures submitted, awaiting the performance team." in
            client.get("/entry/2016-12/").content.decode())
    Reading.objects.filter(indicator=first, month=date(2016, 12, 1)).update(state="draft")
    assert ("Due by <strong>10 January 2017</strong> (past its due date), as of 15 January 2017." in
            client.get("/entry/2016-12/").content.decode())


@override_settings(KPI_AS_OF=JANUARY_2017)
def test_a_locked_month_is_read_only_with_no_buttons(client, officer, performance, year_approved):
    from kpis.domain.periods import Quarter
    from kpis.services import workflow

    Reading.objects.filter(indicator=year_approved[0], month=date(2016, 12, 1)).update(state="returned")
    workflow.lock_quarter(performance, Quarter(2016, 3))
    client.force_login(officer)
    page = client.get("/entry/2016-12/").content.decode()
    assert "Quarter 3 2016/17 is locked" in page
    form = page[page.index('id="month-form"'):page.index("</form>", page.index('id="month-form"'))]
    assert "<button" not in form  # no Check, Save or Submit
    assert re.search(r'<input[^>]*name="A-value"[^>]*disabled', page)  # even the returned figure is shown only
