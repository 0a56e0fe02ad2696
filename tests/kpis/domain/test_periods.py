import pytest

from kpis.domain.periods import (
    FIRST_YEAR,
    LAST_YEAR,
    Month,
    PeriodOutOfRange,
    Quarter,
    known_year,
    year_label,
    year_months,
)


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


@pytest.mark.parametrize("parse, text", [
    (Month.parse, "0001-01"), (Month.parse, "0000-04"), (Month.parse, "9999-12"),
    (Month.parse, f"{FIRST_YEAR}-03"), (Month.parse, f"{LAST_YEAR + 1}-04"),
    (Quarter.parse, "0001-Q1"), (Quarter.parse, "9999-Q4"),
    (Quarter.parse, f"{FIRST_YEAR - 1}-Q4"), (Quarter.parse, f"{LAST_YEAR + 1}-Q1"),
])
def test_a_period_outside_the_known_years_is_refused(parse, text):
    with pytest.raises(PeriodOutOfRange):
        parse(text)


def test_the_known_years_run_from_april_of_the_first_to_march_after_the_last():
    assert Month.parse(f"{FIRST_YEAR}-04").financial_year == FIRST_YEAR
    assert Month.parse(f"{LAST_YEAR + 1}-03").financial_year == LAST_YEAR
    assert Quarter.parse(f"{FIRST_YEAR}-Q1") == Quarter.known(FIRST_YEAR, 1)
    assert Quarter.parse(f"{LAST_YEAR}-Q4") == Quarter(LAST_YEAR, 4)
    assert known_year(2016) == 2016
    with pytest.raises(PeriodOutOfRange, match="99999 is not a financial year from 1990/91 to 2100/01"):
        known_year(99999)
    with pytest.raises(ValueError):
        Quarter.known(2016, 5)


@pytest.mark.parametrize("year", [FIRST_YEAR, 2016, LAST_YEAR])
def test_each_quarters_months_are_its_own_three_and_its_year_to_date_runs_from_april(year):
    april = Month(year, 4)
    for number in range(1, 5):
        quarter = Quarter(year, number)
        assert quarter.months == tuple(april.shifted(3 * (number - 1) + i) for i in range(3))
        assert quarter.months_to_date == tuple(april.shifted(i) for i in range(3 * number))
        assert {m.quarter for m in quarter.months} == {quarter}
        assert all(Month.of(m.first_day) == m for m in quarter.months)
    assert year_months(year) == Quarter(year, 1).months + Quarter(year, 2).months + Quarter(year, 3).months \
        + Quarter(year, 4).months
