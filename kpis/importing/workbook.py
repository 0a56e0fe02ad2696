"""Reading an import workbook: every cell checked, every problem reported, nothing written.

The format is the import contract in README.md ("Workbook format"). `read_workbook`
returns plain rows, or raises WorkbookError listing every problem as
`Sheet!ROW column: reason`, so an officer can mend the whole file in one go.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.text import slugify

from kpis.domain import published
from kpis.domain.periods import FIRST_YEAR, LAST_YEAR, Month, PeriodOutOfRange, known_year
from kpis.domain.rules import IndicatorSpec, to_precision
from kpis.domain.terms import (
    Category,
    Flag,
    Frequency,
    Polarity,
    Rollup,
    Scheme,
    SummaryMeasure,
    TargetBasis,
    TargetKind,
    Unit,
)
from kpis.importing.xlsx import LimitExceeded, XlsxWorkbook

MAX_DECIMAL_PLACES = 6  # what the database keeps; more would be rounded away, so it is refused
MAX_MAGNITUDE = Decimal(10) ** 14
PERIODS = ("Q1", "Q2", "Q3", "Q4", "year")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)$")
_GROUPED_NUMBER = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_MINUTES_SECONDS = re.compile(r"^(\d+):([0-5]\d)$")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None = None
    column: str | None = None
    reason: str = ""

    def __str__(self) -> str:
        where = self.sheet if self.row is None else f"{self.sheet}!{self.row}"
        return f"{where} {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"


# A page (or a terminal) of problems an officer can work through; the rest are counted.
MAX_PROBLEMS = 200


class Problems(list):
    """Problems as a reader finds them: the first MAX_PROBLEMS kept, the rest only counted, so
    a sheet of thousands of bad rows gives a page to read, not megabytes."""

    def __init__(self):
        super().__init__()
        self.more = 0

    def append(self, problem: Problem):
        if len(self) < MAX_PROBLEMS:
            super().append(problem)
        else:
            self.more += 1


class WorkbookError(Exception):
    def __init__(self, problems: list[Problem], more: int = 0):
        self.problems = list(problems[:MAX_PROBLEMS])
        self.more = more + len(problems) - len(self.problems)
        super().__init__("\n".join(self.lines()))

    @property
    def count(self) -> int:
        return len(self.problems) + self.more

    def lines(self) -> list[str]:
        """Each problem, then how many more there are."""
        more = [f"… and {self.more} more problem{'s' if self.more != 1 else ''}"] if self.more else []
        return [str(p) for p in self.problems] + more


class CellError(ValueError):
    """A cell that cannot be read; the message is what the officer is told."""


# --- rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorRow:
    row: int
    code: str
    title: str
    aliases: tuple[str, ...]
    definition: str
    portfolio: str
    portfolio_holder: str
    directorate: str
    owner: str
    category: Category
    unit: Unit
    decimals: int
    polarity: Polarity
    frequency: Frequency
    rollup: Rollup
    target_basis: TargetBasis
    tolerance: Decimal | None
    per: Decimal | None
    active: bool


@dataclass(frozen=True)
class TargetRow:
    row: int
    code: str
    year: int
    period: str
    value: Decimal | None
    kind: TargetKind
    text: str


@dataclass(frozen=True)
class ReadingRow:
    row: int
    code: str
    month: Month
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    flag: Flag
    note: str


@dataclass(frozen=True)
class YearRow:
    row: int
    year: int
    scheme: Scheme


@dataclass(frozen=True)
class OutturnRow:
    row: int
    code: str
    year: int
    value: Decimal | None
    text: str


@dataclass(frozen=True)
class BenchmarkRow:
    row: int
    code: str
    year: int
    kind: str
    value: Decimal | None
    text: str


@dataclass(frozen=True)
class CommentaryRow:
    row: int
    code: str
    year: int
    quarter: int
    text: str


@dataclass(frozen=True)
class PublishedRow:
    row: int
    code: str
    year: int
    quarter: int
    field: str
    value: str


@dataclass(frozen=True)
class PublishedSummaryRow:
    row: int
    year: int
    quarter: int
    measure: SummaryMeasure
    value: str
    percent: Decimal
    count: int | None


@dataclass(frozen=True)
class FocusRow:
    row: int
    code: str
    year: int
    quarter: int
    position: int


@dataclass
class WorkbookData:
    years: list[YearRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    readings: list[ReadingRow] = field(default_factory=list)
    outturns: list[OutturnRow] = field(default_factory=list)
    benchmarks: list[BenchmarkRow] = field(default_factory=list)
    commentary: list[CommentaryRow] = field(default_factory=list)
    published: list[PublishedRow] = field(default_factory=list)
    published_summary: list[PublishedSummaryRow] = field(default_factory=list)
    focus: list[FocusRow] = field(default_factory=list)


# --- cells -----------------------------------------------------------------------------


def _raw(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def text(cell) -> str:
    value = _raw(cell)
    return "" if value is None else str(value)


def required_text(cell) -> str:
    value = text(cell)
    if not value:
        raise CellError("is required")
    return value


def _checked(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) >= MAX_MAGNITUDE:
        raise CellError(f"{value} is too large")
    if -value.as_tuple().exponent > MAX_DECIMAL_PLACES:
        raise CellError(
            f"{value} has more than {MAX_DECIMAL_PLACES} decimal places; round it in the workbook "
            "(the product never rounds a figure away)"
        )
    return value


def _tidy(value: Decimal) -> Decimal:
    """Drop the trailing zeros a float or a percentage scaling leaves (12.34567800 -> 12.345678)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def number(cell) -> Decimal | None:
    """A number, as typed or as Excel stores it. Thousands separators are allowed
    ("1,112"); a percent-formatted cell holding 0.909 reads as 90.9; "90.9%" reads as 90.9."""
    value = _raw(cell)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise CellError(f"{value!r} is not a number")
    if isinstance(value, (int, float)):
        result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            result = result * 100
        return _checked(_tidy(result))
    candidate = value.removesuffix("%").strip()
    if _GROUPED_NUMBER.match(candidate):
        candidate = candidate.replace(",", "")
    if not _PLAIN_NUMBER.match(candidate):
        raise CellError(f"{value!r} is not a number")
    try:
        return _checked(Decimal(candidate))
    except InvalidOperation:
        raise CellError(f"{value!r} is not a number") from None


def duration(cell) -> Decimal | None:
    """A time in seconds, written mm:ss ("2:05") or as a number of seconds."""
    value = _raw(cell)
    if isinstance(value, time):
        if value.second or value.microsecond:
            # "0:02:05" typed in full: hours, minutes and seconds.
            return Decimal(value.hour * 3600 + value.minute * 60 + value.second)
        # Excel reads a typed "02:05" as 2 hours 5 minutes; the council means mm:ss.
        return Decimal(value.hour * 60 + value.minute)
    if isinstance(value, str) and (match := _MINUTES_SECONDS.match(value)):
        return Decimal(int(match[1]) * 60 + int(match[2]))
    try:
        return number(cell)
    except CellError:
        raise CellError(f"{value!r} is not a time written mm:ss or a number of seconds") from None


def integer(cell) -> int | None:
    value = number(cell)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise CellError(f"{value} is not a whole number")
    if abs(value) > LARGEST_WHOLE_NUMBER:
        raise CellError(f"{value} is too large")
    return int(value)


def required(parse: Callable) -> Callable:
    def parse_required(cell):
        value = parse(cell)
        if value is None:
            raise CellError("is required")
        return value

    return parse_required


def year(cell) -> int:
    value = required(integer)(cell)
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise CellError(f"{value} is not a financial year (write 2016 for 2016/17)")
    return value


def month(cell) -> Month:
    value = _raw(cell)
    if value is None:
        raise CellError("is required")
    try:
        parsed = Month.of(value) if isinstance(value, (datetime, date)) else Month.parse(str(value))
        known_year(parsed.financial_year)
    except PeriodOutOfRange:
        raise CellError(f"{value!r} is not a month the product keeps figures for ({FIRST_YEAR} onwards)") from None
    except ValueError:
        raise CellError(f"{value!r} is not a month written YYYY-MM") from None
    return parsed


def choice(enum: type[StrEnum], default: StrEnum | None = None) -> Callable:
    allowed = [member.value for member in enum if member.value]

    def parse_choice(cell):
        value = text(cell).lower().replace(" ", "_")
        if not value:
            if default is None:
                raise CellError(f"is required: one of {', '.join(allowed)}")
            return default
        if value not in allowed:
            raise CellError(f"{text(cell)!r} is not one of {', '.join(allowed)}")
        return enum(value)

    return parse_choice


def period(cell) -> str:
    value = required_text(cell)
    normalised = value.lower() if value.lower() == "year" else value.upper()
    if normalised not in PERIODS:
        raise CellError(f"{value!r} is not a period: one of {', '.join(PERIODS)}")
    return normalised


def quarter(cell) -> int:
    value = text(cell).upper().removeprefix("Q")
    if value not in ("1", "2", "3", "4"):
        raise CellError(f"{text(cell)!r} is not a quarter: 1, 2, 3 or 4")
    return int(value)


def published_field(cell) -> str:
    value = required_text(cell).lower().replace(" ", "_")
    if problem := published.field_problem(value):
        raise CellError(problem)
    return value


def yes_no(cell) -> bool:
    value = text(cell).lower()
    if not value or value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(f"{text(cell)!r} is not yes or no")


# --- sheets ----------------------------------------------------------------------------

SHEETS = {
    # sheet: (required columns, optional columns)
    "Indicators": (
        ("code", "title"),
        ("aliases", "definition", "portfolio", "portfolio_holder", "directorate", "owner", "category", "unit",
         "decimals", "polarity", "frequency", "rollup", "target_basis", "tolerance", "per", "active"),
    ),
    "Targets": (("code", "year", "period", "value"), ("kind", "text")),
    "Readings": (("code", "month", "value"), ("numerator", "denominator", "flag", "note")),
    "Years": (("year", "scheme"), ()),
    "Outturns": (("code", "year", "value"), ("text",)),
    "Benchmarks": (("code", "year", "kind", "value"), ("text",)),
    "Commentary": (("code", "year", "quarter", "text"), ()),
    # What the council printed, kept beside what the product computes (kpis/published.py).
    "Published": (("code", "year", "quarter", "field", "value"), ()),
    "PublishedSummary": (("year", "quarter", "measure", "value", "percent"), ("count",)),
    "Focus": (("code", "year", "quarter"), ("position",)),
}
REQUIRED_SHEETS = ("Indicators", "Targets", "Readings")
# The committee appendix export (reports/excel.py) names its Readings sheet "Data", for the
# analysts who pivot it; it imports back as it is.
SHEET_ALIASES = {"Readings": "Data"}


# The longest text each column keeps (the models' max_length; tests/kpis/test_models.py
# checks the two agree), so a long cell is refused here rather than cut or failing later.
TEXT_LIMITS = {
    ("Indicators", "code"): 40, ("Indicators", "title"): 500, ("Indicators", "portfolio"): 200,
    ("Indicators", "portfolio_holder"): 200, ("Indicators", "directorate"): 200, ("Indicators", "owner"): 200,
    ("Targets", "text"): 200, ("Outturns", "text"): 200, ("Benchmarks", "kind"): 40, ("Benchmarks", "text"): 200,
    ("Commentary", "text"): 10_000,
}
LARGEST_WHOLE_NUMBER = 2**31 - 1


class RowReader:
    """Reads one row's cells, noting each problem against its column."""

    def __init__(self, sheet: str, number: int, cells: dict, problems: list[Problem]):
        self.sheet, self.number, self.cells, self.problems = sheet, number, cells, problems
        self.ok = True

    def __call__(self, column: str, parse: Callable):
        try:
            value = parse(self.cells.get(column))
        except CellError as error:
            self.problem(column, str(error))
            return None
        limit = TEXT_LIMITS.get((self.sheet, column))
        if isinstance(value, str) and limit and len(value) > limit:
            self.problem(column, f"is {len(value)} characters long; at most {limit} are kept")
            return None
        return value

    def problem(self, column: str | None, reason: str):
        self.ok = False
        self.problems.append(Problem(self.sheet, self.number, column, reason))


def _header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _rows(workbook: XlsxWorkbook, name: str, problems: list[Problem], progress: Callable) -> Iterable[RowReader]:
    """The non-blank rows of a sheet, or nothing (with a problem) when it or a column is missing.
    The formulas beside the values catch one never calculated."""
    contract_name = name
    if name not in workbook.sheetnames and SHEET_ALIASES.get(name) in workbook.sheetnames:
        name = SHEET_ALIASES[name]
    if name not in workbook.sheetnames:
        if name in REQUIRED_SHEETS:
            problems.append(Problem(name, reason="missing sheet"))
        return
    said, rows = workbook.sheet_rows(name)
    header_cells, _ = next(rows, ((), ()))
    headers = [_header(cell.value) for cell in header_cells]
    repeated = sorted({h for h in headers if h and headers.count(h) > 1})
    for column in repeated:
        problems.append(Problem(name, 1, column, "appears twice in the header row: keep one"))
    if repeated:
        return
    required_columns, _ = SHEETS[contract_name]
    missing = [column for column in required_columns if column not in headers]
    for column in missing:
        problems.append(Problem(name, 1, column, "missing column"))
    if missing:
        return
    total = max((said or 1) - 1, 0)
    for number, (cells, formulas) in enumerate(progress(rows, total=total, desc=name), start=2):
        by_column = {h: cell for h, cell in zip(headers, cells) if h}
        written = {h: cell.value for h, cell in zip(headers, formulas) if h}
        uncalculated = [h for h, cell in by_column.items()
                        if _raw(cell) is None and isinstance(written.get(h), str) and written[h].startswith("=")]
        if uncalculated:
            reader = RowReader(name, number, by_column, problems)
            for column in uncalculated:
                reader.problem(column, f"the formula {written[column]} has no saved result: open the file in a "
                                       "spreadsheet program, let it calculate, save it and import again")
            continue
        if all(_raw(cell) is None for cell in by_column.values()):
            continue
        yield RowReader(name, number, by_column, problems)


def open_workbook(source) -> XlsxWorkbook:
    """The .xlsx at `source` (a path or a binary file), or WorkbookError saying why it cannot
    be read or is larger than an import reads."""
    try:
        return XlsxWorkbook(source)
    except LimitExceeded as error:
        raise WorkbookError([Problem("Workbook", reason=str(error))]) from None
    except Exception as error:  # openpyxl raises zipfile, KeyError, ValueError ... for a bad file
        raise WorkbookError([Problem("Workbook", reason=f"not a readable .xlsx workbook ({_describe(error)})")]) \
            from None


@contextmanager
def read_to_the_end(workbook, problems: Problems):
    """All or nothing: a workbook damaged inside is one more problem, not a crash; the workbook
    is closed; and when there is any problem, WorkbookError lists them all. A workbook with
    more rows than an import reads is refused with that one problem."""
    try:
        yield
    except WorkbookError:
        raise
    except LimitExceeded as error:
        raise WorkbookError([Problem("Workbook", reason=str(error))]) from None
    except Exception as error:  # a workbook can be damaged inside as well as outside
        problems.append(Problem("Workbook", reason=f"could not be read to the end ({_describe(error)})"))
    finally:
        workbook.close()
    if problems:
        raise WorkbookError(problems, problems.more)


def read_workbook(
    source, existing: Mapping[str, IndicatorSpec] | None = None, progress: Callable | None = None,
    existing_portfolios: Iterable[str] = (),
) -> WorkbookData:
    """Every row of the workbook, checked against itself and the indicators already known.

    `source` is a path or a binary file object. Raises WorkbookError with every problem.
    """
    existing = existing or {}
    progress = progress or (lambda rows, **kwargs: rows)
    problems = Problems()
    workbook = open_workbook(source)
    with read_to_the_end(workbook, problems):
        data = WorkbookData()
        broken = set()
        for row in _rows(workbook, "Indicators", problems, progress):
            indicator = _indicator(row)
            if indicator:
                data.indicators.append(indicator)
            else:
                broken.add(text(row.cells.get("code")))
        _no_duplicates(problems, "Indicators", data.indicators, lambda r: r.code, "code")
        _no_slug_clashes(problems, data.indicators, existing_portfolios)
        specs = dict(existing) | {row.code: _spec(row) for row in data.indicators}
        known = _Known(specs, broken)
        data.years = [r for r in map(_year, _rows(workbook, "Years", problems, progress)) if r]
        _no_duplicates(problems, "Years", data.years, lambda r: r.year, "year")
        data.targets = [r for r in (_target(r, known) for r in _rows(workbook, "Targets", problems, progress)) if r]
        _no_duplicates(problems, "Targets", data.targets, lambda r: (r.code, r.year, r.period), "period",
                       "another row gives a target for this indicator, year and period")
        data.readings = [
            r for r in (_reading(r, known) for r in _rows(workbook, "Readings", problems, progress)) if r
        ]
        _no_duplicates(problems, "Readings", data.readings, lambda r: (r.code, r.month), "month",
                       "another row gives a reading for this indicator and month")
        data.outturns = [r for r in (_outturn(r, known) for r in _rows(workbook, "Outturns", problems, progress)) if r]
        _no_duplicates(problems, "Outturns", data.outturns, lambda r: (r.code, r.year), "year")
        data.benchmarks = [
            r for r in (_benchmark(r, known) for r in _rows(workbook, "Benchmarks", problems, progress)) if r
        ]
        _no_duplicates(problems, "Benchmarks", data.benchmarks, lambda r: (r.code, r.year, r.kind), "kind")
        data.commentary = [
            r for r in (_commentary(r, known) for r in _rows(workbook, "Commentary", problems, progress)) if r
        ]
        _no_duplicates(problems, "Commentary", data.commentary, lambda r: (r.code, r.year, r.quarter), "quarter")
        data.published = [
            r for r in (_published(r, known) for r in _rows(workbook, "Published", problems, progress)) if r
        ]
        _no_duplicates(problems, "Published", data.published, lambda r: (r.code, r.year, r.quarter, r.field), "field",
                       "another row gives this field for this indicator and quarter")
        data.published_summary = [
            r for r in map(_published_summary, _rows(workbook, "PublishedSummary", problems, progress)) if r
        ]
        _no_duplicates(problems, "PublishedSummary", data.published_summary,
                       lambda r: (r.year, r.quarter, r.measure, r.value), "value",
                       "another row gives this measure and value for this quarter")
        data.focus = [r for r in (_focus(r, known) for r in _rows(workbook, "Focus", problems, progress)) if r]
        _no_duplicates(problems, "Focus", data.focus, lambda r: (r.code, r.year, r.quarter), "quarter",
                       "this indicator is already in focus for this quarter")
    return data


def _no_slug_clashes(problems, rows: list[IndicatorRow], existing_portfolios: Iterable[str]):
    """Two portfolio names with one web address ("Housing & Care", "Housing Care") would collide."""
    by_slug = {slugify(name): name for name in existing_portfolios}
    for row in rows:
        name = row.portfolio or row.portfolio_holder
        if not name:
            continue
        other = by_slug.setdefault(slugify(name), name)
        if other != name:
            column = "portfolio" if row.portfolio else "portfolio_holder"
            problems.append(Problem("Indicators", row.row, column,
                                    f"{name!r} is too like the portfolio {other!r}: name it the same or differently"))


def _describe(error: Exception) -> str:
    return str(error) or type(error).__name__


def _no_duplicates(problems, sheet, rows, key, column, reason="appears twice"):
    first_row = {}
    for row in rows:
        k = key(row)
        if k in first_row:
            problems.append(Problem(sheet, row.row, column, f"{reason} (first at row {first_row[k]})"))
        else:
            first_row[k] = row.row


class _Known:
    """The indicators a row may name: those in the workbook and those already in the database."""

    def __init__(self, specs: Mapping[str, IndicatorSpec], broken: set[str] = frozenset()):
        self.specs, self.broken = specs, broken

    def code(self, row: RowReader) -> IndicatorSpec | None:
        code = row("code", required_text)
        if code is None:
            return None
        if code in self.broken and code not in self.specs:
            row.problem("code", f"indicator {code!r} is not imported: its row in Indicators has problems")
            return None
        if code not in self.specs:
            row.problem("code", f"unknown indicator code {code!r}")
            return None
        return self.specs[code]


def _spec(row: IndicatorRow) -> IndicatorSpec:
    return IndicatorSpec(code=row.code, category=row.category, unit=row.unit, decimals=row.decimals,
                         polarity=row.polarity, frequency=row.frequency, rollup=row.rollup,
                         target_basis=row.target_basis, tolerance=row.tolerance,
                         per=row.per or (Decimal(100) if row.unit is Unit.PERCENT else Decimal(1)))


def _figure(spec: IndicatorSpec | None) -> Callable:
    """The parser for a figure in the indicator's unit."""
    return duration if spec is not None and spec.unit is Unit.TIME else number


# Only `number` and `currency` (a budget variance in £k) may be negative.
NON_NEGATIVE_UNITS = (Unit.COUNT, Unit.TIME, Unit.DAYS, Unit.RATE)


def _in_unit(row: RowReader, column: str, value: Decimal | None, spec: IndicatorSpec):
    if value is None:
        return
    if spec.unit is Unit.PERCENT and not 0 <= value <= 100:
        row.problem(column, f"{value} is outside 0-100 for a percentage")
    elif spec.unit in NON_NEGATIVE_UNITS and value < 0:
        row.problem(column, f"{value} is negative; a {spec.unit.value} cannot be (use unit number for any sign)")


def _indicator(row: RowReader) -> IndicatorRow | None:
    values = dict(
        code=row("code", required_text),
        title=row("title", required_text),
        aliases=tuple(a.strip() for a in text(row.cells.get("aliases")).split(";") if a.strip()),
        definition=row("definition", text),
        portfolio=row("portfolio", text),
        portfolio_holder=row("portfolio_holder", text),
        directorate=row("directorate", text),
        owner=row("owner", text),
        category=row("category", choice(Category, Category.KPI)),
        unit=row("unit", choice(Unit, Unit.NUMBER)),
        decimals=row("decimals", integer),
        polarity=row("polarity", choice(Polarity, Polarity.UP)),
        frequency=row("frequency", choice(Frequency, Frequency.MONTHLY)),
        rollup=row("rollup", choice(Rollup, Rollup.LATEST)),
        target_basis=row("target_basis", choice(TargetBasis, TargetBasis.YTD)),
        tolerance=row("tolerance", number),
        per=row("per", number),
        active=row("active", yes_no),
    )
    values["decimals"] = values["decimals"] or 0
    if not 0 <= values["decimals"] <= MAX_DECIMAL_PLACES:
        row.problem("decimals", f"{values['decimals']} is not between 0 and {MAX_DECIMAL_PLACES}")
    if values["tolerance"] is not None and values["tolerance"] < 0:
        row.problem("tolerance", "cannot be negative")
    if values["per"] is not None and values["per"] <= 0:
        row.problem("per", "must be more than 0")
    return IndicatorRow(row=row.number, **values) if row.ok else None


def _year(row: RowReader) -> YearRow | None:
    values = dict(year=row("year", year), scheme=row("scheme", choice(Scheme, Scheme.ACHIEVED_FAILED)))
    return YearRow(row=row.number, **values) if row.ok else None


def _target(row: RowReader, known: _Known) -> TargetRow | None:
    spec = known.code(row)
    values = dict(
        code=row("code", text),
        year=row("year", year),
        period=row("period", period),
        value=row("value", _figure(spec)),
        kind=row("kind", choice(TargetKind, TargetKind.ABSOLUTE)),
        text=row("text", text),
    )
    kind = values["kind"]
    if kind is TargetKind.ABSOLUTE and values["value"] is None and row.ok:
        row.problem("value", "is required for an absolute target (use kind none for \"no target\")")
    if kind is TargetKind.REDUCTION and values["value"] is not None:
        row.problem("value", "a reduction target is last year's same figure: leave the value blank "
                             "(for a set figure such as 5% lower, give it as an absolute target)")
    if spec is not None and kind in (TargetKind.ABSOLUTE, TargetKind.REDUCTION) and spec.polarity is Polarity.NONE:
        row.problem("kind", f"{kind.value} target for an indicator with no polarity: use baseline or none")
    if spec is not None:
        _in_unit(row, "value", values["value"], spec)
    return TargetRow(row=row.number, **values) if row.ok else None


def _reading(row: RowReader, known: _Known) -> ReadingRow | None:
    spec = known.code(row)
    values = dict(
        code=row("code", text),
        month=row("month", month),
        value=row("value", _figure(spec)),
        numerator=row("numerator", number),
        denominator=row("denominator", number),
        flag=row("flag", choice(Flag, Flag.NONE)),
        note=row("note", text),
    )
    if not row.ok or spec is None:
        return None
    numerator, denominator = values["numerator"], values["denominator"]
    if (numerator is None) != (denominator is None):
        row.problem("denominator" if denominator is None else "numerator", "give both numerator and denominator, or neither")
    elif denominator is not None:
        if denominator <= 0:
            row.problem("denominator", f"{denominator} is not more than zero")
        elif numerator < 0:
            row.problem("numerator", f"{numerator} is negative")
        elif spec.unit is Unit.PERCENT and numerator > denominator:
            row.problem("numerator", f"{numerator} is larger than the denominator {denominator}")
        else:
            values["value"] = _ratio_value(row, values["value"], numerator / denominator * spec.per)
    if values["value"] is None and values["flag"] in (Flag.NONE, Flag.PROVISIONAL) and row.ok:
        row.problem("value", "is blank: give a value, a numerator and denominator, or a flag saying why")
    _in_unit(row, "value", values["value"], spec)
    return ReadingRow(row=row.number, **values) if row.ok else None


def _ratio_value(row: RowReader, typed: Decimal | None, computed: Decimal) -> Decimal:
    """The percentage is computed from its parts, never typed twice; a typed one must agree
    with the parts at its own precision."""
    if typed is None:
        return computed.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES))
    places = max(-typed.as_tuple().exponent, 0)
    if to_precision(computed, places) != typed:
        row.problem("value", f"{typed} disagrees with numerator / denominator ({computed:.{places + 2}f})")
    return typed


def _value_or_text(row: RowReader, values: dict):
    """An outturn or benchmark may be only text ("n/a - new methodology"), but not nothing."""
    if values["value"] is None and not values["text"] and row.ok:
        row.problem("value", "is blank: give a value or a text")


def _outturn(row: RowReader, known: _Known) -> OutturnRow | None:
    spec = known.code(row)
    values = dict(code=row("code", text), year=row("year", year), value=row("value", _figure(spec)),
                  text=row("text", text))
    _value_or_text(row, values)
    if spec is not None:
        _in_unit(row, "value", values["value"], spec)
    return OutturnRow(row=row.number, **values) if row.ok else None


def _benchmark(row: RowReader, known: _Known) -> BenchmarkRow | None:
    spec = known.code(row)
    values = dict(code=row("code", text), year=row("year", year), kind=row("kind", required_text),
                  value=row("value", _figure(spec)), text=row("text", text))
    _value_or_text(row, values)
    if spec is not None:
        _in_unit(row, "value", values["value"], spec)
    return BenchmarkRow(row=row.number, **values) if row.ok else None


def _commentary(row: RowReader, known: _Known) -> CommentaryRow | None:
    known.code(row)
    values = dict(code=row("code", text), year=row("year", year), quarter=row("quarter", quarter),
                  text=row("text", required_text))
    return CommentaryRow(row=row.number, **values) if row.ok else None


def _published(row: RowReader, known: _Known) -> PublishedRow | None:
    known.code(row)
    values = dict(code=row("code", text), year=row("year", year), quarter=row("quarter", quarter),
                  field=row("field", published_field), value=row("value", required_text))
    if values["field"] == published.SECTION and values["value"] is not None:
        # A placement, not a printed figure: one of the appendix's four sections.
        section = values["value"].lower()
        if section not in published.PRINTED_SECTIONS:
            sections = ", ".join(s.value for s in published.PRINTED_SECTIONS)
            row.problem("value", f"{values['value']!r} is not a section: one of {sections}")
        values["value"] = section
    return PublishedRow(row=row.number, **values) if row.ok else None


def _published_summary(row: RowReader) -> PublishedSummaryRow | None:
    values = dict(year=row("year", year), quarter=row("quarter", quarter),
                  measure=row("measure", choice(SummaryMeasure)), value=row("value", required_text),
                  percent=row("percent", required(number)), count=row("count", integer))
    measure, value = values["measure"], values["value"]
    if measure is not None and value is not None:
        allowed = [v.value for v in published.SUMMARY_VALUES[measure]]
        values["value"] = value.lower()
        if values["value"] not in allowed:
            row.problem("value", f"{value!r} is not one of {', '.join(allowed)} for {measure.value}")
    if values["percent"] is not None and not 0 <= values["percent"] <= 100:
        row.problem("percent", f"{values['percent']} is outside 0-100 for a percentage")
    if values["count"] is not None and values["count"] < 0:
        row.problem("count", f"{values['count']} is negative")
    return PublishedSummaryRow(row=row.number, **values) if row.ok else None


def _focus(row: RowReader, known: _Known) -> FocusRow | None:
    known.code(row)
    values = dict(code=row("code", text), year=row("year", year), quarter=row("quarter", quarter),
                  position=row("position", integer))
    if values["position"] is not None and values["position"] < 0:
        row.problem("position", f"{values['position']} is negative")
    values["position"] = values["position"] or 0
    return FocusRow(row=row.number, **values) if row.ok else None
