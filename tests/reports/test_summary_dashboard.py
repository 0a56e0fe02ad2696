"""The quarter summary as a dashboard, and a quarter in progress: the home page opens on the
latest published quarter; a quarter not yet published carries the banner "In progress: N of M
indicators have a figure" and gives its shares only as "so far"; the headline numbers are those
of the scorecard, the JSON and the Excel appendix; the charts' figures are the summary's."""

import html
import io
import json
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from kpis.domain.periods import Quarter
from kpis.domain.terms import Direction, Status
from kpis.domain.writing import plain_number
from kpis.models import Reading
from kpis.services.publication import publish_quarter, withdraw_publication
from reports.excel.appendix import appendix_workbook
from reports.management.commands.scorecard import summary_dict
from reports.scorecards import appendix_data, scorecard_for
from reports.summary import summary_page
from tests.month_sheet import officers_draft

Q2, Q3 = Quarter(2016, 2), Quarter(2016, 3)
SUMMARY = "/scorecards/2016/q3/"
BANNER = 'class="govuk-notification-banner"'


def get(client, url, user=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def chart(page: str, name: str) -> dict:
    return json.loads(re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page, re.S)[1])


# --- the home page opens on the latest published quarter ----------------------------------


def test_home_opens_on_the_latest_published_quarter(client, imported_small_council, performance):
    publish_quarter(performance, Q2, date(2016, 11, 22))  # Q3's approved figures are later
    for user in (None, performance):
        page = get(client, "/", user)
        assert 'href="?quarter=2016-Q2" aria-current="page"' in page
        assert "Quarter 3 2016/17</a> (11 indicators with figures, not published)" in page
        assert "Quarter 2 2016/17</a> (11 indicators with figures)" in page
        assert BANNER not in page


def test_home_opens_on_the_published_quarter_when_a_later_one_has_drafts(client, housing, officer, performance):
    officers_draft(client, officer, "98.6")  # December 2016: a draft in Q3
    publish_quarter(performance, Q2, date(2016, 11, 22))
    assert 'href="?quarter=2016-Q2" aria-current="page"' in get(client, "/", performance)


def test_with_no_quarter_published_home_opens_on_the_latest_with_figures_in_progress(client, housing):
    page = get(client, "/")
    assert 'href="?quarter=2016-Q3" aria-current="page"' in page
    assert "In progress: 1 of 4 indicators have a figure" in page


def test_an_unpublished_quarter_asked_for_on_the_home_page_carries_the_banner(client, housing, performance):
    publish_quarter(performance, Q2, date(2016, 11, 22))
    assert BANNER not in get(client, "/")
    page = get(client, "/?quarter=2016-Q3")
    assert BANNER in page and "In progress: 1 of 4 indicators have a figure" in page


# --- a quarter in progress on its summary ---------------------------------------------------


def test_the_public_reads_an_unpublished_quarter_as_in_progress_with_no_result(client, housing, councillor):
    for user in (None, councillor):
        page = get(client, SUMMARY, user)
        # BINS alone has a figure (Oct-Nov); HOMES, CALL and HRA have none.
        assert "In progress: 1 of 4 indicators have a figure" in page
        assert "So far in Quarter 3 2016/17: in progress, not the quarter's result" in page
        assert "at a glance" not in page
        assert "Not yet published: in progress" in page
        assert "failed their target so far" in page
        assert "Performance against target so far (in progress, not the quarter's result)" in page


def test_the_banner_counts_what_the_reader_sees(client, housing, officer, performance):
    officers_draft(client, officer, "98.6")
    Reading.objects.create(indicator_id=housing.id + 1, month=date(2016, 12, 1), value=5, state=Reading.State.DRAFT)
    assert "In progress: 1 of 4 indicators have a figure" in get(client, SUMMARY)
    assert "In progress: 2 of 4 indicators have a figure" in get(client, SUMMARY, performance)  # its drafts too


def test_the_performance_team_sees_the_quarter_marked_in_progress(client, housing, performance):
    page = get(client, SUMMARY, performance)
    assert BANNER in page and "Not yet published" in page and "at a glance" not in page


def test_a_published_quarter_has_no_banner_and_its_dates(client, housing, performance):
    publish_quarter(performance, Q3, date(2017, 3, 14))
    page = get(client, SUMMARY)
    assert BANNER not in page and "so far" not in page
    assert "Quarter 3 2016/17 at a glance" in page
    assert "14 March 2017, when the report went to committee" in page
    updated = Reading.objects.filter(month__gte=date(2016, 10, 1)).latest("updated_at").updated_at
    assert f"{updated:%-d %B %Y}, when a figure of the quarter last changed" in page


def test_publishing_and_withdrawing_show_on_the_next_page_kept_or_not(client, housing, performance):
    """Every kept page is keyed by the data's token, which publishing changes."""
    pages = [SUMMARY, "/", "/?quarter=2016-Q3"]
    before = {url: get(client, url) for url in pages}
    assert all(BANNER in page for page in before.values())
    publish_quarter(performance, Q3, date(2017, 3, 14))
    assert all(BANNER not in get(client, url) for url in pages)
    withdraw_publication(performance, Q3)
    assert all(get(client, url) == before[url] for url in pages)


# --- the dashboard's numbers are the scorecard's ---------------------------------------------


def test_the_headline_is_the_scorecards_the_jsons_and_the_appendixs(client, thurrock):
    scorecard = scorecard_for(2016, 3)
    statuses, dot_quarter = scorecard.summary.statuses, scorecard.summary.dot_quarter
    headline = summary_page(scorecard)["headline"]
    assert (headline.achieved.count, headline.achieved.total) == (statuses[Status.ACHIEVED].count,
                                                                  statuses[Status.ACHIEVED].total)
    assert headline.failed.count == statuses[Status.FAILED].count
    assert headline.better.count == dot_quarter[Direction.BETTER].count
    assert headline.worse.count == dot_quarter[Direction.WORSE].count
    as_json = summary_dict(scorecard)
    assert as_json["statuses"]["achieved"]["count"] == headline.achieved.count
    assert as_json["statuses"]["failed"]["count"] == headline.failed.count
    assert as_json["dot_quarter"]["better"]["count"] == headline.better.count

    saved = io.BytesIO()
    appendix_workbook(appendix_data(2016, 3)).save(saved)
    cells = list(load_workbook(saved, read_only=True)["Summary"].iter_rows(values_only=True))
    achieved_row = next(row for row in cells if row and any(str(v).startswith("Achieved") for v in row if v))
    assert headline.achieved.count in achieved_row

    page = get(client, SUMMARY)
    assert f'id="headline-achieved">{plain_number(headline.achieved.percent)}%</span>' in page
    assert f"{headline.achieved.count} of {headline.achieved.total} corporate KPIs with a status" in page
    assert "(the council printed 55%)" in page  # section 3.2 of the Q3 report: "Achieved 55%"
    assert f'id="headline-failed">{headline.failed.count}</span>' in page
    assert f'id="headline-better">{headline.better.count}</span>' in page
    assert f'id="headline-worse">{headline.worse.count}</span>' in page
    assert "Published on" in page and "14 March 2017" in page


def test_the_status_chart_has_axis_titles_and_the_summarys_counts(client, thurrock):
    scorecard = scorecard_for(2016, 3)
    figure = chart(get(client, SUMMARY), "status-chart")
    layout = figure["layout"]
    assert layout["xaxis"]["title"]["text"] == "Number of corporate KPIs"
    assert layout["yaxis"]["title"]["text"] == "Portfolio"
    assert layout["barmode"] == "stack"
    series = {trace["name"]: trace for trace in figure["data"]}
    assert list(series) == ["Achieved", "Failed", "No figure or status"]
    assert sum(series["Achieved"]["x"]) == scorecard.summary.statuses[Status.ACHIEVED].count
    assert sum(series["Failed"]["x"]) == scorecard.summary.statuses[Status.FAILED].count
    kpis = sum(row.category == "kpi" for row in scorecard.rows)
    assert sum(sum(trace["x"]) for trace in figure["data"]) == kpis
    portfolios = {html.escape(row.portfolio, quote=False) for row in scorecard.rows if row.category == "kpi"}
    assert set(series["Achieved"]["y"]) == portfolios


def test_the_trend_chart_draws_each_published_quarters_share(client, thurrock):
    figure = chart(get(client, SUMMARY), "trend-chart")
    layout = figure["layout"]
    assert layout["xaxis"]["title"]["text"] == "Quarter"
    assert layout["yaxis"]["title"]["text"] == "Achieved (% of KPIs with a status)"
    ours, printed = figure["data"]
    assert ours["x"] == ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17"]
    assert ours["y"] == [float(scorecard_for(2016, n).summary.met.percent) for n in (1, 2, 3)]
    assert printed["name"] == "Achieved (council's printed share)"
    assert printed["y"][-1] == 55.0


def test_a_quarter_in_progress_is_not_drawn_in_the_trend(client, thurrock, performance):
    withdraw_publication(performance, Q3)
    page = get(client, SUMMARY)
    assert chart(page, "trend-chart")["data"][0]["x"] == ["Q1 2016/17", "Q2 2016/17"]
    assert "Status by portfolio so far" in page
    assert chart(page, "status-chart")["layout"]["xaxis"]["title"]["text"] == "Number of corporate KPIs so far"


@pytest.mark.parametrize("url", [SUMMARY, "/scorecards/2016/q2/"])
def test_each_chart_has_its_figures_as_a_table(client, thurrock, url):
    page = get(client, url)
    assert "The chart's figures: corporate KPIs by portfolio and status" in page
    assert "The chart's figures: share of corporate KPIs achieved by published quarter" in page
    assert "plotly-cartesian" in page  # plotly only where there is a chart


def test_no_chart_no_plotly(client, db):
    from kpis.models import Indicator

    Indicator.objects.create(code="X", title="X", category="context")
    assert "plotly-cartesian" not in get(client, SUMMARY)


QUARTER_PAGES = ["/scorecards/2016/q3/indicators/", "/scorecards/2016/q3/focus/",
                 "/portfolios/education-and-health/?quarter=2016-Q3"]


def test_every_page_of_a_quarter_in_progress_carries_the_banner(client, thurrock, performance):
    assert all(BANNER not in get(client, url) for url in QUARTER_PAGES)
    withdraw_publication(performance, Q3)
    for url in QUARTER_PAGES:
        assert "In progress: 48 of 49 indicators have a figure" in get(client, url), url


def test_a_portfolio_opens_on_the_latest_published_quarter(client, thurrock, performance):
    withdraw_publication(performance, Q3)
    page = get(client, "/portfolios/education-and-health/")
    assert "report to full council, Quarter 2 2016/17" in page and BANNER not in page


def test_the_json_summary_says_whether_its_shares_are_the_quarters_result(thurrock, performance):
    published = summary_dict(scorecard_for(2016, 3))
    assert (published["published_on"], published["in_progress"]) == ("2017-03-14", False)
    withdraw_publication(performance, Q3)
    in_progress = summary_dict(scorecard_for(2016, 3))
    assert (in_progress["published_on"], in_progress["in_progress"]) == (None, True)
