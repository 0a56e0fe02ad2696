"""An officer's typed figure, read and checked in the indicator's unit. Pure Python.

The same cell readers as the workbook import (kpis.domain.values), so "1,112", "90.9%" and
"2:05" mean the same typed or imported; entry is stricter where a form can be: a count
is a whole number.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain import values
from kpis.domain.periods import Month
from kpis.domain.rules import IndicatorSpec
from kpis.domain.terms import Flag, Frequency, Unit

# How far outside the range of the last 12 readings a figure may fall before the
# officer is asked to confirm it (a typo such as 9.1 for 91 is the usual cause).
OUTLIER_LOOKBACK = 12
OUTLIER_MINIMUM_HISTORY = 3


class EntryError(ValueError):
    """A typed value that cannot be taken; the message names the problem in words."""


@dataclass(frozen=True)
class _Typed:
    value: object
    number_format: str = "General"


# "97,5" or "1.234,5": a decimal comma, as many keyboards and spreadsheets outside the UK write
# it. "1,112" stays a thousands separator (kpis.domain.values), as in the council's workbooks.
_DECIMAL_COMMA = re.compile(r"^[-+]?(\d+|\d{1,3}(\.\d{3})+),\d+%?$")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(,\d{3})+%?$")


def _read(parse, text: str):
    typed = text.strip()
    if _DECIMAL_COMMA.match(typed) and not _GROUPED.match(typed):
        example = typed.replace(".", "").replace(",", ".").removesuffix("%")
        raise EntryError(f"Use a full stop for decimals, for example {example}")
    try:
        return parse(_Typed(text.strip() or None))
    except values.CellError as error:
        raise EntryError(str(error)) from None


def parse_value(spec: IndicatorSpec, text: str) -> Decimal | None:
    """A figure in the indicator's unit, checked as the import checks it (values.unit_problem):
    percent 0-100, no sign but for a number or money (£k); a time as mm:ss (stored in
    seconds). Stricter where a form can be: a count is a whole number."""
    value = _read(values.duration if spec.unit is Unit.TIME else values.number, text)
    if value is None:
        return None
    if spec.unit is Unit.COUNT and (value < 0 or value != value.to_integral_value()):
        raise EntryError(f"{value} is not a count: use a whole number of 0 or more")
    if problem := values.unit_problem(value, spec.unit):  # as the import checks it
        raise EntryError(problem)
    return value


def parse_count(text: str, field: str) -> Decimal | None:
    value = _read(values.number, text)
    if value is not None and value < 0:
        raise EntryError(f"the {field} cannot be negative")
    return value


def ratio_value(spec: IndicatorSpec, numerator: Decimal, denominator: Decimal) -> Decimal:
    """The figure computed from its parts (never typed twice)."""
    if denominator <= 0:
        raise EntryError("the denominator must be more than 0")
    if spec.unit is Unit.PERCENT and numerator > denominator:
        raise EntryError(f"the numerator {numerator} is larger than the denominator {denominator}")
    value = numerator / denominator * spec.per
    return value.quantize(Decimal(1).scaleb(-values.MAX_DECIMAL_PLACES))


def outside_usual_range(value: Decimal, history: list[Decimal], unit: Unit = Unit.NUMBER
                        ) -> tuple[Decimal, Decimal] | None:
    """The usual range [min - range, max + range] of the last readings when `value` falls
    outside it, else None. Too little history: no check. The range stays within what `unit`
    allows: never below 0 for a unit that cannot be negative, nor above 100 for a percentage
    (bins at 99.8, 96.5 and 97.8 would otherwise call 105.1% usual)."""
    recent = history[-OUTLIER_LOOKBACK:]
    if len(recent) < OUTLIER_MINIMUM_HISTORY:
        return None
    low, high = min(recent), max(recent)
    spread = high - low
    lower, upper = low - spread, high + spread
    if unit is Unit.PERCENT or unit in values.NON_NEGATIVE_UNITS:
        lower = max(lower, Decimal(0))
    if unit is Unit.PERCENT:
        upper = min(upper, Decimal(100))
    return None if lower <= value <= upper else (lower, upper)


def is_due(spec: IndicatorSpec, month: Month) -> bool:
    """Whether a figure is expected for `month`: monthly every month, quarterly and termly
    on a quarter's last month, annual on the year's last month (March)."""
    if spec.frequency is Frequency.MONTHLY:
        return True
    if spec.frequency is Frequency.ANNUAL:
        return month.number == 12
    return month == month.quarter.last_month


FLAGS_OFFICERS_SET = (Flag.NONE, Flag.PROVISIONAL, Flag.NOT_DUE, Flag.IN_ARREARS, Flag.NEW_METHOD)
