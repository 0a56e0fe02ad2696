"""A worksheet written row by row, in openpyxl's write-only mode: each row goes to the file as
it is appended, so a sheet of 33,000 rows costs what writing its values costs, not a cell
object kept per value and a second pass to save them.

What write-only mode asks: everything about the sheet (column widths, frozen panes, print
set-up) is set before its first row, a row's height before the row, and each cell's style as
it is made. The styles are shared: each combination is built once and copied to every cell
that has it. Text people typed stays text (reports.excel.text).
"""

from copy import copy

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

from reports.excel.text import FORMULA_STARTS

DEFAULT_WIDTH = 13  # openpyxl's width for a column given none


class RowSheet:
    """A write-only sheet of `workbook` named `name`, its columns `widths` wide (letter -> width)."""

    def __init__(self, workbook, name: str, widths: dict[str, float] | None = None):
        self.sheet = workbook.create_sheet(name)
        self.widths = dict(widths or {})
        for letter, width in self.widths.items():
            self.sheet.column_dimensions[letter].width = width
        self.line = 0
        self._styles: dict[tuple, object] = {}

    def append(self, values: list, height: float | None = None):
        """The next row: values or cells (self.cell), text kept as text; `height` in points."""
        self.line += 1
        if height:
            self.sheet.row_dimensions[self.line].height = height
        self.sheet.append([self.cell(value) if isinstance(value, str) and _unsafe(value) else value
                           for value in values])

    def cell(self, value, *, font=None, fill=None, alignment=None, number_format=None):
        """A cell holding `value` with the given style objects; a text that a spreadsheet would
        take for a formula (or that openpyxl would store as one, or as an error) is stored as
        text with Excel's quote prefix."""
        cell = WriteOnlyCell(self.sheet, value)
        quoted = False
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl takes "=..." for a formula and "#N/A" for an error
            quoted = value.startswith(FORMULA_STARTS)
        if font is None and fill is None and alignment is None and number_format is None and not quoted:
            return cell
        key = (id(font), id(fill), id(alignment), number_format, quoted)
        style = self._styles.get(key)
        if style is None:
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
            if alignment is not None:
                cell.alignment = alignment
            if number_format is not None:
                cell.number_format = number_format
            cell.quotePrefix = quoted
            # The style objects are kept with it, so no other object can come to have their ids.
            self._styles[key] = style = (copy(cell._style), font, fill, alignment)
        else:
            cell._style = copy(style[0])
        return cell


def _unsafe(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or text in ERROR_CODES
