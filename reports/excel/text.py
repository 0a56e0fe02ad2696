"""Text people typed stays text in every workbook and CSV we write, never a formula.

A title, a commentary or a target's words beginning with "=", "+", "-", "@", a tab or a
carriage return are what a spreadsheet program takes for the start of a formula
(`=HYPERLINK("http://…"&A1,"x")` would send the sheet's cells away); openpyxl itself stores
any str beginning with "=" as a formula. We write no formulas of our own: every figure is the
rules', computed before it reaches a sheet, so every formula in a workbook we built is text.
Every workbook's cells are written by reports.excel.sheet.RowSheet, which stores each text as
text and gives one a spreadsheet would read as a formula Excel's quote prefix, so editing the
cell keeps it text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP, "CSV Injection"


def csv_text(value):
    """A CSV field a spreadsheet opens as text: a leading formula character gets an apostrophe
    (OWASP); the csv module's quoting does the rest. Numbers are left as numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
