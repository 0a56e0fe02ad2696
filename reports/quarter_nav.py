"""Previous and next quarter on a quarter's pages (summary, scorecard table, In Focus): only
to quarters that have figures, so a link never leads to an empty page. Pure Python."""

from collections.abc import Iterable
from dataclasses import dataclass

from kpis.domain.periods import Quarter


@dataclass(frozen=True)
class QuarterNav:
    previous: Quarter | None
    next: Quarter | None


def quarter_nav(quarter: Quarter, with_figures: Iterable[Quarter]) -> QuarterNav:
    """The nearest quarters with figures before and after `quarter` (which may have none
    itself: a quarter typed in the URL still leads back to the ones that do)."""
    quarters = list(with_figures)
    return QuarterNav(max((q for q in quarters if q < quarter), default=None),
                      min((q for q in quarters if q > quarter), default=None))
