"""What the council printed, read back. Pure Python: no Django, no database.

The council's own statuses and arrows are kept as printed (the `Published` sheet) so
the product can show where its rules and the paper disagree. They are never an input
to kpis.domain.rules: this module only says what a printed word or arrow means.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.periods import Month
from kpis.domain.terms import ARROWS, Direction, Polarity, Section, Status, SummaryMeasure

# The fields of one indicator-quarter in the `Published` sheet.
STATUS = "status"
DOT_YEAR = "dot_year"
DOT_QUARTER = "dot_quarter"
FIGURE = "figure"  # the quarter or YTD figure as printed
SECTION = "section"  # where the appendix placed the row
FIELDS = (STATUS, DOT_YEAR, DOT_QUARTER, FIGURE, SECTION)
# "DOT between Month 7 and Month 6": October against September, in financial-year months.
_MONTH_PAIR = re.compile(r"^dot_month_(\d{1,2})_(\d{1,2})$")
MONTH_PAIR_FORMAT = "dot_month_M_N"

# The appendix's sections, as a `section` value may name them.
PRINTED_SECTIONS = (Section.ACHIEVING, Section.FAILING, Section.CONTEXT, Section.DEMAND)

# What each summary measure counts (the report's section 3.2).
SUMMARY_VALUES = {
    SummaryMeasure.STATUSES: tuple(Status),
    SummaryMeasure.DOT_YEAR: (Direction.BETTER, Direction.STATIC, Direction.WORSE),
    SummaryMeasure.DOT_QUARTER: (Direction.BETTER, Direction.STATIC, Direction.WORSE),
}

_PRINTED_STATUSES = {status.value: status for status in Status}
_POLAR = {ARROWS[d]: d for d in (Direction.BETTER, Direction.STATIC, Direction.WORSE)}
_UNPOLAR = {ARROWS[d]: d for d in (Direction.HIGHER, Direction.STATIC, Direction.LOWER)}


@dataclass(frozen=True)
class PublishedShare:
    """One line of the council's printed summary: "Achieved 55%" (22)."""

    percent: Decimal
    count: int | None = None


# --- fields ----------------------------------------------------------------------------


def month_pair_field(month: Month) -> str:
    """The field of `month` against the month before: October is "dot_month_7_6"."""
    return f"dot_month_{month.number}_{month.previous().number}"


def field_problem(name: str) -> str | None:
    """Why `name` is not a field of the `Published` sheet, or None when it is one."""
    if name in FIELDS:
        return None
    match = _MONTH_PAIR.match(name)
    if not match:
        return f"{name!r} is not one of {', '.join(FIELDS)} or {MONTH_PAIR_FORMAT}"
    later, earlier = int(match[1]), int(match[2])
    if not 2 <= later <= 12 or later != earlier + 1:
        return (
            f"{name!r} is not a pair of consecutive months of one financial year: "
            f"{MONTH_PAIR_FORMAT} with M = N + 1 and M from 2 to 12 (dot_month_7_6 is October against September)"
        )
    return None


def _plain(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


# --- interpretation --------------------------------------------------------------------


def published_status(text: str | None) -> Status | None:
    """ "Achieved" -> achieved, "Failed" -> failed, "Green" / "Amber" / "Red"; anything else
    ("Qtr in arrears", "new govt. method", "Not due (Termly)", a blank) is no status."""
    return _PRINTED_STATUSES.get(_plain(text))


def published_direction(text: str | None, polarity: Polarity) -> Direction | None:
    """The council's arrow: ↑ better, → static, ↓ worse; for a measure with no polarity
    ↑ higher and ↓ lower. Anything else is no direction."""
    arrows = _UNPOLAR if polarity is Polarity.NONE else _POLAR
    # In Focus pages print the word beside the arrow ("WORSE ↓"); the arrow decides.
    found = {arrows[glyph] for glyph in arrows if glyph in (text or "")}
    return found.pop() if len(found) == 1 else None


def published_status_of(values: Mapping[str, str]) -> Status | None:
    """The status the council gave one indicator in one quarter (field -> text as printed).

    An in-arrears row is printed "Qtr in arrears" but placed among the achieving or
    failing indicators and counted there on its latest period: Thurrock's Q3 2016/17
    "Achieved 55%" (22 of 40) includes the in-arrears reoffending row.
    """
    printed = values.get(STATUS)
    status = published_status(printed)
    if status is not None or "in arrears" not in _plain(printed):
        return status
    section = _plain(values.get(SECTION))
    if section == Section.ACHIEVING:
        return Status.ACHIEVED
    if section == Section.FAILING:
        return Status.FAILED
    return None


def agreement(computed, published) -> bool | None:
    """Whether the product and the paper say the same; None when either says nothing."""
    if computed is None or published is None:
        return None
    return computed == published
