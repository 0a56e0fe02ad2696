"""The report's section 3.2: how the corporate KPIs did in a quarter, and which way they went.
Pure Python: no Django, no database."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.rules import QuarterResult, to_precision
from kpis.domain.terms import MET_STATUSES, Category, Direction, Scheme, Status


@dataclass(frozen=True)
class Share:
    count: int
    total: int
    as_published: int = 0  # of `count`, how many rest on the council's printed values (reports.scorecards)

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return to_precision(Decimal(self.count) * 100 / self.total, 2)


@dataclass(frozen=True)
class QuarterSummary:
    """The report's section 3.2: how the corporate KPIs did, and which way they went."""

    scheme: Scheme
    statuses: dict[Status, Share]
    dot_year: dict[Direction, Share]
    dot_quarter: dict[Direction, Share]

    @property
    def met(self) -> Share:
        total = next(iter(self.statuses.values())).total if self.statuses else 0
        return Share(sum(s.count for status, s in self.statuses.items() if status in MET_STATUSES), total)


SCHEME_STATUSES = {
    Scheme.ACHIEVED_FAILED: (Status.ACHIEVED, Status.FAILED),
    Scheme.RAG: (Status.GREEN, Status.AMBER, Status.RED),
}
POLAR_DIRECTIONS = (Direction.BETTER, Direction.STATIC, Direction.WORSE)


def _shares(values: list, keys: Iterable) -> dict:
    counted = [v for v in values if v is not None and v in keys]
    return {key: Share(counted.count(key), len(counted)) for key in keys}


def summarise(results: Iterable[tuple[Category, QuarterResult]], scheme: Scheme) -> QuarterSummary:
    """Counts and shares among the corporate KPIs: status among those with one, and
    better/static/worse among those with a direction of travel. Context and demand
    indicators are not counted (Thurrock, Q3 2016/17: "Achieved 55%", 22 of 40)."""
    kpis = [result for category, result in results if category is Category.KPI]
    return QuarterSummary(
        scheme=scheme,
        statuses=_shares([r.status for r in kpis], SCHEME_STATUSES[scheme]),
        dot_year=_shares([r.dot_year for r in kpis], POLAR_DIRECTIONS),
        dot_quarter=_shares([r.dot_quarter for r in kpis], POLAR_DIRECTIONS),
    )
