"""The council's calendar. Pure Python.

A financial year is named by the calendar year it starts in: 2016 is "2016/17",
1 April 2016 to 31 March 2017. Month 1 is April; Q1 is Apr-Jun, Q4 is Jan-Mar.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-Q([1-4])$")


# The financial years the product keeps figures for. A period outside them, typed in a URL, a
# form or a workbook, is refused where it is read, before date arithmetic (there is no year 0)
# or the database (years are small integers) fails on it.
FIRST_YEAR, LAST_YEAR = 1990, 2100


class PeriodOutOfRange(ValueError):
    """A period written correctly, but outside FIRST_YEAR to LAST_YEAR."""


def known_year(year: int) -> int:
    """`year` if it is a financial year the product keeps figures for; else PeriodOutOfRange."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodOutOfRange(
            f"{year} is not a financial year from {year_label(FIRST_YEAR)} to {year_label(LAST_YEAR)}")
    return year


def year_label(year: int) -> str:
    """2016 -> "2016/17"."""
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month."""

    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise ValueError(f"no month {self.month}")

    @classmethod
    def parse(cls, text: str) -> "Month":
        """ "2016-04" -> April 2016; anything else (or a month outside FIRST_YEAR to LAST_YEAR)
        raises ValueError."""
        match = _MONTH_RE.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a month written YYYY-MM")
        month = cls(int(match[1]), int(match[2]))
        known_year(month.financial_year)
        return month

    @classmethod
    def of(cls, day: date) -> "Month":
        return _month(day.year, day.month) if cls is Month else cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def financial_year(self) -> int:
        return self.year if self.month >= 4 else self.year - 1

    @property
    def number(self) -> int:
        """Month of the financial year: April is 1, March is 12."""
        return (self.month - 4) % 12 + 1

    @property
    def quarter(self) -> "Quarter":
        return Quarter(self.financial_year, (self.number - 1) // 3 + 1)

    @cached_property
    def ordinal(self) -> int:
        """Months since January of year 0: consecutive months differ by one. A plain number,
        so looking a month up by it (kpis.domain.rules.Series) costs no Python call."""
        return self.year * 12 + self.month - 1

    def shifted(self, months: int) -> "Month":
        index = self.ordinal + months
        return _month(index // 12, index % 12 + 1)

    def previous(self) -> "Month":
        return self.shifted(-1)

    def next(self) -> "Month":
        return self.shifted(1)

    def last_year(self) -> "Month":
        return self.shifted(-12)

    @property
    def label(self) -> str:
        """ "Dec-16", as the council's appendix heads its columns."""
        return f"{MONTH_NAMES[self.month - 1]}-{self.year % 100:02d}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year: Quarter(2016, 3) is Oct-Dec 2016."""

    year: int
    number: int

    def __post_init__(self):
        if not 1 <= self.number <= 4:
            raise ValueError(f"no quarter {self.number}")

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """ "2016-Q3" -> Quarter(2016, 3); anything else (or a year outside FIRST_YEAR to
        LAST_YEAR) raises ValueError."""
        match = _QUARTER_RE.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a quarter written YYYY-QN")
        return cls.known(int(match[1]), int(match[2]))

    @classmethod
    def known(cls, year: int, number: int) -> "Quarter":
        """Quarter(year, number) of a year the product keeps figures for; else ValueError."""
        return cls(known_year(year), number)

    @property
    def months(self) -> tuple[Month, ...]:
        """The quarter's own three months."""
        return year_months(self.year)[3 * (self.number - 1): 3 * self.number]

    @property
    def months_to_date(self) -> tuple[Month, ...]:
        """April to the quarter's end: the span of "Qtr N YTD"."""
        return year_months(self.year)[: 3 * self.number]

    @property
    def last_month(self) -> Month:
        return self.months[-1]

    @property
    def last_day(self) -> date:
        """The quarter's end: 31 March 2017 for Quarter 4 2016/17."""
        return self.last_month.next().first_day - timedelta(days=1)

    @property
    def months_elapsed(self) -> int:
        return 3 * self.number

    def previous(self) -> "Quarter":
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def last_year(self) -> "Quarter":
        return Quarter(self.year - 1, self.number)

    @property
    def ytd_label(self) -> str:
        return f"Qtr {self.number} YTD"

    @property
    def label(self) -> str:
        return f"Quarter {self.number} {year_label(self.year)}"

    @property
    def short_label(self) -> str:
        """ "Q2 2016/17", where the long label would not fit (a link between quarters)."""
        return f"Q{self.number} {year_label(self.year)}"

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"


# Months and spans are asked for again and again (every indicator of a scorecard walks the same
# ones): each is made once. They are immutable, so sharing them changes nothing but the time.
@lru_cache(maxsize=4096)
def _month(year: int, month: int) -> Month:
    return Month(year, month)


@lru_cache(maxsize=1024)
def year_months(year: int) -> tuple[Month, ...]:
    """The twelve months of financial year `year`, April first."""
    return tuple(_month(year + (i + 3) // 12, (i + 3) % 12 + 1) for i in range(12))
