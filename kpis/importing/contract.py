"""The import contract: the sheets and columns a workbook holds (README.md, "Workbook format"),
and how each row of each sheet is checked against the indicators it names.

A row parser takes a RowReader over one row's cells and returns the typed row
(kpis.importing.rows), or None when the row has problems, each noted against its column.
"""

from collections.abc import Callable, Mapping
from decimal import Decimal

from kpis.domain import published
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
from kpis.domain.values import (
    ANY_SIGN,
    MAX_DECIMAL_PLACES,
    CellError,
    choice,
    duration,
    integer,
    month,
    number,
    period,
    published_field,
    quarter,
    required,
    required_text,
    text,
    unit_problem,
    year,
    yes_no,
)
from kpis.importing.problems import Problem
from kpis.importing.rows import (
    BenchmarkRow,
    CommentaryRow,
    FocusRow,
    IndicatorRow,
    OutturnRow,
    PublishedRow,
    PublishedSummaryRow,
    ReadingRow,
    SpcPeriodRow,
    TargetRow,
    YearRow,
)

SHEETS = {
    # sheet: (required columns, optional columns)
    "Indicators": (
        ("code", "title"),
        ("aliases", "definition", "portfolio", "portfolio_holder", "directorate", "owner", "category", "unit",
         "decimals", "polarity", "frequency", "rollup", "target_basis", "tolerance", "per", "active", "spc_baseline"),
    ),
    "Targets": (("code", "year", "period", "value"), ("kind", "text")),
    "Readings": (("code", "month", "value"), ("numerator", "denominator", "flag", "note")),
    "Years": (("year", "scheme"), ()),
    "Outturns": (("code", "year", "value"), ("text",)),
    "Benchmarks": (("code", "year", "kind", "value"), ("text",)),
    "Commentary": (("code", "year", "quarter", "text"), ()),
    # What the council printed, kept beside what the product computes (kpis/domain/published.py).
    "Published": (("code", "year", "quarter", "field", "value"), ()),
    "PublishedSummary": (("year", "quarter", "measure", "value", "percent"), ("count",)),
    "Focus": (("code", "year", "quarter"), ("position",)),
    # Changes of process: each starts a new period of an SPC chart's mean and limits (reports.spc).
    "SpcPeriods": (("code", "month", "reason"), ()),
}
REQUIRED_SHEETS = ("Indicators", "Targets", "Readings")
# The committee appendix export (reports/excel/appendix.py) names its Readings sheet "Data", for the
# analysts who pivot it; it imports back as it is.
SHEET_ALIASES = {"Readings": "Data"}


# The longest text each column keeps (the models' max_length; tests/kpis/test_models.py
# checks the two agree), so a long cell is refused here rather than cut or failing later.
TEXT_LIMITS = {
    ("Indicators", "code"): 40, ("Indicators", "title"): 500, ("Indicators", "portfolio"): 200,
    ("Indicators", "portfolio_holder"): 200, ("Indicators", "directorate"): 200, ("Indicators", "owner"): 200,
    ("Targets", "text"): 200, ("Outturns", "text"): 200, ("Benchmarks", "kind"): 40, ("Benchmarks", "text"): 200,
    ("Commentary", "text"): 10_000, ("SpcPeriods", "reason"): 10_000,
}
# Indicator.spc_baseline is a PositiveSmallIntegerField.
SPC_BASELINE_MOST = 32_767


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


class KnownIndicators:
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


def spec_of(row: IndicatorRow) -> IndicatorSpec:
    return IndicatorSpec(code=row.code, category=row.category, unit=row.unit, decimals=row.decimals,
                         polarity=row.polarity, frequency=row.frequency, rollup=row.rollup,
                         target_basis=row.target_basis, tolerance=row.tolerance,
                         per=row.per or (Decimal(100) if row.unit is Unit.PERCENT else Decimal(1)))


def _figure(spec: IndicatorSpec | None) -> Callable:
    """The parser for a figure in the indicator's unit."""
    return duration if spec is not None and spec.unit is Unit.TIME else number




def _in_unit(row: RowReader, column: str, value: Decimal | None, spec: IndicatorSpec):
    if problem := unit_problem(value, spec.unit, ANY_SIGN):
        row.problem(column, problem)


def indicator_row(row: RowReader) -> IndicatorRow | None:
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
        spc_baseline=row("spc_baseline", integer),
    )
    values["decimals"] = values["decimals"] or 0
    if not 0 <= values["decimals"] <= MAX_DECIMAL_PLACES:
        row.problem("decimals", f"{values['decimals']} is not between 0 and {MAX_DECIMAL_PLACES}")
    if values["tolerance"] is not None and values["tolerance"] < 0:
        row.problem("tolerance", "cannot be negative")
    if values["per"] is not None and values["per"] <= 0:
        row.problem("per", "must be more than 0")
    if values["spc_baseline"] is not None and values["spc_baseline"] > SPC_BASELINE_MOST:
        row.problem("spc_baseline", f"{values['spc_baseline']} is more than {SPC_BASELINE_MOST} points")
    elif values["spc_baseline"] is not None and values["spc_baseline"] < 2:
        # One point has no moving range: an XmR chart's limits need two at least.
        row.problem("spc_baseline", f"{values['spc_baseline']} is fewer than 2 points: give 2 or more, or leave it "
                                    "blank for all of a period's points")
    return IndicatorRow(row=row.number, **values) if row.ok else None


def year_row(row: RowReader) -> YearRow | None:
    values = dict(year=row("year", year), scheme=row("scheme", choice(Scheme, Scheme.ACHIEVED_FAILED)))
    return YearRow(row=row.number, **values) if row.ok else None


def target_row(row: RowReader, known: KnownIndicators) -> TargetRow | None:
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


def reading_row(row: RowReader, known: KnownIndicators) -> ReadingRow | None:
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
        row.problem("denominator" if denominator is None else "numerator",
                    "give both numerator and denominator, or neither")
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


def outturn_row(row: RowReader, known: KnownIndicators) -> OutturnRow | None:
    spec = known.code(row)
    values = dict(code=row("code", text), year=row("year", year), value=row("value", _figure(spec)),
                  text=row("text", text))
    _value_or_text(row, values)
    if spec is not None:
        _in_unit(row, "value", values["value"], spec)
    return OutturnRow(row=row.number, **values) if row.ok else None


def benchmark_row(row: RowReader, known: KnownIndicators) -> BenchmarkRow | None:
    spec = known.code(row)
    values = dict(code=row("code", text), year=row("year", year), kind=row("kind", required_text),
                  value=row("value", _figure(spec)), text=row("text", text))
    _value_or_text(row, values)
    if spec is not None:
        _in_unit(row, "value", values["value"], spec)
    return BenchmarkRow(row=row.number, **values) if row.ok else None


def commentary_row(row: RowReader, known: KnownIndicators) -> CommentaryRow | None:
    known.code(row)
    values = dict(code=row("code", text), year=row("year", year), quarter=row("quarter", quarter),
                  text=row("text", required_text))
    return CommentaryRow(row=row.number, **values) if row.ok else None


def published_row(row: RowReader, known: KnownIndicators) -> PublishedRow | None:
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


def published_summary_row(row: RowReader) -> PublishedSummaryRow | None:
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


def focus_row(row: RowReader, known: KnownIndicators) -> FocusRow | None:
    known.code(row)
    values = dict(code=row("code", text), year=row("year", year), quarter=row("quarter", quarter),
                  position=row("position", integer))
    if values["position"] is not None and values["position"] < 0:
        row.problem("position", f"{values['position']} is negative")
    values["position"] = values["position"] or 0
    return FocusRow(row=row.number, **values) if row.ok else None


def spc_period_row(row: RowReader, known: KnownIndicators) -> SpcPeriodRow | None:
    """A change of process: from `month` the indicator's SPC chart has a new mean and limits."""
    known.code(row)
    values = dict(code=row("code", text), month=row("month", month), reason=row("reason", required_text))
    return SpcPeriodRow(row=row.number, **values) if row.ok else None
