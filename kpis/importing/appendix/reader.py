"""Reading a council's committee appendix (Appendix 1 and 1b) into the import contract's rows.

Councils keep years of history in the appendix layout: one row per indicator, months as
columns, then the quarters' year-to-date figures, targets, arrows and statuses; Appendix 1b
lists the failed indicators with their commentary. `read_appendix` turns such a workbook
into the rows kpis.services.imports.write_data writes, with a note for every cell it could not take
as it stood, or raises WorkbookError listing every problem as `Sheet!ROW column: reason`.

Where each kind of cell goes (Thurrock's Q3 2016/17 appendix is the model):
- a month's cell is that month's reading;
- "Qtr N YTD" is the council's own figure for the year to date, kept as printed (Published
  `figure`); for an indicator with no monthly figures in that quarter it is also the
  quarter's reading, on the quarter's last month;
- outturn, benchmark and target columns are outturns, a benchmark and targets, each with
  its text as printed;
- arrows, statuses and the table the row sits in are kept as printed (Published): the
  rules never read them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from kpis.domain import published
from kpis.domain.periods import Month, Quarter, year_label
from kpis.domain.rules import IndicatorSpec
from kpis.domain.terms import Flag, Polarity, Rollup, Section, TargetBasis, TargetKind, label
from kpis.domain.values import ANY_SIGN, unit_problem
from kpis.importing.appendix.cells import (
    CellError,
    Figure,
    figure,
    leading_value,
    printed,
    target_months,
    target_of,
    words,
)
from kpis.importing.appendix.columns import Header, Kind
from kpis.importing.appendix.layout import Alignment, align
from kpis.importing.appendix.tables import AppendixWorkbook, Notes, Table, find_tables
from kpis.importing.contract import TEXT_LIMITS
from kpis.importing.problems import Problem, Problems
from kpis.importing.reader import read_to_the_end
from kpis.importing.rows import (
    BenchmarkRow,
    CommentaryRow,
    OutturnRow,
    PublishedRow,
    ReadingRow,
    TargetRow,
    WorkbookData,
)

BENCHMARK_KIND = "benchmark"  # the appendix's one "Benchmark / Baseline" column names no kind


class KnownIndicator(NamedTuple):
    """What the reader needs of an indicator: the titles a row may give, and its attributes."""

    title: str
    aliases: tuple[str, ...]
    spec: IndicatorSpec


@dataclass(frozen=True)
class AppendixData:
    data: WorkbookData
    notes: list[str]  # one line per cell not taken as it stood, and what was done with it


@dataclass(frozen=True)
class _Row:
    header: Header
    number: int
    cells: list
    alignment: Alignment

    def items(self):
        for position, column in enumerate(self.header.columns):
            index = self.alignment.index(position)
            yield column, self.cells[index] if index < len(self.cells) else None

    @property
    def where(self) -> str:
        return f"{self.header.sheet}!{self.number}"


def read_appendix(source, year: int, indicators: Mapping[str, KnownIndicator | tuple],
                  progress: Callable | None = None) -> AppendixData:
    """The appendix workbook at `source` (a path or a binary file) for financial year `year`
    (2016 = 2016/17), its rows matched by title or alias to `indicators` (code -> title,
    aliases, IndicatorSpec). All or nothing: raises WorkbookError listing every problem."""
    progress = progress or (lambda rows, **kwargs: rows)
    problems = Problems()
    notes = Notes()
    workbook = AppendixWorkbook(source)
    with read_to_the_end(workbook, problems):
        tables = find_tables(workbook, year, problems, notes, progress)
        reader = _Reader(year, {code: KnownIndicator(*known) for code, known in indicators.items()},
                         tables, problems, notes)
        for table in tables:
            reader.read(table)
    return AppendixData(reader.data, notes.lines())


class _Reader:
    def __init__(self, year: int, indicators: dict[str, KnownIndicator], tables: list[Table],
                 problems: list[Problem], notes: Notes):
        self.year, self.indicators, self.problems, self.notes = year, indicators, problems, notes
        self.titles: dict[str, set[str]] = {}
        for code, known in indicators.items():
            for title in (known.title, *known.aliases):
                self.titles.setdefault(words(title), set()).add(code)
        # The quarter the appendix reports: its sections are that quarter's.
        self.latest = max((t.header.quarter or 0 for t in tables if not t.header.is_commentary), default=0) or None
        self.data = WorkbookData()
        self.first_row: dict[str, int] = {}
        self.commentary_rows: dict[str, CommentaryRow] = {}

    def problem(self, row: _Row, column: str | None, reason: str):
        self.problems.append(Problem(row.header.sheet, row.number, column, reason))

    def note(self, row: _Row, column: str, text: str, what: str):
        self.notes.add(row.header.sheet, row.number, f"{row.where} {column}: {text!r} -> {what}")

    def read(self, table: Table):
        header = table.header
        if header.is_commentary:
            self.notes.add(header.sheet, header.row,
                           f"{header.sheet}!{header.row}: Appendix 1b: only the titles and the Commentary column are "
                           "read; its figures, targets, arrows and statuses repeat Appendix 1")
        texts = [(number, [printed(cell) for cell in cells]) for number, cells in table.rows]
        alignments = align(header, texts, self.problems)
        for number, cells in table.rows:
            if number not in alignments:
                continue
            row = _Row(header, number, cells, alignments[number])
            if row.alignment.why:
                self.notes.add(header.sheet, number, row.alignment.why)
            code = self.code(row)
            if code is None:
                continue
            if header.is_commentary:
                self.commentary(row, code)
            else:
                self.indicator(row, code, self.indicators[code].spec, table.section)

    def code(self, row: _Row) -> str | None:
        title = printed(row.cells[0])
        if not title:
            self.problem(row, row.header.title, "has figures but no indicator title")
            return None
        codes = self.titles.get(words(title), set())
        if len(codes) == 1:
            return next(iter(codes))
        reason = (f"{title!r} is the title or an alias of more than one indicator ({', '.join(sorted(codes))})"
                  if codes else f"{title!r} is not the title or an alias of a known indicator")
        self.problem(row, row.header.title, reason)
        return None

    # --- Appendix 1 ------------------------------------------------------------------

    def indicator(self, row: _Row, code: str, spec: IndicatorSpec, section: Section | None):
        if code in self.first_row:
            self.problem(row, row.header.title, f"{code} is already in the appendix (row {self.first_row[code]})")
            return
        self.first_row[code] = row.number
        readings: dict[Month, ReadingRow] = {}
        quarter_cells = {}
        for column, cell in row.items():
            text = printed(cell)
            if not text:
                continue
            if column.kind is Kind.MONTH:
                if found := self.figure(row, column.label, cell, spec):
                    readings[column.month] = ReadingRow(row.number, code, column.month, found.value, None, None,
                                                        found.flag, found.note)
            elif column.kind is Kind.QUARTER:
                quarter_cells[column.quarter] = (column.label, cell, text)
            elif column.kind is Kind.OUTTURN:
                self.outturn(row, code, spec, column.label, column.year, text)
            elif column.kind is Kind.BENCHMARK:
                self.benchmark(row, code, spec, column.label, text)
            elif column.kind is Kind.TARGET:
                self.target(row, code, spec, column.label, column.period, text)
            elif column.kind is Kind.DOT_YEAR:
                self.published(row, code, column.quarter or self.latest, published.DOT_YEAR, text, column.label)
            elif column.kind is Kind.DOT_MONTH:
                self.published(row, code, column.quarter, column.field, text, column.label)
            elif column.kind is Kind.STATUS:
                self.published(row, code, column.quarter or self.latest, published.STATUS, text, column.label)
        with_months = {month.quarter.number for month in readings}
        unread: set[int] = set()  # quarters whose cell is a problem already: said once, not again
        for number in sorted(quarter_cells):
            if not self.quarter_figure(row, code, spec, number, *quarter_cells[number], readings, with_months, unread):
                unread.add(number)
        self.data.readings.extend(readings[month] for month in sorted(readings))
        if section is not None and self.latest:
            self.published(row, code, self.latest, published.SECTION, section.value, row.header.title)

    def figure(self, row: _Row, column: str, cell, spec: IndicatorSpec) -> Figure | None:
        try:
            found = figure(cell, spec)
        except CellError as error:
            self.problem(row, column, str(error))
            return None
        text = printed(cell)
        if found and found.flag is not Flag.NONE:
            self.note(row, column, text, f"flag {label(found.flag).lower()}, the text kept as the note")
        elif found and found.note:
            self.note(row, column, text, f"{found.value}, {found.note!r} kept as the note")
        return found

    def quarter_figure(self, row: _Row, code: str, spec: IndicatorSpec, number: int, column: str, cell, text: str,
                       readings: dict[Month, ReadingRow], with_months: set[int], unread: set[int]) -> bool:
        """ "Qtr N YTD": the council's figure, kept as printed; the quarter's reading too when
        the indicator has no monthly figures in the quarter (quarterly, termly, annual).
        False when the cell cannot be read."""
        self.published(row, code, number, published.FIGURE, text, column)
        if number in with_months:
            return True
        found = self.figure(row, column, cell, spec)
        if found is None:
            return False
        if found.value is not None and number > 1 and spec.rollup is Rollup.SUM \
                and spec.target_basis is TargetBasis.YTD:
            found = self.own_amount(row, column, text, found, number, readings, unread)
            if found is None:
                return False
        month = Quarter(self.year, number).last_month
        readings[month] = ReadingRow(row.number, code, month, found.value, None, None, found.flag, found.note)
        return True

    def own_amount(self, row: _Row, column: str, text: str, found: Figure, number: int,
                   readings: dict[Month, ReadingRow], unread: set[int]) -> Figure | None:
        """A sum judged on the year to date prints running totals (Thurrock's LAC 359, 476, 669);
        a reading holds the quarter's own amount, so the quarters before are taken off."""
        before = [r for r in readings.values() if r.month.quarter.number < number]
        accounted = {r.month.quarter.number for r in before if r.value is not None or r.flag is Flag.NOT_DUE}
        missing = [n for n in range(1, number) if n not in accounted]
        if unread & set(missing):
            return None
        if missing:
            self.problem(row, column, f"{text!r} is a running total (a sum judged on the year to date), but "
                                      f"Qtr {missing[0]} has no figure to take from it")
            return None
        counted = sum((r.value for r in before if r.value is not None), Decimal(0))
        amount = found.value - counted
        if amount < 0:
            self.problem(row, column, f"{text!r} is less than the {counted} counted before Qtr {number}: "
                                      "not a running total")
            return None
        self.note(row, column, text, f"{amount} for Qtr {number} alone: a sum holds each quarter's own amount "
                                     f"({text} to date less {counted} before)")
        return Figure(amount, found.flag, f"{text} to date, as printed")

    def outturn(self, row: _Row, code: str, spec: IndicatorSpec, column: str, year: int, text: str):
        if words(text).startswith("n/a"):
            self.note(row, column, text, f"no outturn for {year_label(year)}")
            return
        value = self.value_of(row, column, text, spec, ("Outturns", "text"))
        if value is not False:
            self.data.outturns.append(OutturnRow(row.number, code, year, value, text))

    def benchmark(self, row: _Row, code: str, spec: IndicatorSpec, column: str, text: str):
        if words(text).startswith("n/a"):
            self.note(row, column, text, "no benchmark")
            return
        value = self.value_of(row, column, text, spec, ("Benchmarks", "text"))
        if value is not False:
            self.data.benchmarks.append(BenchmarkRow(row.number, code, self.year, BENCHMARK_KIND, value, text))

    def value_of(self, row: _Row, column: str, text: str, spec: IndicatorSpec, limit: tuple[str, str]):
        """The number an outturn or benchmark text leads with (None: kept as text only);
        False when the cell is a problem."""
        value, _, why = leading_value(text, spec)
        problem = unit_problem(value, spec.unit, ANY_SIGN) or self.too_long(text, limit)
        if problem:
            self.problem(row, column, problem)
            return False
        if value is None:
            self.note(row, column, text, f"kept as text: no value could be read ({why})")
        elif why:
            self.note(row, column, text, f"{value}: {why}")
        return value

    def too_long(self, text: str, limit: tuple[str, str]) -> str | None:
        most = TEXT_LIMITS[limit]
        return f"is {len(text)} characters long; at most {most} are kept" if len(text) > most else None

    def target(self, row: _Row, code: str, spec: IndicatorSpec, column: str, period: str, text: str):
        try:
            found = target_of(text, spec, target_months(spec, period))
        except CellError as error:
            self.problem(row, column, str(error))
            return
        if problem := self.too_long(text, ("Targets", "text")):
            self.problem(row, column, problem)
            return
        kind, why = found.kind, found.why
        if spec.polarity is Polarity.NONE and kind in (TargetKind.ABSOLUTE, TargetKind.REDUCTION):
            kind = TargetKind.BASELINE
            why = "; ".join(filter(None, [why, "a measure with no polarity has no target to meet: kept as a baseline"]))
        if why:
            shown = f"{kind.value} {found.value}" if found.value is not None else kind.value
            self.note(row, column, text, f"target of kind {shown}: {why}")
        self.data.targets.append(TargetRow(row.number, code, self.year, period, found.value, kind, text))

    def published(self, row: _Row, code: str, quarter: int | None, name: str, text: str, column: str):
        if quarter is None:
            self.problem(row, column, "no quarter to keep it for: the appendix names none")
            return
        self.data.published.append(PublishedRow(row.number, code, self.year, quarter, name, text))

    # --- Appendix 1b -----------------------------------------------------------------

    def commentary(self, row: _Row, code: str):
        for column, cell in row.items():
            text = printed(cell)
            if column.kind is not Kind.COMMENTARY or not text:
                continue
            quarter = row.header.quarter or self.latest
            earlier = self.commentary_rows.get(code)
            if earlier is not None:
                if earlier.text != text:
                    self.problem(row, column.label, f"differs from the commentary for {code} at row {earlier.row}")
                else:
                    self.notes.add(row.header.sheet, row.number, f"{row.where} {column.label}: repeats row "
                                                                 f"{earlier.row}; read once")
                return
            if quarter is None:
                self.problem(row, column.label, "no quarter to keep it for: the appendix names none")
                return
            self.commentary_rows[code] = CommentaryRow(row.number, code, self.year, quarter, text)
            self.data.commentary.append(self.commentary_rows[code])
