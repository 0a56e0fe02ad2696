"""Finding anything in two clicks (issue 15 item 2): the indicators' list with its search and
filters, the portfolios' index, every indicator title a link to its page, the previous and
next quarter on each quarter's pages, and the page that says how to read them."""

import re

import pytest
from django.utils.html import escape

from kpis.domain.periods import Quarter
from kpis.models import Indicator, Portfolio
from kpis.selectors.scorecard import quarters_with_data
from reports import views

LIST = "/indicators/"


def listed_codes(page: str) -> list[str]:
    """The codes of the indicators the list shows, each a link from its title."""
    return re.findall(r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/indicators/([^/]+)/">',
                      page)


def get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- /indicators/ ------------------------------------------------------------------------


def test_it_lists_every_indicator_reported_each_linked_to_its_page(client, thurrock):
    page = get(client, LIST)
    reported = Indicator.objects.filter(active=True)
    assert sorted(listed_codes(page)) == sorted(reported.values_list("code", flat=True))
    assert f"{reported.count()} indicators</h2>" in page
    rent = page[page.index('href="/indicators/RENT/"'):]
    rent = rent[:rent.index("</tr>")]
    assert "% Rent collected" in rent and "Percent" in rent  # title and unit
    assert 'href="/portfolios/' in rent  # its portfolio, linked


def test_it_finds_an_indicator_by_its_code_in_any_case(client, thurrock):
    page = get(client, LIST + "?q=ctax")
    assert listed_codes(page) == ["CTAX"]
    assert "1 indicator found" in page
    assert 'value="ctax"' in page  # the search box keeps what was typed


def test_it_finds_indicators_by_part_of_their_title(client, thurrock):
    page = get(client, LIST + "?q=RENT+COLL")
    assert listed_codes(page) == ["RENT"]
    several = listed_codes(get(client, LIST + "?q=fly"))
    assert "FLY" in several and all("fly" in Indicator.objects.get(code=code).title.lower() or "fly" in code.lower()
                                    for code in several)


def test_it_filters_by_portfolio_and_directorate(client, thurrock):
    portfolio = Portfolio.objects.get(slug="education-and-health")
    page = get(client, LIST + f"?portfolio={portfolio.slug}")
    assert sorted(listed_codes(page)) == sorted(portfolio.indicators.filter(active=True).values_list("code", flat=True))
    assert "UNEMP" not in listed_codes(page)  # another portfolio's
    schools = Indicator.objects.get(title__startswith="% of primary schools")
    both = get(client, LIST + f"?portfolio={portfolio.slug}&directorate={schools.directorate_id}&q=schools")
    assert schools.code in listed_codes(both)
    assert set(listed_codes(both)) <= set(listed_codes(page))


def test_a_search_that_finds_nothing_says_so(client, thurrock):
    page = get(client, LIST + "?q=no+such+indicator")
    assert listed_codes(page) == []
    assert "No indicators found" in page and "No indicator matches your search." in page
    assert '<a class="govuk-link" href="/indicators/">Clear search and filters</a>' in page


def test_a_long_list_is_paged_keeping_the_search(client, thurrock, monkeypatch):
    monkeypatch.setattr(views, "INDICATORS_PER_PAGE", 5)
    first = get(client, LIST + "?q=of")
    found = Indicator.objects.filter(active=True, title__icontains="of").count()
    assert found > 10
    assert len(listed_codes(first)) == 5 and f"{found} indicators found" in first
    assert 'class="govuk-pagination"' in first
    assert 'href="?q=of&amp;page=2" rel="next"' in first
    second = get(client, LIST + "?q=of&page=2")
    assert not set(listed_codes(first)) & set(listed_codes(second))
    assert 'href="?q=of&amp;page=1" rel="prev"' in second


def test_the_list_costs_the_same_few_queries_however_many_it_shows(client, thurrock, django_assert_max_num_queries):
    # The page's four (count, portfolios, directorates, indicators with theirs) and the cache's.
    with django_assert_max_num_queries(12) as everything:
        get(client, LIST)
    with django_assert_max_num_queries(len(everything.captured_queries)):
        get(client, LIST + "?q=rent")


def test_before_any_indicator_the_list_is_empty_not_broken(client, db):
    assert "No indicators found" in get(client, LIST)


# --- /portfolios/ ------------------------------------------------------------------------


def test_the_portfolios_index_lists_every_portfolio_with_its_holder_and_indicators(client, thurrock):
    page = get(client, "/portfolios/")
    portfolios = list(Portfolio.objects.all())
    assert re.findall(r'<a class="govuk-link" href="/portfolios/([^/]+)/">', page) == [p.slug for p in portfolios]
    education = page[page.index('href="/portfolios/education-and-health/"'):]
    education = education[:education.index("</tr>")]
    count = Indicator.objects.filter(active=True, portfolio__slug="education-and-health").count()
    assert "Cllr J Halden" in education
    assert f'href="/indicators/?portfolio=education-and-health">{count}<' in education


# --- every indicator title is a link to its page ------------------------------------------


def unlinked_titles(page: str, titles) -> list[str]:
    """The titles still in the page once its links (and captions, which name a table, and the
    head's <title>) are taken out: a title the reader cannot click."""
    for element in ("a", "caption", "title", "script"):
        page = re.sub(rf"<{element}\b.*?</{element}>", "", page, flags=re.S)
    return [title for title in titles if escape(title) in page]


@pytest.mark.parametrize("url", [
    "/", "/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/", "/scorecards/2016/q3/focus/",
    "/portfolios/education-and-health/", "/portfolios/cllr-r-gledhill/", LIST,
])
def test_every_indicator_title_on_a_page_is_a_link_to_it(client, thurrock, url):
    page = get(client, url)
    assert unlinked_titles(page, Indicator.objects.values_list("title", flat=True)) == []
    for code in set(re.findall(r'href="/indicators/([^/?"]+)/"', page)):
        assert Indicator.objects.filter(code=code).exists()


def test_the_portfolio_table_links_each_title(client, thurrock):
    page = get(client, "/portfolios/education-and-health/")
    schools = Indicator.objects.get(title__startswith="% of primary schools")
    assert (f'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/indicators/{schools.code}/">'
            f'{escape(schools.title)}</a></th>') in page


# --- previous and next quarter ------------------------------------------------------------


QUARTER_PAGES = {"summary": "/scorecards/{}/q{}/", "table": "/scorecards/{}/q{}/indicators/",
                 "focus": "/scorecards/{}/q{}/focus/"}


def quarter_links(page: str) -> dict[str, str]:
    nav = re.search(r'<nav class="govuk-pagination govuk-pagination--block quarter-nav".*?</nav>', page, re.S)
    if not nav:
        return {}
    return {rel: (href, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()) for href, rel, text in
            re.findall(r'href="([^"]+)" rel="(prev|next)">(.*?)</a>', nav[0], re.S)}


@pytest.mark.parametrize("kind", QUARTER_PAGES)
def test_a_quarter_links_the_quarters_either_side(client, thurrock, kind):
    links = quarter_links(get(client, QUARTER_PAGES[kind].format(2016, 2)))
    assert links["prev"] == (QUARTER_PAGES[kind].format(2016, 1), "Previous quarter : Q1 2016/17")
    assert links["next"] == (QUARTER_PAGES[kind].format(2016, 3), "Next quarter : Q3 2016/17")


@pytest.mark.parametrize("kind", QUARTER_PAGES)
def test_the_first_and_last_quarters_with_figures_link_only_inwards(client, thurrock, kind):
    quarters = sorted(quarters_with_data())
    first, last = quarters[0], quarters[-1]
    assert last == Quarter(2016, 3)
    at_last = quarter_links(get(client, QUARTER_PAGES[kind].format(last.year, last.number)))
    assert "next" not in at_last and at_last["prev"][0] == QUARTER_PAGES[kind].format(2016, 2)
    at_first = quarter_links(get(client, QUARTER_PAGES[kind].format(first.year, first.number)))
    assert "prev" not in at_first and "next" in at_first


def test_a_quarter_with_no_figures_leads_back_to_the_nearest_with_figures(client, thurrock):
    links = quarter_links(get(client, "/scorecards/2017/q2/"))
    assert links == {"prev": ("/scorecards/2016/q3/", "Previous quarter : Q3 2016/17")}


def test_before_any_figure_a_quarter_links_nowhere(client, db):
    assert quarter_links(get(client, "/scorecards/2016/q3/")) == {}


def test_the_table_keeps_its_filters_from_quarter_to_quarter(client, thurrock):
    links = quarter_links(get(client, "/scorecards/2016/q3/indicators/?portfolio=cllr-r-gledhill&sort=status"))
    assert links["prev"][0] == "/scorecards/2016/q2/indicators/?portfolio=cllr-r-gledhill"


# --- how to read them ---------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/", "/scorecards/2016/q3/focus/",
    "/portfolios/education-and-health/", "/indicators/RENT/",
])
def test_each_scorecard_page_links_how_to_read_it(client, thurrock, url):
    assert '<a class="govuk-link" href="/help/how-to-read/">How to read this page</a>' in get(client, url)


def test_how_to_read_explains_each_word_and_mark(client, db):
    page = get(client, "/help/how-to-read/")
    for words in ("Achieved ✓", "Failed ✗", "Green ✓", "Amber !", "Red ✗", "tolerance", "↑ Better", "→ Static",
                  "↓ Worse", "since last year", "since last quarter", "as published", "in arrears",
                  "Q2 2016/17 figure – in arrears", "Draft – submitted"):
        assert words in page, words


def test_the_summary_links_in_focus(client, thurrock):
    assert 'href="/scorecards/2016/q3/focus/"' in get(client, "/scorecards/2016/q3/")


def test_the_performance_team_is_led_to_a_quarter_of_drafts_the_public_does_not_see(client, thurrock):
    from datetime import date

    from kpis.models import Reading
    from tests.people import make_user

    Reading.objects.create(indicator=Indicator.objects.get(code="RENT"), month=date(2017, 1, 1), value=98,
                           state=Reading.State.DRAFT)
    assert "next" not in quarter_links(get(client, "/scorecards/2016/q3/"))
    client.force_login(make_user("pat", "performance"))
    assert quarter_links(get(client, "/scorecards/2016/q3/"))["next"][0] == "/scorecards/2016/q4/"


@pytest.mark.parametrize("query", ["q=a%00b", "portfolio=a%00b", "directorate=a%00b", "directorate=99999999999999999999",
                                   "portfolio=nobody", "page=x", "page=99999"])
def test_a_query_no_form_would_send_still_gets_the_list(client, thurrock, query):
    assert client.get(f"{LIST}?{query}").status_code == 200
