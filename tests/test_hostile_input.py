"""Input no form would send (a superscript digit, a number longer than int() reads, a NUL
byte) gets a clear answer, never a 500."""


import pytest

from kpis.models import QuarterLock, Reading
from tests.month_sheet import DECEMBER, submitted

NOT_INTS = ["²", "٣", "9" * 5000, "1" * 30]


@pytest.mark.parametrize("year", NOT_INTS, ids=["superscript", "arabic-indic", "5000 digits", "30 digits"])
def test_an_indicator_year_that_is_no_year_is_not_found(client, housing, year):
    assert client.get(f"/indicators/BINS/?year={year}").status_code == 404


@pytest.mark.parametrize("value", NOT_INTS, ids=["superscript", "arabic-indic", "5000 digits", "30 digits"])
def test_posted_ids_that_are_no_ids_are_left_out(client, officer, performance, housing, value):
    reading = submitted(client, officer)
    client.force_login(performance)
    response = client.post("/review/decision/", {"action": "approve", "reading": [value, reading.id]})
    assert response.status_code == 302
    assert Reading.objects.get(pk=reading.pk).state == "approved"
    response = client.post("/scorecards/2016/q3/focus/", {"indicator": [value, housing.id]})
    assert response.status_code == 302


def test_a_reason_holding_a_null_character_is_refused_in_words(client, officer, performance, housing):
    reading = submitted(client, officer)
    client.force_login(performance)
    response = client.post("/review/decision/", {"action": "return", "reading": [reading.id],
                                                 "reason": "bad\x00reason"}, follow=True)
    assert response.status_code == 200
    assert "Reason for returning: remove the null character" in response.content.decode()
    assert Reading.objects.get(month=DECEMBER, indicator__code="BINS").state == "submitted"
    client.post("/quarters/lock/", {"year": "2016", "quarter": "3"})
    assert QuarterLock.objects.get(year=2016, quarter=3).locked
    response = client.post("/quarters/reopen/", {"year": "2016", "quarter": "3", "reason": "x\x00y"}, follow=True)
    assert "Reason for reopening: remove the null character" in response.content.decode()
    assert QuarterLock.objects.get(year=2016, quarter=3).locked


def test_the_in_focus_picker_shows_the_status_every_other_page_shows(client, performance, thurrock):
    client.force_login(performance)
    page = client.get("/scorecards/2016/q3/focus/").content.decode()
    # Two-year-olds places: no numeric target, so the council's printed status stands, marked.
    assert "early years education in the borough (Achieved ✓, as published)" in page
