"""Where the tables of a committee appendix are. No database.

Every sheet is scanned top to bottom; a header row (kpis.importing.appendix.columns) starts a table
and the rows under it belong to it until the next header. Each table is a section of the
appendix: Thurrock's Appendix 1 has indicators achieving, indicators failing, the
health/wealth of the borough and demand indicators; Appendix 1b has the failed indicators
with their commentary.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from kpis.domain.terms import Section
from kpis.importing.appendix.cells import printed, words
from kpis.importing.appendix.columns import Header, is_header, read_header
from kpis.importing.problems import Problem
from kpis.importing.reader import open_workbook


@dataclass
class Table:
    header: Header
    section: Section | None  # None for Appendix 1b
    rows: list[tuple[int, list]] = field(default_factory=list)  # (sheet row, cells)


class Notes:
    """What the reader did with cells it could not take as they stood, in sheet and row order."""

    def __init__(self):
        self._lines: list[tuple[int, int, int, str]] = []
        self._sheets: dict[str, int] = {}

    def add(self, sheet: str, row: int, text: str):
        position = self._sheets.setdefault(sheet, len(self._sheets))
        self._lines.append((position, row, len(self._lines), text))

    def lines(self) -> list[str]:
        return [text for *_, text in sorted(self._lines)]


class AppendixWorkbook:
    """The workbook (kpis.importing.xlsx), read sheet by sheet; a formula Excel never calculated is a problem."""

    def __init__(self, source):
        self.file = open_workbook(source)
        self.sheetnames = self.file.sheetnames

    def rows(self, name: str, problems: list[Problem], progress: Callable):
        """(number, cells) for every row of sheet `name`."""
        said, rows = self.file.sheet_rows(name)
        for number, cells in progress(rows, total=said, desc=name):
            for index, cell in enumerate(cells):
                if cell.formula and cell.value is None:
                    problems.append(Problem(name, number, get_column_letter(index + 1),
                                            f"the formula {cell.formula} has no saved result: open the file in a "
                                            "spreadsheet program, let it calculate, save it and import again"))
            yield number, cells

    def close(self):
        self.file.close()


def find_tables(workbook: AppendixWorkbook, year: int, problems: list[Problem], notes: Notes,
                progress: Callable) -> list[Table]:
    """Every table of every sheet: a header row and the rows under it, to the next header."""
    tables: list[Table] = []
    plain = 0
    for name in workbook.sheetnames:
        table = None
        for number, cells in workbook.rows(name, problems, progress):
            if is_header(cells):
                header = read_header(name, number, cells, year, problems)
                for text in header.notes:
                    notes.add(name, number, text)
                section = None
                if not header.is_commentary:
                    section, plain = _section(header, plain, problems)
                table = Table(header, section)
                tables.append(table)
                continue
            texts = [printed(cell) for cell in cells]
            if table is None or not any(texts):
                continue  # the page's own title, above the first table
            if texts[0] and not any(texts[1:]):
                notes.add(name, number, f"{name}!{number}: {texts[0]!r} has nothing beside it: not an indicator "
                                        "row; not read")
                continue
            table.rows.append((number, cells))
    if not tables:
        problems.append(Problem("Workbook", reason="no appendix table found: a header row starts with the "
                                                   "indicator title and has month columns such as Apr-16"))
    return tables


def _section(header: Header, plain: int, problems: list[Problem]) -> tuple[Section | None, int]:
    """The section from the table's title; the two "Performance Indicator Title" tables of
    Appendix 1 have the same title, so they are told apart by order: achieving, then failing."""
    title = words(header.title)
    if "demand" in title:
        return Section.DEMAND, plain
    if "health" in title or "wealth" in title:
        return Section.CONTEXT, plain
    if plain >= 2:
        problems.append(Problem(header.sheet, header.row, header.title,
                                "a third table of indicators: Appendix 1 has one of indicators achieving and "
                                "one of indicators failing, then health/wealth and demand tables"))
        return None, plain + 1
    return (Section.ACHIEVING, Section.FAILING)[plain], plain + 1
