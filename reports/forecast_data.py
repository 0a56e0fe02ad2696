"""What the year-end forecasts read (reports.forecast computes them): every active indicator's
published figures of this year and last, its targets and its recorded outturns, in a fixed number
of queries however many indicators."""

from collections.abc import Collection

from kpis.domain.periods import Month, Quarter
from kpis.models import Indicator
from kpis.selectors.scorecard import outturns_by_indicator, series_by_indicator, targets_by_indicator
from reports.forecast import Forecast, Inputs, forecasts


def forecast_inputs(year: int, last: Month, *, only: Collection[int] | None = None) -> dict[int, Inputs]:
    """Each active indicator (by id) with its published figures from April of last year to `last`,
    the targets of `year` and last year, and the outturns of the two years before `year`."""
    indicators = Indicator.objects.filter(active=True)
    if only is not None:
        indicators = indicators.filter(id__in=only)
    series = series_by_indicator(Month(year - 1, 4), last, only=only)
    targets = targets_by_indicator(range(year - 1, year + 1), only=only)
    outturns = outturns_by_indicator(range(year - 2, year), only=only)
    return {indicator.id: Inputs(indicator.spec(), series[indicator.id], targets.get(indicator.id, {}),
                                 outturns.get(indicator.id, {}))
            for indicator in indicators}


def forecasts_for(year: int, quarter: int, *, only: Collection[int] | None = None) -> dict[int, Forecast]:
    """Every active indicator's year-end forecast (by id) from the published figures up to the end of
    quarter `quarter` of financial year `year`: what the scorecard's "at risk" column reads. Four queries."""
    period = Quarter(year, quarter)
    return forecasts(forecast_inputs(year, period.last_month, only=only), period)
