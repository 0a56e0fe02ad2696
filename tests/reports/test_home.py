
import pytest

from kpis.models import Indicator, Reading


def test_home_lists_the_indicators(client, imported_small_council):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    for indicator in Indicator.objects.all():
        assert indicator.title in page
    assert "Cllr R Gledhill" in page


def test_home_escapes_titles(client, db):
    Indicator.objects.create(code="XSS", title="<script>alert(1)</script>")
    page = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_home_says_how_to_load_data_when_empty(client, db):
    assert "import_workbook" in client.get("/").content.decode()


def test_the_demo_opens_on_thurrocks_quarter_3(client, thurrock):
    assert Indicator.objects.count() == 49
    page = client.get("/").content.decode()
    assert "Quarter 3 2016/17" in page
    # 49 less the four in arrears (reoffending, obesity, smoking, road casualties) and NEET (new method)
    assert '<a href="/scorecards/2016/q3/">Quarter 3 2016/17</a> (44 indicators with figures)' in page
    # obesity's; the demo publishes Q1-Q3 2016/17, as the council did
    assert '<a href="/scorecards/2014/q4/">Quarter 4 2014/15</a> (1 indicator with figures, not published)' in page
    reoffending = row_of(page, "% of young people who reoffend after a previously recorded offence")
    assert "in arrears" in reoffending and "Achieved" in reoffending
    litter = row_of(page, "Street Cleanliness - a) Litter")
    assert "4.29%" in litter and "Failed" in litter and "as published" in litter  # no 2015/16 data: printed ↓


def scorecard_table(page: str) -> str:
    return page[page.index('<table class="govuk-table scorecard">'):page.index("</table>")]


def row_of(page: str, title: str) -> str:
    table = scorecard_table(page)
    start = table.index(title)
    return table[start:table.index("</tr>", start)]


def test_home_lists_the_quarters_with_figures_latest_first(client, imported_small_council):
    page = client.get("/").content.decode()
    quarters = ["Quarter 3 2016/17", "Quarter 2 2016/17", "Quarter 1 2016/17", "Quarter 4 2015/16"]
    positions = [page.index(f">{quarter}</a>") for quarter in quarters]
    assert positions == sorted(positions)
    assert 'href="?quarter=2016-Q3" aria-current="page"' in page
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Quarter 3 2016/17: 14 indicators' in page


def test_home_shows_status_and_arrows_as_words(client, imported_small_council):
    page = client.get("/").content.decode()
    homes = row_of(page, "No of homes transformed")
    assert "Achieved ✓" in homes and "↑ Better" in homes and "↓ Worse" in homes
    assert "973" in homes and "450" in homes
    assert "Failed ✗" in row_of(page, "Average sickness absence")
    assert "→ Static" in row_of(page, "Tonnes of waste to landfill")
    assert "80.04%" in row_of(page, "% Council Tax collected")
    assert "1:57" in row_of(page, "Average time to answer a call")
    assert "New method" in row_of(page, "% of 16-19 yr olds NEET")


def test_home_labels_an_in_arrears_figure_with_its_period(client, imported_small_council):
    reoff = row_of(client.get("/").content.decode(), "% of young people who reoffend")
    assert "8%" in reoff and "Q2 2016/17 figure – in arrears" in reoff


def test_home_shows_a_printed_arrow_only_where_none_is_computed(client, imported_small_council):
    page = client.get("/").content.decode()
    # Potholes: no 2015/16 figures, so no computed DOT since last year; the council printed ↑.
    assert '<span class="tone-good">↑ Better</span> <span class="note">(as published)</span>' in row_of(
        page, "% of potholes repaired")
    assert "↑ Higher <span class=\"note\">(as published)</span>" in row_of(page, "fly tipping")
    # Council Tax: computed ↑ Better is shown; the printed → is not.
    ctax = row_of(page, "% Council Tax collected")
    assert "as published" not in ctax and "→" not in ctax


def test_home_marks_the_in_focus_indicators(client, imported_small_council):
    page = client.get("/").content.decode()
    assert "In Focus" in row_of(page, "% of potholes repaired")
    assert "In Focus" not in row_of(page, "No of homes transformed")


def test_home_shows_an_earlier_quarter_when_asked(client, imported_small_council):
    page = client.get("/?quarter=2016-Q1").content.decode()
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Quarter 1 2016/17' in page
    assert "435" in row_of(page, "No of homes transformed")


@pytest.mark.parametrize("quarter", ["2016-Q9", "Q3", "2030-Q1"])
def test_home_refuses_a_quarter_without_figures(client, imported_small_council, quarter):
    assert client.get("/", {"quarter": quarter}).status_code == 404


def test_home_escapes_text_in_the_scorecard(client, imported_small_council):
    Indicator.objects.filter(code="HOMES").update(title="<b>Homes</b>")
    page = client.get("/").content.decode()
    assert "<b>Homes</b>" not in page and "&lt;b&gt;Homes&lt;/b&gt;" in page


def test_home_shows_only_approved_figures(client, imported_small_council):
    Reading.objects.filter(month__gte="2016-10-01").update(state=Reading.State.DRAFT)
    page = client.get("/").content.decode()
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Quarter 2 2016/17' in page and "Quarter 3 2016/17" not in page


def test_a_failed_figure_without_commentary_says_so(client, imported_small_council):
    # POT and SICK fail with commentary; OBES fails with none in the small council.
    page = client.get("/").content.decode()
    assert "commentary missing" in row_of(page, "% of children obese at Year 6 (Annual)")
    assert "commentary missing" not in row_of(page, "% of potholes repaired within policy timeframe")
    assert "commentary missing" not in row_of(page, "No of homes transformed")  # achieved


def test_the_performance_team_sees_a_draft_on_the_home_page_as_on_every_scorecard_page(
        client, performance, imported_small_council):
    from datetime import date

    from kpis.models import Reading

    reading = Reading.objects.get(indicator__code="HOMES", month=date(2016, 12, 1))
    Reading.objects.filter(pk=reading.pk).update(value=reading.value + 500, state=Reading.State.DRAFT)
    client.logout()
    public = client.get("/").content.decode()
    assert "Draft" not in public.split('<tbody class="govuk-table__body">')[1]
    client.force_login(performance)
    home = client.get("/").content.decode()
    table = client.get("/scorecards/2016/q3/indicators/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--orange">Draft</strong>' in home and '<strong class="govuk-tag govuk-tag--orange">Draft</strong>' in table
    assert "1,473" in home and "1,473" in table  # the Q3 year to date with the draft December
