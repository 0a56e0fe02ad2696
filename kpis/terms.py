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


class Section(StrEnum):
    ACHIEVING = "achieving"
    FAILING = "failing"
    CONTEXT = "context"
    DEMAND = "demand"
    NO_STATUS = "no_status"


MET_STATUSES = frozenset({Status.ACHIEVED, Status.GREEN})

# Words a council uses where the value alone reads badly; the rest are capitalised values.
LABELS = {
    Category.KPI: "Corporate KPI",
    Category.CONTEXT: "Health/wealth of the borough",
    Category.DEMAND: "Demand indicator",
    Unit.CURRENCY: "Currency (£k)",
    Unit.TIME: "Time (mm:ss)",
    Polarity.UP: "Higher is better",
    Polarity.DOWN: "Smaller is better",
    Polarity.NONE: "None (demand measure)",
    TargetBasis.YTD: "Year to date",
    TargetBasis.QUARTER: "Quarter only",
    Flag.NONE: "None",
    Flag.NOT_DUE: "Not due",
    Flag.IN_ARREARS: "In arrears",
    Flag.NEW_METHOD: "New method",
    Scheme.ACHIEVED_FAILED: "Achieved / Failed",
    Scheme.RAG: "Red / Amber / Green",
    TargetKind.NONE: "No target",
}


def label(member: StrEnum) -> str:
    return LABELS.get(member, member.value.replace("_", " ").capitalize())
