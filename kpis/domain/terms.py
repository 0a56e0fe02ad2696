"""The council's vocabulary: the closed lists every layer shares. Pure Python.

The models take their choices from these enums, the rules compare them, the import
reads them from cells and the scorecard writes them out: one place for each word.
"""

from enum import StrEnum


class Category(StrEnum):
    KPI = "kpi"  # corporate KPI, counted in the quarter summary
    CONTEXT = "context"  # "health/wealth of the borough": shown, judged, not counted
    DEMAND = "demand"  # demand indicator: direction of travel, never a status


class Unit(StrEnum):
    PERCENT = "percent"  # 0-100
    COUNT = "count"
    DAYS = "days"
    CURRENCY = "currency"  # £k
    RATE = "rate"  # per 10k / 100k population
    TIME = "time"  # stored in seconds, written mm:ss
    NUMBER = "number"  # any sign: a "% reduction", a budget variance


class Polarity(StrEnum):
    UP = "up"  # higher is better
    DOWN = "down"  # "Smaller is better"
    NONE = "none"  # demand measures


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"


class Rollup(StrEnum):
    SUM = "sum"
    RATIO = "ratio"
    MEAN = "mean"
    LATEST = "latest"
    ROLLING = "rolling"  # a published multi-year average, taken as published


class TargetBasis(StrEnum):
    YTD = "ytd"  # April to the quarter's end
    QUARTER = "quarter"  # the quarter's own months


class Flag(StrEnum):
    NONE = ""
    NOT_DUE = "not_due"
    IN_ARREARS = "in_arrears"
    PROVISIONAL = "provisional"
    NEW_METHOD = "new_method"


class TargetKind(StrEnum):
    ABSOLUTE = "absolute"
    REDUCTION = "reduction"  # beat the same span of last year
    BASELINE = "baseline"  # shown, never judged
    NONE = "none"  # "no target"


class Scheme(StrEnum):
    ACHIEVED_FAILED = "achieved_failed"
    RAG = "rag"


class Status(StrEnum):
    ACHIEVED = "achieved"
    FAILED = "failed"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class NoStatus(StrEnum):
    NO_TARGET = "no_target"
    NO_FIGURE = "no_figure"
    NOT_DUE = "not_due"
    NEW_METHOD = "new_method"
    BASELINE_ONLY = "baseline_only"


class Direction(StrEnum):
    BETTER = "better"
    STATIC = "static"
    WORSE = "worse"
    HIGHER = "higher"  # for a measure with no polarity
    LOWER = "lower"


class SummaryMeasure(StrEnum):
    """The three lines of the report's quarter summary (section 3.2)."""

    STATUSES = "statuses"
    DOT_YEAR = "dot_year"
    DOT_QUARTER = "dot_quarter"


class Section(StrEnum):
    """Where a row sits, in the appendix's order: its headings are the labels below."""

    ACHIEVING = "achieving"
    FAILING = "failing"
    NO_STATUS = "no_status"
    CONTEXT = "context"
    DEMAND = "demand"


MET_STATUSES = frozenset({Status.ACHIEVED, Status.GREEN})

# The glyphs of the council's appendix. Each goes with its word (see reports/presentation.py),
# never alone and never as colour alone; kpis/published.py reads the printed ones back.
ARROWS = {
    Direction.BETTER: "↑",
    Direction.STATIC: "→",
    Direction.WORSE: "↓",
    Direction.HIGHER: "↑",
    Direction.LOWER: "↓",
}
STATUS_MARKS = {
    Status.ACHIEVED: "✓",
    Status.FAILED: "✗",
    Status.GREEN: "✓",
    Status.AMBER: "!",
    Status.RED: "✗",
}
# The colour beside a status's word and mark, never instead of them ("good", "bad", "warn"):
# the scorecards' tones (reports/presentation.py) and the review queue's tags.
STATUS_TONES = {
    Status.ACHIEVED: "good",
    Status.GREEN: "good",
    Status.FAILED: "bad",
    Status.RED: "bad",
    Status.AMBER: "warn",
}

# Words a council uses where the value alone reads badly; the rest are capitalised values.
# Keyed by (enum, value): members of different enums share values ("none", "new_method"),
# and a StrEnum member hashes as its value, so a plain dict would let one overwrite another.
_WORDS = (
    (Category.KPI, "Corporate KPI"),
    (Category.CONTEXT, "Health/wealth of the borough"),
    (Category.DEMAND, "Demand indicator"),
    (Unit.CURRENCY, "Currency (£k)"),
    (Unit.TIME, "Time (mm:ss)"),
    (Polarity.UP, "Higher is better"),
    (Polarity.DOWN, "Smaller is better"),
    (Polarity.NONE, "None (demand measure)"),
    (TargetBasis.YTD, "Year to date"),
    (TargetBasis.QUARTER, "Quarter only"),
    (Flag.NONE, "None"),
    (Flag.NOT_DUE, "Not due"),
    (Flag.IN_ARREARS, "In arrears"),
    (Flag.NEW_METHOD, "New method"),
    (Scheme.ACHIEVED_FAILED, "Achieved / Failed"),
    (Scheme.RAG, "Red / Amber / Green"),
    (TargetKind.NONE, "No target"),
    (NoStatus.NO_TARGET, "No target"),
    (NoStatus.NO_FIGURE, "No figure yet"),
    (NoStatus.NEW_METHOD, "New method"),
    (NoStatus.BASELINE_ONLY, "Baseline only"),
    (SummaryMeasure.STATUSES, "Status"),
    (SummaryMeasure.DOT_YEAR, "Since last year"),
    (SummaryMeasure.DOT_QUARTER, "Since last quarter"),
    # The appendix's own headings: the workbook's section rows, the filter and the summary's links.
    (Section.ACHIEVING, "Indicators achieving target"),
    (Section.FAILING, "Indicators failing target"),
    (Section.NO_STATUS, "Corporate KPIs with no status this quarter"),
    (Section.CONTEXT, "Health/Wealth of the Borough Indicators"),
    (Section.DEMAND, "Demand Indicators"),
)
LABELS = {(type(member), member.value): words for member, words in _WORDS}


def label(member: StrEnum) -> str:
    return LABELS.get((type(member), member.value), member.value.replace("_", " ").capitalize())
