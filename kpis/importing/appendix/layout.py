"""Rows that sit one column off their headers. Pure Python.

An appendix is typed by hand, and a row's tail can slip one column to the right of its
headers: Thurrock's Q3 2016/17 two-year-olds row prints its Qtr 3 figure 741 under
"Qtr 3 Target" and its statuses one column late. Arrows and status words say where a
row's cells belong: each must sit under a DOT or a status header. So a row whose arrows
or statuses are out of place, or that runs past its header's last column, is read one
column left from the latest column that puts every arrow under a DOT header and every
status word under a status header, the cell it skips being blank. No single such column:
the row is a problem. Nothing here names a row.
"""

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from kpis.importing.appendix.cells import flag_of, is_arrow, is_status
from kpis.importing.appendix.columns import Column, Header, Kind
from kpis.importing.problems import Problem

_DOT = (Kind.DOT_YEAR, Kind.DOT_MONTH)


@dataclass(frozen=True)
class Alignment:
    """How a row's cells line up with its header: from header position `shift` on, each
    header reads the cell one column to its right."""

    shift: int | None = None
    why: str = ""  # the note saying so, for a row read one column left

    def index(self, position: int) -> int:
        return position if self.shift is None or position < self.shift else position + 1


def _misfit(column: Column, text: str) -> str | None:
    if not text:
        return None
    if column.kind in _DOT:
        return None if is_arrow(text) or flag_of(text) else f"{text!r} is not an arrow or a flag"
    if column.kind is Kind.STATUS:
        return None if is_status(text) or flag_of(text) else f"{text!r} is not a status or a flag"
    if column.kind is Kind.BLANK:
        return f"{text!r} has no header"
    if column.kind is not Kind.COMMENTARY and (is_arrow(text) or is_status(text)):
        return f"{text!r} is an arrow or a status outside the DOT and status columns"
    return None


def misfit(texts: list[str], columns: tuple[Column, ...], alignment: Alignment) -> tuple[str, str] | None:
    """(column, reason) of the first cell out of place when read this way, or None."""
    for position, column in enumerate(columns):
        index = alignment.index(position)
        if reason := _misfit(column, texts[index] if index < len(texts) else ""):
            return column.label, reason
    first_unread = alignment.index(len(columns))
    for index in range(first_unread, len(texts)):
        if texts[index]:
            return f"column {get_column_letter(index + 1)}", f"{texts[index]!r} is beyond the header's last column"
    return None


def fitting_shifts(texts: list[str], columns: tuple[Column, ...]) -> list[int]:
    """Every header position from which reading one column right leaves nothing out of place."""
    return [shift for shift in range(1, len(columns))
            if not (texts[shift] if shift < len(texts) else "") and misfit(texts, columns, Alignment(shift)) is None]


def _moves(texts: list[str], shift: int) -> bool:
    return any(texts[shift + 1:])


def align(header: Header, rows: list[tuple[int, list[str]]], problems: list[Problem]) -> dict[int, Alignment]:
    """How each row (number, printed cells) lines up; a row that cannot be lined up is a problem
    and has no entry.

    A header that lost a stray cell (kpis.importing.appendix.columns) was typed against its rows as
    printed, so its rows share one layout: the column from which the rows that must shift all
    can, and a row with nothing out of place either way (Thurrock's KSI row, with one "n/a"
    among the arrows) is read the same way as the rest of its table.
    """
    columns, sheet = header.columns, header.sheet
    found = {number: misfit(texts, columns, Alignment()) for number, texts in rows}
    shifts = {number: fitting_shifts(texts, columns) for number, texts in rows}
    shared = None
    needing = [number for number, _ in rows if found[number]]
    if header.stray and needing:
        common = set.intersection(*(set(shifts[number]) for number in needing))
        shared = max(common, default=None)
    alignments = {}
    for number, texts in rows:
        if found[number] is None:
            if shared is not None and shared in shifts[number] and _moves(texts, shared):
                alignments[number] = Alignment(shared, f"{sheet}!{number}: read like the other rows of its table: "
                                                       f"cells from column {get_column_letter(shared + 2)} on sit "
                                                       "one column right of their headers; read one column left")
            else:
                alignments[number] = Alignment()
            continue
        if not shifts[number]:
            column, reason = found[number]
            problems.append(Problem(sheet, number, column, f"{reason}, and no shift of the row's cells by one "
                                                            f"column puts its arrows and statuses under their headers"))
            continue
        shift = shared if shared is not None else max(shifts[number])
        alignments[number] = Alignment(shift, f"{sheet}!{number}: cells from column {get_column_letter(shift + 2)} "
                                              "on sit one column right of their headers; read one column left")
    return alignments
