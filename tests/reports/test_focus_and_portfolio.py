"""The In Focus pages (report section 3.3) and a portfolio holder's table."""

import re

from kpis.models import FocusIndicator, Indicator
from tests.people import make_user

FOCUS = "/scorecards/2016/q3/focus/"


def focus_titles(page):
    return re.findall(r'<h2 class="govuk-heading-m" id="focus-\d+">Focus \d+: <a class="govuk-link" href="/indicators/[^/]+/">([^<]+)</a>', page)


def test_the_focus_blocks_follow_the_report(client, thurrock):
    page = client.get(FOCUS).content.decode()
    assert focus_titles(page) == [
        '% of primary schools judged "good" or better'.replace('"', "&quot;"),
        "% of children who are obese as measured through the National Childhood Measurement Programme at Year 6 "
        "(Annual)",
        "% of potholes repaired within policy and agreed timeframe",
        "Street Cleanliness - a) Litter",
    ]
    schools = page[:page.index("Focus 2:")]
    assert "Quarter 3 2016/17 performance" in schools and "94.4%" in schools and "Achieved ✓" in schools
    assert "Education and Health" in schools and "↑ Better" in schools and "consistently improved" in schools
    obesity = page[page.index("Focus 2:"):page.index("Focus 3:")]
    assert "Latest performance" in obesity and "37.8%" in obesity and "Latest target" in obesity
    assert "↓ Worse" in obesity  # 2015/16 against 2014/15
    assert "Choose the In Focus" not in page  # the public reads, it does not choose


def test_the_performance_team_chooses_the_focus(client, thurrock):
    council_tax, rent = Indicator.objects.get(code="CTAX"), Indicator.objects.get(code="RENT")
    client.force_login(make_user("olivia", "officer", ["AHH - Housing"]))
    assert client.post(FOCUS, {"indicator": [rent.id]}).status_code == 403
    performance = make_user("pat", "performance")
    client.force_login(performance)
    assert "Choose the In Focus indicators of Quarter 3 2016/17" in client.get(FOCUS).content.decode()
    client.post(FOCUS, {"indicator": [rent.id, council_tax.id]})
    assert focus_titles(client.get(FOCUS).content.decode()) == ["% Rent collected", "% Council Tax collected"]
    assert FocusIndicator.objects.get(indicator=rent).history.latest().history_user == performance


def test_the_portfolio_holders_table(client, thurrock):
    page = client.get("/portfolios/education-and-health/").content.decode()
    assert "Education and Health: Cllr J Halden" in page
    assert "2015/16 outturn" in page
    schools = page[page.index("% of primary schools"):]
    schools = schools[:schools.index("</tr>")]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r'<td class="govuk-table__cell">(.*?)</td>', schools, re.S)]
    assert cells[:4] == ["75.7", "94.4%", "80.0%", "Achieved ✓"]
    assert "↑ Better" in cells[4] and "as published" in cells[4]
    assert "Unemployment" not in page  # another portfolio


def test_a_portfolio_before_any_figures(client, db):
    from kpis.models import Portfolio

    Portfolio.objects.create(name="Housing", holder="Cllr R Gledhill")
    assert "No figures yet." in client.get("/portfolios/housing/").content.decode()
