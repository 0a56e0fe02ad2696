"""How a figure, a status and an arrow are written: once, for every page, chart, workbook
and message. Pure Python.

A status or a direction is always a word with its mark ("Achieved ✓", "↑ Better"),
never a colour or a glyph alone.
"""

from decimal import Decimal

from kpis.domain.rules import to_precision
from kpis.domain.terms import ARROWS, STATUS_MARKS, Direction, Status, Unit, label

NOTHING = "–"


def figure_text(value: Decimal | None, unit: Unit, decimals: int) -> str:
    """At the indicator's decimals: 80.04%, 5,838, 1:57 (mm:ss), £1,250k."""
    if value is None:
        return NOTHING
    if unit is Unit.TIME:
        # Times are kept in seconds and written mm:ss, as the council's call-centre rows are.
        seconds = int(to_precision(value, 0))
        sign = "-" if seconds < 0 else ""
        minutes, seconds = divmod(abs(seconds), 60)
        return f"{sign}{minutes}:{seconds:02d}"
    rounded = to_precision(value, decimals)
    sign = "-" if rounded < 0 else ""
    number = f"{abs(rounded):,.{decimals}f}"
    if unit is Unit.PERCENT:
        return f"{sign}{number}%"
    if unit is Unit.CURRENCY:
        return f"{sign}£{number}k"
    return f"{sign}{number}"


def plain_number(value: Decimal) -> str:
    """A figure as it was given, without the trailing zeros or exponent Decimal may carry:
    80.50 -> "80.5", 1E+3 -> "1000". For messages, history and fields an officer edits."""
    return f"{value.normalize():f}"


def decimal_places(value: Decimal) -> int:
    """The places a figure has once trailing zeros go: 487.50 -> 1, 650 -> 0."""
    return max(-value.normalize().as_tuple().exponent, 0)


def target_figure_text(value: Decimal | None, unit: Unit, decimals: int) -> str:
    """A target keeps the places it has: a profiled "650 by year end" is 487.5 at Q3, not 488."""
    if value is None:
        return NOTHING
    return figure_text(value, unit, max(decimals, decimal_places(value)))


def status_text(status: Status | None) -> str:
    """ "Achieved ✓", "Failed ✗", "Amber !"."""
    return f"{label(status)} {STATUS_MARKS[status]}" if status else NOTHING


def direction_text(direction: Direction | None) -> str:
    """ "↑ Better", "→ Static", "↓ Worse", "↑ Higher"."""
    return f"{ARROWS[direction]} {label(direction)}" if direction else NOTHING
