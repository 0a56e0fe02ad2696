"""The header rows of a committee appendix: which column holds what. Pure Python.

A header row names its table in its first cell ("Performance Indicator Title",
"Health/Wealth of the Borough Indicators", "Demand Indicator Title") and is known by
its columns: months ("Apr-16", a date, an Excel date number) beside quarter, target,
DOT and status columns, or the Appendix 1b columns ending in "Commentary". Header texts
vary from table to table ("Qtr1 YTD", "Qtr1", "QTR 3 YTD", "Q3 DOT (since last year)"),
so they are compared with case and spaces folded.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from kpis.domain import published
from kpis.domain.periods import Month, year_label
from kpis.importing.appendix.cells import printed
from kpis.importing.problems import Problem


class Kind(StrEnum):
    TITLE = "title"
    HOLDER = "holder"
    DIRECTORATE = "directorate"
    OUTTURN = "outturn"
    BENCHMARK = "benchmark"
    MONTH = "month"
    QUARTER = "quarter"  # "Qtr 2 YTD": the council's figure for the year to the quarter's end
    TARGET = "target"
    DOT_YEAR = "dot_year"
    DOT_MONTH = "dot_month"
    STATUS = "status"
    COMMENTARY = "commentary"
    BLANK = "blank"
    OTHER = "other"


_Q = r"(?:qtr|quarter|q)([1-4])"
_PATTERNS = (  # on the header text in lower case with its spaces removed
    (Kind.QUARTER, re.compile(rf"^{_Q}(?:ytd)?$")),
    (Kind.TARGET, re.compile(rf"^{_Q}target$")),
    (Kind.TARGET, re.compile(r"^(\d{4})/\d{2}target$")),
    (Kind.TARGET, re.compile(r"^(?:year|annual|yearend|fullyear)target$")),
    (Kind.OUTTURN, re.compile(r"^(\d{4})/\d{2}outturn$")),
    (Kind.DOT_YEAR, re.compile(rf"^(?:{_Q})?dot\(?sincelastyear\)?$")),
    (Kind.DOT_MONTH, re.compile(r"^dotbetweenmonth(\d{1,2})andmonth(\d{1,2})$")),
    (Kind.STATUS, re.compile(rf"^(?:{_Q})?(?:achievedorfailed|status|rag(?:status)?)$")),
    (Kind.COMMENTARY, re.compile(r"^comment(?:ary|s)?$")),
    (Kind.HOLDER, re.compile(r"^portfolio(?:holder)?$")),
    (Kind.DIRECTORATE, re.compile(r"^(?:directorate|service)$")),
    (Kind.BENCHMARK, re.compile(r"benchmark|baseline")),
)
_FIGURE_KINDS = (Kind.OUTTURN, Kind.BENCHMARK, Kind.QUARTER, Kind.TARGET, Kind.DOT_YEAR, Kind.DOT_MONTH, Kind.STATUS)
_MONTH_TEXT = re.compile(r"^([a-z]{3,9})[\s\-/'.]*(\d{2}|\d{4})$")
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december")
# Excel keeps a date as a day number: 42705 is 1 December 2016. Only header cells are read
# this way; in a row, 42705 is a figure.
_SERIALS = range(20000, 80000)


@dataclass(frozen=True)
class Column:
    kind: Kind
    label: str  # as printed ("Apr-16", "Qtr 3 Target"); a month printed as a date reads as "Apr-16"
    letter: str  # the sheet column of the header cell
    month: Month | None = None
    quarter: int | None = None  # the quarter of the year it speaks of, when it says
    year: int | None = None  # an outturn's financial year
    period: str = ""  # a target's: "Q3" or "year"
    field: str = ""  # a dot_month_M_N field of the Published sheet


@dataclass(frozen=True)
class Header:
    sheet: str
    row: int
    columns: tuple[Column, ...]  # position j reads cell j of a row that sits under its headers
    stray: bool = False  # a stray cell was dropped, so the rows may sit one column off it
    notes: tuple[str, ...] = ()  # what was made of odd header cells

    @property
    def title(self) -> str:
        return self.columns[0].label

    @property
    def is_commentary(self) -> bool:
        """Appendix 1b: the failed indicators with their commentary."""
        return any(c.kind is Kind.COMMENTARY for c in self.columns)

    @property
    def quarter(self) -> int | None:
        """The latest quarter the table speaks of ("Qtr 3 Target", "Dec-16")."""
        return max((c.quarter for c in self.columns if c.quarter), default=None)


def _month(value, text: str, serials: bool) -> Month | None:
    if isinstance(value, (datetime, date)):
        return Month.of(value)
    if serials and not isinstance(value, bool) and isinstance(value, (int, float, str)):
        if isinstance(value, str):
            value = int(value) if value.strip().isdigit() else None
        if value is not None and int(value) == value and int(value) in _SERIALS:
            return Month.of(from_excel(int(value)))
    match = _MONTH_TEXT.match(text.lower())
    if not match:
        return None
    name, year = match[1], int(match[2])
    numbers = [n for n, full in enumerate(_MONTH_NAMES, start=1) if full == name or full[:3] == name
               or (name == "sept" and n == 9)]
    return Month(year + 2000 if year < 100 else year, numbers[0]) if numbers else None


def classify(cell, letter: str, serials: bool = True) -> Column:
    text = printed(cell)
    if not text:
        return Column(Kind.BLANK, "", letter)
    value = getattr(cell, "value", None)
    if month := _month(value, text, serials):
        shown = text if isinstance(value, str) and not text.isdigit() else month.label
        return Column(Kind.MONTH, shown, letter, month=month, quarter=month.quarter.number)
    key = re.sub(r"\s+", "", text.lower())
    for kind, pattern in _PATTERNS:
        if match := pattern.search(key):
            return _column(kind, text, letter, match)
    return Column(Kind.OTHER, text, letter)


def _column(kind: Kind, text: str, letter: str, match: re.Match) -> Column:
    found = [g for g in match.groups() if g]
    if kind is Kind.TARGET:
        if found and len(found[0]) == 4:
            return Column(kind, text, letter, year=int(found[0]), period="year")
        if found:
            return Column(kind, text, letter, quarter=int(found[0]), period=f"Q{found[0]}")
        return Column(kind, text, letter, period="year")
    if kind is Kind.OUTTURN:
        return Column(kind, text, letter, year=int(found[0]))
    if kind is Kind.DOT_MONTH:
        later = int(found[0])
        return Column(kind, text, letter, quarter=(later - 1) // 3 + 1, field=f"dot_month_{found[0]}_{found[1]}")
    return Column(kind, text, letter, quarter=int(found[0]) if found else None)


def is_header(cells) -> bool:
    """A row naming a table: a title, then months beside figure columns, or the 1b columns."""
    if not cells or not printed(cells[0]) or not isinstance(getattr(cells[0], "value", None), str):
        return False
    kinds = {classify(cell, "", serials=False).kind for cell in cells[1:]}
    return bool(kinds & set(_FIGURE_KINDS)) and (Kind.MONTH in kinds or Kind.COMMENTARY in kinds)


def read_header(sheet: str, row: int, cells, year: int, problems: list[Problem]) -> Header:
    """The columns of a header row; a stray cell repeating the month before it is dropped."""
    cells = list(cells)
    while cells and not printed(cells[-1]):
        cells.pop()
    columns = [Column(Kind.TITLE, printed(cells[0]), "A")]
    stray = False
    notes = []
    first_seen: dict = {}
    for index, cell in enumerate(cells[1:], start=1):
        letter = get_column_letter(index + 1)
        column = classify(cell, letter)
        previous = columns[-1]
        if column.kind is Kind.MONTH and previous.kind is Kind.MONTH and previous.month == column.month:
            # Thurrock's demand table, Q3 2016/17: "42705" (1 Dec 2016 as Excel stores it) after
            # "Dec-16". A month cannot follow itself: the cell is a slip, not a column.
            notes.append(f"{sheet}!{row} column {letter}: {printed(cell)!r} is {column.month.label} again, "
                         f"repeating the month before it: a stray header cell, dropped (the headers after it "
                         f"each move one column left)")
            stray = True
            continue
        problem = _problem(column, year)
        key = (column.kind, column.month, column.quarter, column.year, column.period, column.field)
        if problem is None and column.kind not in (Kind.BLANK, Kind.OTHER) and key in first_seen:
            problem = f"appears twice in the header (first in column {first_seen[key]})"
        if problem:
            problems.append(Problem(sheet, row, column.label, problem))
        first_seen.setdefault(key, letter)
        if column.kind is Kind.OTHER:
            notes.append(f"{sheet}!{row} {column.label}: not a column the appendix reader knows; not read")
        columns.append(column)
    return Header(sheet, row, tuple(columns), stray, tuple(notes))


def _problem(column: Column, year: int) -> str | None:
    if column.kind is Kind.MONTH and column.month.financial_year != year:
        return f"is not a month of {year_label(year)} (April {year} to March {year + 1}), the year imported"
    if column.kind is Kind.TARGET and column.year is not None and column.year != year:
        return f"is not a target of {year_label(year)}, the year imported"
    if column.kind is Kind.DOT_MONTH and (reason := published.field_problem(column.field)):
        return reason
    return None
