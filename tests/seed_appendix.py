"""The committee appendix of Thurrock's Q3 2016/17 paper as a spreadsheet, cell for cell.

Lines FIRST..LAST of fixtures/seeds/000_8505a985e969fe5f.txt are Appendix 1 and 1b with
their cells separated by tabs; each line becomes one row of one sheet, each cell a string
exactly as printed ("45 (YTD 41.9)", "1,112", the demand table's stray "42705"). Row 1 of
the sheet is line FIRST, so line N is row N - FIRST + 1.
"""

from pathlib import Path

from openpyxl import Workbook

from fixtures.thurrock_2016_17 import SEED

FIRST = 1226  # "Appendix 1: Corporate Performance KPIs Quarter 3 2016/17"
LAST = 1306  # the last row of Appendix 1b (the unemployment rate)
SHEET = "Appendix 1"


def seed_lines() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[FIRST - 1].startswith("Appendix 1: Corporate Performance KPIs"), "the seed has moved"
    assert lines[LAST - 1].startswith("Unemployment rate") and lines[LAST + 1].startswith("**Corporate Overview")
    return lines[FIRST - 1:LAST]


def row_of(line: int) -> int:
    """The sheet row of a seed line."""
    return line - FIRST + 1


def seed_rows() -> list[list]:
    """The appendix lines as rows of cells; an empty cell is a blank cell."""
    return [[cell or None for cell in line.split("\t")] if line else [] for line in seed_lines()]


def write_appendix(path: Path, rows: list[list] | None = None, sheet: str = SHEET) -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in seed_rows() if rows is None else rows:
        worksheet.append(row)
    workbook.save(path)
    return path


def find_row(rows: list[list], title: str, after: int = 0) -> int:
    """The index in `rows` of the first row from `after` whose first cell starts with `title`."""
    return next(i for i, row in enumerate(rows) if i >= after and row and (row[0] or "").startswith(title))
