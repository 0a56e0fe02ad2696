"""What a typed or imported cell says: a number, a time, a month, a choice. Pure Python.

The readers take anything with a `value` (and, for a percentage, a `number_format`): an
openpyxl cell, an appendix's printed text, an officer's typed figure (kpis.domain.figures),
so "1,112", "90.9%" and "2:05" mean the same wherever they are written. Each returns the
value or raises CellError saying, in an officer's words, why the cell cannot be read.
"""

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from kpis.domain import published
from kpis.domain.periods import FIRST_YEAR, LAST_YEAR, Month, PeriodOutOfRange, known_year
from kpis.domain.terms import Unit

MAX_DECIMAL_PLACES = 6  # what the database keeps; more would be rounded away, so it is refused
MAX_MAGNITUDE = Decimal(10) ** 14
PERIODS = ("Q1", "Q2", "Q3", "Q4", "year")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_NUMBER = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_MINUTES_SECONDS = re.compile(r"^(\d+):([0-5]\d)$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
LARGEST_WHOLE_NUMBER = 2**31 - 1

# Only `number` and `currency` (a budget variance in £k) may be negative.
NON_NEGATIVE_UNITS = (Unit.COUNT, Unit.TIME, Unit.DAYS, Unit.RATE)
# What whoever sets an indicator's unit (an import's Indicators sheet) can do about a sign.
ANY_SIGN = "use unit number for any sign"



def unit_problem(value: Decimal | None, unit: Unit, remedy: str = "") -> str | None:
    """Why `value` cannot be a figure in `unit`, in words, or None: a percentage is 0-100, and
    only a number or money may be negative. The import (every reader) and the entry form ask this."""
    if value is None:
        return None
    if unit is Unit.PERCENT and not 0 <= value <= 100:
        return f"{value} is outside 0-100 for a percentage"
    if unit in NON_NEGATIVE_UNITS and value < 0:
        return f"{value} is negative; a {unit.value} cannot be" + (f" ({remedy})" if remedy else "")
    return None

class CellError(ValueError):
    """A cell that cannot be read; the message is what the officer is told."""


def raw(cell):
    """The cell's value: a text stripped, a blank None."""
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def text(cell) -> str:
    value = raw(cell)
    return "" if value is None else str(value)


def required_text(cell) -> str:
    value = text(cell)
    if not value:
        raise CellError("is required")
    return value


def _checked(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
        raise CellError(f"{value} is too large")
    if -value.as_tuple().exponent > MAX_DECIMAL_PLACES:
        raise CellError(
            f"{value} has more than {MAX_DECIMAL_PLACES} decimal places; round it in the workbook "
            "(the product never rounds a figure away)"
        )
    return value


def _tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros a float or a percentage scaling leaves (12.34567800 -> 12.345678)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def number(cell) -> Decimal | None:
    """A number, as typed or as Excel stores it. Thousands separators are allowed
    ("1,112"); a percent-formatted cell holding 0.909 reads as 90.9; "90.9%" reads as 90.9."""
    value = raw(cell)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CellError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            result = result * 100
        return _checked(_tidy(result))
    candidate = value.removesuffix("%").strip()
    if _GROUPED_NUMBER.match(candidate):
        candidate = candidate.replace(",", "")
    if not _PLAIN_NUMBER.match(candidate):
        raise CellError(f"{value!r} is not a number")
    try:
        return _checked(Decimal(candidate))
    except InvalidOperation:
        raise CellError(f"{value!r} is not a number") from None


def duration(cell) -> Decimal | None:
    """A time in seconds, written mm:ss ("2:05") or as a number of seconds."""
    value = raw(cell)
    if isinstance(value, time):
        if value.second or value.microsecond:
            # "0:02:05" typed in full: hours, minutes and seconds.
            return Decimal(value.hour * 3600 + value.minute * 60 + value.second)
        # Excel reads a typed "02:05" as 2 hours 5 minutes; the council means mm:ss.
        return Decimal(value.hour * 60 + value.minute)
    if isinstance(value, str) and (match := _MINUTES_SECONDS.match(value)):
        return Decimal(int(match[1]) * 60 + int(match[2]))
    try:
        return number(cell)
    except CellError:
        raise CellError(f"{value!r} is not a time written mm:ss or a number of seconds") from None


def integer(cell) -> int | None:
    value = number(cell)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise CellError(f"{value} is not a whole number")
    if abs(value) > LARGEST_WHOLE_NUMBER:
        raise CellError(f"{value} is too large")
    return int(value)


def required(parse: Callable) -> Callable:
    def parse_required(cell):
        value = parse(cell)
        if value is None:
            raise CellError("is required")
        return value

    return parse_required


def year(cell) -> int:
    value = required(integer)(cell)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise CellError(f"{value} is not a financial year (write 2016 for 2016/17)")
    return value


def month(cell) -> Month:
    value = raw(cell)
    if value is None:
        raise CellError("is required")
    try:
        parsed = Month.of(value) if isinstance(value, (datetime, date)) else Month.parse(str(value))
        known_year(parsed.financial_year)
    except PeriodOutOfRange:
        raise CellError(f"{value!r} is not a month the product keeps figures for ({FIRST_YEAR} onwards)") from None
    except ValueError:
        raise CellError(f"{value!r} is not a month written YYYY-MM") from None
    return parsed


def choice(enum: type[StrEnum], default: StrEnum | None = None) -> Callable:
    allowed = [member.value for member in enum if member.value]

    def parse_choice(cell):
        value = text(cell).lower().replace(" ", "_")
        if not value:
            if default is None:
                raise CellError(f"is required: one of {', '.join(allowed)}")
            return default
        if value not in allowed:
            raise CellError(f"{text(cell)!r} is not one of {', '.join(allowed)}")
        return enum(value)

    return parse_choice


def period(cell) -> str:
    value = required_text(cell)
    normalised = value.lower() if value.lower() == "year" else value.upper()
    if normalised not in PERIODS:
        raise CellError(f"{value!r} is not a period: one of {', '.join(PERIODS)}")
    return normalised


def quarter(cell) -> int:
    value = text(cell).upper().removeprefix("Q")
    if value not in ("1", "2", "3", "4"):
        raise CellError(f"{text(cell)!r} is not a quarter: 1, 2, 3 or 4")
    return int(value)


def published_field(cell) -> str:
    value = required_text(cell).lower().replace(" ", "_")
    if problem := published.field_problem(value):
        raise CellError(problem)
    return value


def yes_no(cell) -> bool:
    value = text(cell).lower()
    if not value or value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(f"{text(cell)!r} is not yes or no")
