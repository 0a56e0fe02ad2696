"""What the SPC engine (reports.spc) judges, read from the database: each indicator's published series,
its polarity, the target in force for its last point, its changes of process and baseline.

Four queries whatever the number of indicators: indicators, approved readings, changes of process,
targets. Published means approved (kpis.selectors.indicator reads published figures the same way).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from django.conf import settings

from kpis.domain.periods import Month
from kpis.domain.rules import TargetSpec, quarter_target
from kpis.domain.terms import Frequency, Polarity, Rollup, TargetBasis, TargetKind
from kpis.models import ChangeOfProcess, Indicator, Reading, Target
from reports import spc

# How many months one point of a series stands for: a quarterly figure sits on its quarter's last month.
MONTHS_PER_POINT = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.TERMLY: 4, Frequency.ANNUAL: 12}


@dataclass(frozen=True)
class SpcSeries:
    indicator: Indicator
    points: list[tuple[date, Decimal]]
    target: Decimal | None
    changes: list[date]

    def arguments(self) -> dict:
        """The keyword arguments of reports.spc.analyse (but the preset)."""
        return {"polarity": Polarity(self.indicator.polarity), "target": self.target, "changes": self.changes,
                "baseline": self.indicator.spc_baseline}


def point_value(indicator: Indicator, value, numerator, denominator) -> Decimal | None:
    """A reading's figure: a ratio's from its numerator and denominator where both are given (its stored
    value is that, rounded), else the value as stored."""
    if indicator.rollup == Rollup.RATIO and numerator is not None and denominator:
        return numerator / denominator * indicator.ratio_per
    return value


def target_per_point(indicator: Indicator, targets: dict, last: date) -> Decimal | None:
    """The absolute target in force for the last point (the quarter's own, else the year's, as the
    scorecard judges it: kpis.domain.rules.quarter_target), at the scale of one point.

    Our choice for a sum: the target's amount shared evenly over the months it covers (a year target
    over 12, a year-to-date Q2 target over 6, a quarter-basis quarter target over 3), times the months
    a point stands for. Ratios, means and latest values are compared as they are. A reduction or a
    baseline target has no value to compare: none.
    """
    quarter = Month.of(last).quarter
    spec = indicator.spec()
    goal = quarter_target(spec, targets, quarter)
    if goal is None or goal.kind is not TargetKind.ABSOLUTE or goal.value is None:
        return None
    if spec.rollup is not Rollup.SUM:
        return goal.value
    # A year-to-date target (its own or the year's profiled by quarter_target) covers April to the
    # quarter's end; a quarter-basis one, the quarter's three months.
    covered = quarter.months_elapsed if spec.target_basis is TargetBasis.YTD else 3
    return goal.value / covered * MONTHS_PER_POINT.get(Frequency(indicator.frequency), 1)


def spc_series(codes=None, *, until: date | None = None) -> list[SpcSeries]:
    """Every indicator's series (or those of `codes`), in the appendix's order; with `until`, only
    the points up to that month (a past quarter's scorecard judges the series as it then stood)."""
    indicators = Indicator.objects.all()
    if codes is not None:
        indicators = indicators.filter(code__in=codes)
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    points, changes, targets = defaultdict(list), defaultdict(list), defaultdict(dict)
    by_id = {i.pk: i for i in indicators}
    readings = Reading.objects.filter(indicator_id__in=ids, state=Reading.State.APPROVED)
    if until is not None:
        readings = readings.filter(month__lte=until)
    for pk, month, value, numerator, denominator in readings.order_by("indicator_id", "month").values_list(
            "indicator_id", "month", "value", "numerator", "denominator"):
        figure = point_value(by_id[pk], value, numerator, denominator)
        if figure is not None:
            points[pk].append((month, figure))
    for pk, month in ChangeOfProcess.objects.filter(indicator_id__in=ids).values_list("indicator_id", "month"):
        changes[pk].append(month)
    for pk, year, period, value, kind, text in Target.objects.filter(indicator_id__in=ids).values_list(
            "indicator_id", "year", "period", "value", "kind", "text"):
        targets[pk][(year, period)] = TargetSpec(value, TargetKind(kind), text=text)
    return [
        SpcSeries(i, points[i.pk],
                  target_per_point(i, targets[i.pk], points[i.pk][-1][0]) if points[i.pk] else None,
                  sorted(changes[i.pk]))
        for i in indicators
    ]


def frame_of(series: list[SpcSeries]) -> pd.DataFrame:
    """The long table (code, month, value) of many series, as reports.spc.analyse_frame reads it."""
    rows = [(s.indicator.code, month, value) for s in series for month, value in s.points]
    return pd.DataFrame(rows, columns=["code", "month", "value"])


def configured_rules() -> tuple[str, bool | None]:
    """The preset and the screening the settings ask for (KPI_SPC_RULES, KPI_SPC_SCREEN_OUTLIERS)."""
    screen = {"on": True, "off": False}.get(settings.KPI_SPC_SCREEN_OUTLIERS)
    return settings.KPI_SPC_RULES, screen


def spc_results(codes=None, *, rules=None, screen_outliers=None,
                until: date | None = None) -> list[tuple[SpcSeries, spc.Result]]:
    """Each indicator's series (up to `until` if given) and its judgement: the settings' preset and
    screening unless given."""
    default_rules, default_screen = configured_rules()
    rules = rules or default_rules
    screen = default_screen if screen_outliers is None else screen_outliers
    series = spc_series(codes, until=until)
    results = spc.analyse_frame(frame_of(series), {s.indicator.code: s.arguments() for s in series}, rules=rules,
                                screen_outliers=screen)
    return [(s, results.get(s.indicator.code) or spc.analyse([], rules=rules)) for s in series]
