"""The consistency report: for a quarter, every status and arrow where the product and the
council's printed paper say different things, each with both values and the reason in words,
for the performance team to correct before publication. The page and the `consistency`
command both read `consistency_of`; neither decides again.

It reads the one scorecard (reports.scorecards): its rows already carry the computed value
and the printed one side by side (kpis.domain.published says what a printed word or arrow
means). Two kinds of line:
- differs: both say something, and not the same (the paper and the rules disagree);
- not checked: the paper printed one and the rules can give none (no numeric target, no
  figure for a period compared), so the page shows the printed one, marked "as published".
"""

import calendar
from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.periods import Month, Quarter
from kpis.domain.published import month_pair_field, published_direction
from kpis.domain.terms import Category, NoStatus, Polarity, TargetKind, label
from kpis.domain.writing import direction_text, figure_text, status_text, target_figure_text
from reports.scorecards import Scorecard, ScorecardRow, scorecard_for

DIFFERS = "differs"
NOT_CHECKED = "not_checked"
STATUS = "status"
DOT_YEAR = "dot_year"
DOT_QUARTER = "dot_quarter"
WHAT = {STATUS: "Status", DOT_YEAR: "Since last year", DOT_QUARTER: "Since last quarter"}


@dataclass(frozen=True)
class Difference:
    """One status or arrow where the product and the paper differ."""

    code: str
    title: str
    field: str  # status, dot_year, dot_quarter, or a month pair (dot_month_7_6)
    what: str  # "Status", "Since last year", "October against September"
    ours: str  # "Achieved ✓", "↓ Worse", or "–" where the rules give none
    printed: str  # as the paper means it: "Failed ✗", "↑ Better"
    printed_text: str  # as the paper printed it: "Failed", "↑"
    kind: str  # DIFFERS or NOT_CHECKED
    reason: str  # in words, from the figures the rules compared

    def as_dict(self) -> dict:
        return {"code": self.code, "title": self.title, "field": self.field, "what": self.what, "ours": self.ours,
                "printed": self.printed, "printed_text": self.printed_text, "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class ConsistencyReport:
    quarter: Quarter
    differences: list[Difference]

    @property
    def differing(self) -> list[Difference]:
        return [d for d in self.differences if d.kind == DIFFERS]

    @property
    def not_checked(self) -> list[Difference]:
        return [d for d in self.differences if d.kind == NOT_CHECKED]


def consistency_of(year: int, quarter: int) -> ConsistencyReport:
    """The quarter as the performance team sees it (drafts included: corrected before publication)."""
    return consistency_report(scorecard_for(year, quarter, include_drafts=True))


def consistency_report(scorecard: Scorecard) -> ConsistencyReport:
    differences = []
    for row in scorecard.rows:
        differences += [d for d in (_status(row), _direction(row, DOT_YEAR), _direction(row, DOT_QUARTER)) if d]
        differences += [d for month, computed in row.dot_months if (d := _month(row, month, computed))]
    return ConsistencyReport(scorecard.quarter, differences)


def _line(row: ScorecardRow, field: str, what: str, ours: str, printed: str, printed_text: str, differs: bool,
          reason: str) -> Difference:
    return Difference(row.code, row.title, field, what, ours, printed, printed_text or "",
                      DIFFERS if differs else NOT_CHECKED, reason)


def _figure(row: ScorecardRow, value: Decimal | None) -> str:
    return figure_text(value, row.unit, row.decimals)


def _better(polarity: Polarity) -> str:
    return {Polarity.UP: "higher is better", Polarity.DOWN: "smaller is better"}.get(polarity, "no polarity")


def _status(row: ScorecardRow) -> Difference | None:
    r, printed = row.result, row.published_status
    if printed is None or r.status == printed:
        return None
    if r.status is None:
        reason = f"The rules give no status: {_no_status(row)}. The page shows the printed one, as published."
    else:
        target = target_figure_text(r.target, row.unit, row.decimals)
        kind = " (last year's same period: a reduction target)" if r.target_kind is TargetKind.REDUCTION else ""
        reason = (f"{r.period.short_label} figure {_figure(row, r.figure)} against the target {target}{kind}, "
                  f"{_better(row.polarity)}: {label(r.status).lower()}; the paper printed "
                  f"{label(printed).lower()}. Check the target the paper judged against (an in-year profile, "
                  "a seasonal target) and the figure.")
    return _line(row, STATUS, WHAT[STATUS], status_text(r.status), status_text(printed),
                 row.published.get(STATUS, ""), r.status is not None, reason)


def _no_status(row: ScorecardRow) -> str:
    r = row.result
    if r.no_status_reason is NoStatus.NO_TARGET:
        text = r.target_text or r.year_target_text
        return f"the target {text!r} has no number to judge against" if text else "there is no target"
    if r.no_status_reason is NoStatus.NO_FIGURE:
        return f"there is no figure for {r.period.short_label}"
    if r.no_status_reason is not None:
        return label(r.no_status_reason).lower()
    return "nothing to judge"


def _direction(row: ScorecardRow, field: str) -> Difference | None:
    r = row.result
    computed = r.dot_year if field == DOT_YEAR else r.dot_quarter
    printed = row.published_dot_year if field == DOT_YEAR else row.published_dot_quarter
    if printed is None or computed == printed:
        return None
    if field == DOT_YEAR:
        compared = (f"{r.period.short_label} figure {_figure(row, r.figure)} against "
                    f"{_figure(row, r.last_year_figure)} for the same period last year")
        missing = "a figure for the quarter" if r.figure is None else "a figure for the same period last year"
    else:
        compared = f"the figures of {r.period.short_label} and {r.period.previous().short_label}"
        missing = "a figure for both quarters"
    if computed is None:
        reason = f"The rules cannot compare without {missing}. The page shows the printed arrow, as published."
    else:
        reason = (f"{compared[0].upper()}{compared[1:]}, {_better(row.polarity)}: {label(computed).lower()}; "
                  f"the paper printed {label(printed).lower()}.")
    return _line(row, field, WHAT[field], direction_text(computed), direction_text(printed),
                 row.published.get(field, ""), computed is not None, reason)


def _month(row: ScorecardRow, month: Month, computed) -> Difference | None:
    field = month_pair_field(month)
    printed_text = row.published.get(field)
    printed = published_direction(printed_text, row.polarity)
    if printed is None or computed == printed:
        return None
    earlier = month.previous()
    values = dict(row.sparkline)
    what = f"{_name(month)} against {_name(earlier)}"
    if computed is None:
        absent = " or ".join(_name(m) for m in (month, earlier) if m not in values) or what.replace("against", "or")
        reason = f"Not comparable: the rules have no published monthly figure for {absent}."
    else:
        reason = (f"{_name(month)} {_figure(row, values.get(month))} against {_name(earlier)} "
                  f"{_figure(row, values.get(earlier))}, {_better(row.polarity)}: {label(computed).lower()}; "
                  f"the paper printed {printed_text.strip()}, read as {label(printed).lower()}.")
        if row.polarity is Polarity.NONE and row.category is Category.DEMAND:
            reason += (" A demand measure has no polarity, so the product says higher or lower; the paper's arrow "
                       "may mean better or worse.")
    return _line(row, field, what, direction_text(computed), direction_text(printed), printed_text,
                 computed is not None, reason)


def _name(month: Month) -> str:
    return calendar.month_name[month.month]

