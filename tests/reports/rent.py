"""% Rent collected as the chart tests draw it (Thurrock appendix 1): its spec, months and targets."""

from decimal import Decimal as D

from kpis.domain.periods import Month
from kpis.domain.rules import IndicatorSpec, MonthFigure, Series, TargetSpec
from kpis.domain.terms import Flag, Rollup, Unit

RENT = IndicatorSpec("RENT", unit=Unit.PERCENT, decimals=2, rollup=Rollup.LATEST)


def months(first: str, *values, flag=Flag.NONE):
    """MonthFigures from `first` on; None leaves a month out (no reading at all)."""
    start = Month.parse(first)
    return [MonthFigure(start.shifted(i), D(str(v)), flag=flag) for i, v in enumerate(values) if v is not None]


# % Rent collected 2016/17 (Thurrock appendix 1), June missing to show a gap; 2015/16 to December.
RENT_2016 = months("2016-04", "77.9", "90.39", None, "93.6", "95.3", "95", "95.76", "96.8", "97.1")
RENT_2015 = months("2015-04", "78.1", "91", "93.5", "94", "95.5", "96", "96.3", "97", "97.6")
RENT_SERIES = Series(RENT_2016 + RENT_2015)
RENT_TARGETS = {(2016, "Q3"): TargetSpec(D("97.25")), (2016, "year"): TargetSpec(D("99"), text="99.00%")}
