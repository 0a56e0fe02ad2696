"""What one printed cell of a committee appendix says. Pure Python: no Django, no database.

The appendix is a report, not a data sheet: its cells hold "45 (YTD 41.9)", "92.30%",
"1,112", "Not due (Termly)", "50 per month", "2250 Baseline". These functions say what
each means for an indicator, or raise CellError saying why it cannot be read; kpis/importing/appendix/reader.py
decides where the meaning goes and notes what it did.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from kpis.domain import published
from kpis.domain.rules import IndicatorSpec
from kpis.domain.terms import ARROWS, Flag, Rollup, TargetBasis, TargetKind, Unit
from kpis.domain.values import ANY_SIGN, CellError, duration, number, unit_problem
from kpis.domain.writing import plain_number

# A number at the start of a printed text, as the council writes it: "1,112", "-2485", "0.2", "92.30%".
_LEADING = re.compile(r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)(?=[\s%(]|$)\s*(%?)\s*(.*)$", re.S)
# "58% (5838)": a share, then the count it stands for.
_BRACKETED = re.compile(r"^\(\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*\)")
# A figure with a remark in brackets after it: "45 (YTD 41.9)", "0.81 (5.5)", "37.8 (15/16)".
_REMARK = re.compile(r"^(.*?)\s*(\([^()]*\))$", re.S)
_PER_MONTH = re.compile(r"^(?:per|a)\s+month\b", re.I)
_UNITS_WITH_PERCENT = (Unit.PERCENT, Unit.NUMBER)
FIGURE_FORMS = ("a number, a number with a remark in brackets, or a flag "
                "(Not due, Qtr in arrears, new govt. method, n/a)")


class _Text:
    """A printed text in the shape kpis.domain.values's readers read (a cell with a value)."""

    number_format = "General"

    def __init__(self, value):
        self.value = value


@dataclass(frozen=True)
class Figure:
    """A month's or quarter's cell: a value, or a flag saying why there is none; the note
    keeps what else was printed ("(YTD 41.9)", "Not due (Termly)")."""

    value: Decimal | None
    flag: Flag = Flag.NONE
    note: str = ""


@dataclass(frozen=True)
class TargetReading:
    kind: TargetKind
    value: Decimal | None
    why: str = ""  # what the reader did, when it did more than take the cell as printed


# --- printed text ----------------------------------------------------------------------


def printed(cell) -> str:
    """The cell as the reader of the paper sees it."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        figure = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{plain_number(figure * 100)}%"
        return plain_number(figure)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, time):
        return f"{value.hour}:{value.minute:02d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def words(text: str) -> str:
    """Case and spacing folded, for comparing what people type."""
    return " ".join(text.split()).casefold()


def flag_of(text: str) -> Flag | None:
    """The flag a printed word stands for, or None. "n/a" in a month is a figure not due."""
    plain = words(text)
    if plain in ("n/a", "na", "n/a."):
        return Flag.NOT_DUE
    if plain.startswith("not due"):
        return Flag.NOT_DUE
    if "in arrears" in plain or plain.startswith("awaiting"):
        return Flag.IN_ARREARS
    if "new govt" in plain or "new government" in plain or "new method" in plain:
        return Flag.NEW_METHOD
    return None


def is_arrow(text: str) -> bool:
    return any(glyph in text for glyph in set(ARROWS.values()))


def is_status(text: str) -> bool:
    return published.published_status(text) is not None


# --- figures (month and quarter cells) ---------------------------------------------------


def figure(cell, spec: IndicatorSpec) -> Figure | None:
    """A month's or a quarter's figure; None for a blank cell. Raises CellError."""
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = value.strip() or None
    if value is None:
        return None
    if isinstance(value, date):
        raise CellError(f"{printed(cell)!r} is a date, not a figure: {FIGURE_FORMS}")
    if not isinstance(value, str):
        result = (duration if spec.unit is Unit.TIME else number)(cell)
        return Figure(_in_unit(result, spec))
    if (flag := flag_of(value)) is not None:
        return Figure(None, flag, value)
    head, remark = value, ""
    if match := _REMARK.match(value):
        head, remark = match[1], match[2]
    if head.endswith("%") and spec.unit not in _UNITS_WITH_PERCENT:
        raise CellError(f"{value!r} is a percentage, but the unit of {spec.code} is {spec.unit.value}")
    try:
        result = (duration if spec.unit is Unit.TIME else number)(_Text(head))
    except CellError:
        raise CellError(f"{value!r} is not a figure: {FIGURE_FORMS}") from None
    if result is None:
        raise CellError(f"{value!r} is not a figure: {FIGURE_FORMS}")
    return Figure(_in_unit(result, spec), Flag.NONE, remark)


def _in_unit(value: Decimal, spec: IndicatorSpec) -> Decimal:
    if problem := unit_problem(value, spec.unit, ANY_SIGN):
        raise CellError(problem)
    return value


# --- figures inside texts (outturns, benchmarks, targets) --------------------------------


def leading_value(text: str, spec: IndicatorSpec) -> tuple[Decimal | None, str, str]:
    """(value, the rest of the text, why) for a text that may lead with a number:
    "95 (March in month)" -> 95; "n/a" -> None. A percentage is no value for a count
    ("65% of all stock by year end"), unless the count follows it in brackets ("58% (5838)")."""
    if spec.unit is Unit.TIME:  # "2:00", a time written mm:ss
        head, _, rest = text.strip().partition(" ")
        try:
            seconds = duration(_Text(head))
        except CellError:
            seconds = None
        if seconds is not None:
            return seconds, rest.strip(), ""
    match = _LEADING.match(text.strip())
    if not match:
        return None, text, "it does not start with a number"
    try:
        value = number(_Text(match[1]))
    except CellError as error:
        return None, text, str(error)
    rest = match[3].strip()
    if match[2] and spec.unit not in _UNITS_WITH_PERCENT:
        if bracketed := _BRACKETED.match(rest):
            return number(_Text(bracketed[1])), rest[bracketed.end():].strip(), (
                f"{match[1]}% is a share; the {spec.unit.value} is the {bracketed[1]} in brackets")
        return None, rest, f"{match[1]}% is a percentage, but the unit of {spec.code} is {spec.unit.value}"
    return value, rest, ""


def target_of(text: str, spec: IndicatorSpec, months: int) -> TargetReading:
    """A printed target for a span of `months` months (9 for "Qtr 3 Target" judged on the
    year to date, 12 for the year). Raises CellError for a value outside the unit."""
    plain = words(text)
    if plain.startswith("no target"):
        return TargetReading(TargetKind.NONE, None)
    value, rest, why = leading_value(text, spec)
    if "baseline" in plain:
        return TargetReading(TargetKind.BASELINE, _in_unit(value, spec) if value is not None else None, why)
    if value is None:
        return TargetReading(TargetKind.NONE, None, f"no value could be read ({why}), so it is not judged")
    if _PER_MONTH.match(rest) and spec.rollup is Rollup.SUM:
        # "50 per month" for homes transformed, a count added up month by month: the target for a
        # span is the monthly rate times its months (Qtr 3 to date: 9 x 50 = 450).
        total = value * months
        return TargetReading(TargetKind.ABSOLUTE, _in_unit(total, spec),
                             f"{plain_number(value)} a month for {months} months = {plain_number(total)}")
    return TargetReading(TargetKind.ABSOLUTE, _in_unit(value, spec), why)


def target_months(spec: IndicatorSpec, period: str) -> int:
    """How many months a target for `period` covers: the year to date, or the quarter alone."""
    if period == "year":
        return 12
    quarter = int(period.removeprefix("Q"))
    return 3 if spec.target_basis is TargetBasis.QUARTER else 3 * quarter
