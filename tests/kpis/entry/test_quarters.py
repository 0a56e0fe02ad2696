"""The quarters page, and what a lock freezes besides the figures: the In Focus choice."""

from kpis.domain.periods import Quarter
from kpis.models import FocusIndicator, Indicator
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
