"""What the Quarters page offers the performance team: the years the data knows (to lock a
quarter of, to copy targets from), and how many indicators have a figure for a quarter (to
say when it is published)."""

from kpis.domain.periods import Month, Quarter
from kpis.domain.rules import assess_quarter
from kpis.models import Indicator, QuarterLock, Target
from kpis.selectors.scorecard import quarters_with_data, series_by_indicator


def years_with_targets() -> list[int]:
    """The financial years with at least one target, latest first."""
    return sorted(set(Target.objects.order_by().values_list("year", flat=True).distinct()), reverse=True)


def years_to_lock() -> list[int]:
    """The financial years the data knows, latest first: those with a figure (a draft counts)
    or a target, and those with a quarter locked before. A quarter of another year has
    nothing to freeze; its lock would only be a typing slip (1999 for 2019)."""
    years = {quarter.year for quarter in quarters_with_data(include_drafts=True)}
    years |= set(years_with_targets())
    years |= set(QuarterLock.objects.order_by().values_list("year", flat=True).distinct())
    return sorted(years, reverse=True)


def figures_in(quarter: Quarter) -> tuple[int, int]:
    """How many active indicators have a published figure for `quarter`, of how many: what the
    public's banner says of a quarter in progress (reports.scorecards.Scorecard.with_figure), by
    the same rule (kpis.domain.rules.assess_quarter). A figure needs no target, so none is read;
    an in-arrears figure looks back at most four quarters, and a year-to-date one from April."""
    indicators = list(Indicator.objects.filter(active=True))
    series = series_by_indicator(Month(quarter.year - 1, 4), quarter.last_month)
    with_figure = sum(assess_quarter(indicator.spec(), series[indicator.id], {}, quarter).figure is not None
                      for indicator in indicators)
    return with_figure, len(indicators)
