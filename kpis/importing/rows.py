"""The rows a reader returns, checked and typed, for kpis.services.imports to write."""

from dataclasses import dataclass, field
from decimal import Decimal

from kpis.domain.periods import Month
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
    spc_baseline: int | None = None


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


@dataclass(frozen=True)
class SpcPeriodRow:
    row: int
    code: str
    month: Month
    reason: str


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
    spc_periods: list[SpcPeriodRow] = field(default_factory=list)
