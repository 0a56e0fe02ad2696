"""Reading an import workbook: every cell checked, every problem reported, nothing written.

The format is the import contract (kpis.importing.contract; README.md, "Workbook format").
`read_workbook` returns plain rows (kpis.importing.rows), or raises WorkbookError listing every
problem as `Sheet!ROW column: reason`, so an officer can mend the whole file in one go.
"""

import itertools
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from functools import partial

from django.utils.text import slugify

from kpis.domain.rules import IndicatorSpec
from kpis.domain.values import raw, text
from kpis.importing.contract import (
    REQUIRED_SHEETS,
    SHEET_ALIASES,
    SHEETS,
    KnownIndicators,
    RowReader,
    benchmark_row,
    commentary_row,
    focus_row,
    indicator_row,
    outturn_row,
    published_row,
    published_summary_row,
    reading_row,
    spc_period_row,
    spec_of,
    target_row,
    year_row,
)
from kpis.importing.problems import Problem, Problems, WorkbookError
from kpis.importing.rows import IndicatorRow, WorkbookData
from kpis.importing.xlsx import LimitExceeded, XlsxWorkbook


def _header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_")


def _rows(workbook: XlsxWorkbook, name: str, problems: list[Problem], progress: Callable) -> Iterable[RowReader]:
    """The non-blank rows of a sheet, or nothing (with a problem) when it or a column is missing.
    The formula beside a blank value catches one never calculated."""
    contract_name = name
    if name not in workbook.sheetnames and SHEET_ALIASES.get(name) in workbook.sheetnames:
        name = SHEET_ALIASES[name]
    if name not in workbook.sheetnames:
        if name in REQUIRED_SHEETS:
            problems.append(Problem(name, reason="missing sheet"))
        return
    said, rows = workbook.sheet_rows(name)
    first = next(rows, None)
    if first is not None and first[0] != 1:  # no header row: the first row is data, under no column
        rows, first = itertools.chain([first], rows), None
    headers = [_header(cell.value) for cell in (first[1] if first else ())]
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
    columns = [(index, h) for index, h in enumerate(headers) if h]
    total = max((said or 1) - 1, 0)
    for number, cells in progress(rows, total=total, desc=name):
        by_column = {h: cells[index] for index, h in columns if index < len(cells)}
        uncalculated = [h for h, cell in by_column.items() if cell.formula and raw(cell) is None]
        if uncalculated:
            reader = RowReader(name, number, by_column, problems)
            for column in uncalculated:
                reader.problem(column, f"the formula {by_column[column].formula} has no saved result: open the file "
                                       "in a spreadsheet program, let it calculate, save it and import again")
            continue
        if all(raw(cell) is None for cell in by_column.values()):
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
        known = _read_indicators(workbook, data, problems, progress, existing, existing_portfolios)
        _read_the_other_sheets(workbook, data, known, problems, progress)
    return data


def _read_indicators(
    workbook, data: WorkbookData, problems, progress, existing, existing_portfolios
) -> KnownIndicators:
    """The Indicators sheet first: every other sheet names its indicators."""
    broken = set()
    for row in _rows(workbook, "Indicators", problems, progress):
        indicator = indicator_row(row)
        if indicator:
            data.indicators.append(indicator)
        else:
            broken.add(text(row.cells.get("code")))
    _no_duplicates(problems, "Indicators", data.indicators, lambda r: r.code, "code")
    _no_slug_clashes(problems, data.indicators, existing_portfolios)
    specs = dict(existing) | {row.code: spec_of(row) for row in data.indicators}
    return KnownIndicators(specs, broken)


def _read_the_other_sheets(workbook, data: WorkbookData, known: KnownIndicators, problems, progress):
    def read(name, parse):
        return [r for r in map(parse, _rows(workbook, name, problems, progress)) if r]

    data.years = read("Years", year_row)
    _no_duplicates(problems, "Years", data.years, lambda r: r.year, "year")
    data.targets = read("Targets", partial(target_row, known=known))
    _no_duplicates(problems, "Targets", data.targets, lambda r: (r.code, r.year, r.period), "period",
                   "another row gives a target for this indicator, year and period")
    data.readings = read("Readings", partial(reading_row, known=known))
    _no_duplicates(problems, "Readings", data.readings, lambda r: (r.code, r.month), "month",
                   "another row gives a reading for this indicator and month")
    data.outturns = read("Outturns", partial(outturn_row, known=known))
    _no_duplicates(problems, "Outturns", data.outturns, lambda r: (r.code, r.year), "year")
    data.benchmarks = read("Benchmarks", partial(benchmark_row, known=known))
    _no_duplicates(problems, "Benchmarks", data.benchmarks, lambda r: (r.code, r.year, r.kind), "kind")
    data.commentary = read("Commentary", partial(commentary_row, known=known))
    _no_duplicates(problems, "Commentary", data.commentary, lambda r: (r.code, r.year, r.quarter), "quarter")
    data.published = read("Published", partial(published_row, known=known))
    _no_duplicates(problems, "Published", data.published, lambda r: (r.code, r.year, r.quarter, r.field), "field",
                   "another row gives this field for this indicator and quarter")
    data.published_summary = read("PublishedSummary", published_summary_row)
    _no_duplicates(problems, "PublishedSummary", data.published_summary,
                   lambda r: (r.year, r.quarter, r.measure, r.value), "value",
                   "another row gives this measure and value for this quarter")
    data.focus = read("Focus", partial(focus_row, known=known))
    _no_duplicates(problems, "Focus", data.focus, lambda r: (r.code, r.year, r.quarter), "quarter",
                   "this indicator is already in focus for this quarter")
    data.spc_periods = read("SpcPeriods", partial(spc_period_row, known=known))
    _no_duplicates(problems, "SpcPeriods", data.spc_periods, lambda r: (r.code, r.month), "month",
                   "another row records a change of process for this indicator and month")


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
