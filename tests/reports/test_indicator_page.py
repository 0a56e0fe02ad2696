"""The indicator page (/indicators/CODE/): the chart of a year, its figures as a table, each
quarter's status and DOT in words and arrows; published figures only for the public and
councillors, drafts marked for those who enter figures."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from kpis.models import Indicator, Reading
from tests.people import make_user

# No of homes transformed, small council: 2016/17 and 2015/16 to December, 600 a year ("50 per month").
HOMES_2016 = [192, 132, 111, 114, 106, 108, 68, 111, 31]


def figure_in(page: str) -> dict:
    found = re.search(r'<script id="indicator-chart" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no chart data in the page"
    return json.loads(found[1])


def traces(page: str) -> dict[str, dict]:
    return {trace["name"]: trace for trace in figure_in(page)["data"]}


def quarter_rows(page: str) -> dict[str, str]:
    """The quarter table's rows as text, by quarter ("Q3": "Q3 973 450 ...")."""
    table = page[page.index('<table class="govuk-table quarter-table">'):]
    table = table[:table.index("</table>")]
    rows = {}
    for row in re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        rows[text.split()[0]] = text
    return rows


@pytest.fixture
def homes_page(client, imported_small_council):
    return client.get("/indicators/HOMES/").content.decode()


def test_it_renders_for_anyone_with_the_latest_year(homes_page):
    assert "No of homes transformed" in homes_page
    assert '<option value="2016" selected>2016/17</option>' in homes_page
    assert "Trend 2016/17" in homes_page


def test_the_chart_in_the_page_is_the_readings(homes_page):
    shown = traces(homes_page)
    readings = Reading.objects.filter(indicator__code="HOMES", month__gte=date(2016, 4, 1)).order_by("month")
    assert shown["2016/17"]["y"] == [float(r.value) for r in readings] == HOMES_2016
    assert shown["2016/17"]["x"] == ["Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert shown["2015/16"]["y"] == [50] * 9
    # Qtr N YTD of a count: 435 = 192+132+111 (seed), and the "50 per month" target profiled.
    assert shown["2016/17 quarter figure (year to date)"]["y"] == [435, 763, 973]
    assert shown["2016/17 target (profiled through the year)"]["y"] == [150, 300, 450, 600]


def test_plotly_comes_from_our_own_static_files(homes_page):
    scripts = re.findall(r'<script src="([^"]+)"', homes_page)
    assert scripts == ["/static/vendor/plotly/plotly-cartesian.min.js", "/static/js/charts.js"]


def test_the_charts_figures_are_in_a_table_beneath_it(homes_page):
    table = homes_page[homes_page.index('<table class="govuk-table chart-table">'):]
    assert '<caption class="govuk-table__caption govuk-table__caption--s">' + "The chart&#x27;s figures by month of 2016/17, with 2015/16 on the row of the same month" in table
    cells = "".join(f'<td class="govuk-table__cell">{figure}</td>' for figure in (108, 50, 763, 300))
    assert '<th scope="row" class="govuk-table__header">Sep 2016</th>' + cells in table


def test_each_quarter_has_its_status_and_directions_in_words_and_arrows(homes_page):
    q3 = quarter_rows(homes_page)["Q3"]  # not published in this data set: its figures so far
    assert q3 == "Q3 In progress 973 450 50 per month Achieved ✓ ↑ Better ↓ Worse"  # 973 v 450 last year; 210 v 328 in Q2


def test_a_quarter_in_progress_says_so_on_its_row_and_its_commentary_until_published(client, imported_small_council):
    from kpis.domain.periods import Quarter
    from kpis.services.publication import publish_quarter

    before = client.get("/indicators/HOMES/").content.decode()
    assert all(row.split()[1:3] == ["In", "progress"] for name, row in quarter_rows(before).items() if name != "Quarter")
    publish_quarter(make_user("pat", "performance"), Quarter(2016, 3), date(2017, 1, 20))
    after = quarter_rows(client.get("/indicators/HOMES/").content.decode())
    assert after["Q3"] == "Q3 973 450 50 per month Achieved ✓ ↑ Better ↓ Worse"  # the quarter's result now
    assert after["Q4"].startswith("Q4 In progress")


def test_an_in_arrears_quarter_says_which_period_it_reports(client, imported_small_council):
    q3 = quarter_rows(client.get("/indicators/REOFF/").content.decode())["Q3"]
    assert "8% (Q2 2016/17 figure – in arrears)" in q3 and "Achieved ✓" in q3


def test_another_year_is_chosen_in_the_address(client, imported_small_council):
    page = client.get("/indicators/HOMES/?year=2015").content.decode()
    assert "Trend 2015/16" in page
    assert list(traces(page)) == ["2015/16", "2015/16 quarter figure (year to date)"]  # no 2014/15 figures, no target


@pytest.mark.parametrize("year", ["1999", "2016x", "-1"])
def test_a_year_without_figures_is_not_found(client, imported_small_council, year):
    assert client.get(f"/indicators/HOMES/?year={year}").status_code == 404


def test_an_indicator_without_figures_says_so(client, db):
    Indicator.objects.create(code="NEW", title="A new indicator")
    page = client.get("/indicators/NEW/").content.decode()
    assert "No figures yet published." in page and "indicator-chart" not in page


# --- drafts ---------------------------------------------------------------------------------


@pytest.fixture
def january_draft(imported_small_council):
    """An officer's January 2017 figure, saved but not yet approved."""
    homes = Indicator.objects.get(code="HOMES")
    return Reading.objects.create(indicator=homes, month=date(2017, 1, 1), value=Decimal("4321"), state="draft")


@pytest.mark.parametrize("role", [None, "councillor"])
def test_the_public_and_councillors_never_see_a_draft(client, january_draft, role):
    if role:
        client.force_login(make_user("chris", role))
    page = client.get("/indicators/HOMES/").content.decode()
    assert "4,321" not in page and "4321" not in page
    assert "Draft" not in page
    assert all("drafts" not in name for name in traces(page))
    assert traces(page)["2016/17"]["y"] == HOMES_2016


@pytest.mark.parametrize("role, services", [("performance", []), ("officer", ["AHH - Housing"])])
def test_those_who_enter_figures_see_a_draft_marked(client, january_draft, role, services):
    client.force_login(make_user("pat", role, services))
    page = client.get("/indicators/HOMES/").content.decode()
    assert traces(page)["2016/17 (includes drafts)"]["y"] == [*HOMES_2016, 4321]
    assert "2016/17 quarter figure (year to date) (includes drafts)" in traces(page)
    january = re.search(r'<th scope="row" class="govuk-table__header">Jan 2017</th><td class="govuk-table__cell">(.*?)</td>', page)[1]
    assert january == '4,321 <strong class="draft-mark">Draft (not published)</strong>'
    assert "Draft (not published)" in quarter_rows(page)["Q4"]


def test_a_submitted_figure_is_marked_as_a_draft_too(client, january_draft, performance):
    Reading.objects.filter(pk=january_draft.pk).update(state="submitted")
    client.force_login(performance)
    page = client.get("/indicators/HOMES/").content.decode()
    assert "4,321 <strong class=\"draft-mark\">Draft – submitted (not published)</strong>" in page


def test_a_year_with_only_drafts_is_offered_only_to_those_who_see_them(client, imported_small_council, performance):
    homes = Indicator.objects.get(code="HOMES")
    Reading.objects.create(indicator=homes, month=date(2017, 4, 1), value=Decimal("12"), state="draft")
    assert client.get("/indicators/HOMES/?year=2017").status_code == 404
    client.force_login(performance)
    assert "Trend 2017/18" in client.get("/indicators/HOMES/").content.decode()
