import pytest

from kpis.periods import Month, Quarter, year_label, year_months


def test_financial_year_starts_in_april():
    months = year_months(2016)
    assert str(months[0]) == "2016-04"
    assert str(months[-1]) == "2017-03"
    assert year_label(2016) == "2016/17"
    assert year_label(1999) == "1999/00"


@pytest.mark.parametrize(
    "month, financial_year, number, quarter",
    [
        ("2016-04", 2016, 1, "2016-Q1"),
        ("2016-06", 2016, 3, "2016-Q1"),
        ("2016-12", 2016, 9, "2016-Q3"),
        ("2017-01", 2016, 10, "2016-Q4"),
        ("2017-03", 2016, 12, "2016-Q4"),
    ],
)
def test_month_places_itself_in_the_financial_year(month, financial_year, number, quarter):
    m = Month.parse(month)
    assert (m.financial_year, m.number, str(m.quarter)) == (financial_year, number, quarter)


def test_quarter_three_is_october_to_december_and_its_ytd_starts_in_april():
    q3 = Quarter(2016, 3)
    assert [str(m) for m in q3.months] == ["2016-10", "2016-11", "2016-12"]
    assert str(q3.months_to_date[0]) == "2016-04" and len(q3.months_to_date) == 9
    assert q3.ytd_label == "Qtr 3 YTD"
    assert str(Quarter(2016, 1).previous()) == "2015-Q4"
    assert str(Quarter(2016, 3).last_year()) == "2015-Q3"


@pytest.mark.parametrize("text", ["2016-4", "2016/04", "April 2016", "2016-13", ""])
def test_a_month_must_be_written_yyyy_mm(text):
    with pytest.raises(ValueError):
        Month.parse(text)


def test_month_arithmetic_crosses_calendar_years():
    assert str(Month(2017, 1).previous()) == "2016-12"
    assert str(Month(2016, 12).last_year()) == "2015-12"
    assert Month(2016, 12).label == "Dec-16"
