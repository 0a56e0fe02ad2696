"""How a figure, a status and an arrow are written: once, for the page, the charts and
the Excel appendix. Pure Python: no Django, no database.

A status or a direction is always a word with its mark ("Achieved ✓", "↑ Better"),
never a colour or a glyph alone. Where the product cannot compute a value and the
council printed one, the printed one is shown, marked "as published".
"""

from dataclasses import dataclass
from decimal import Decimal

from kpis.domain.rules import QuarterResult, needs_commentary
from kpis.domain.terms import STATUS_TONES, Direction, Frequency, NoStatus, Status, TargetKind, label
from kpis.domain.writing import NOTHING, direction_text, figure_text, plain_number, status_text, target_figure_text

AS_PUBLISHED = "as published"


def period_note(result: QuarterResult) -> str:
    """ "Q2 2016/17 figure – in arrears" when the figure is for an earlier quarter."""
    if not result.in_arrears:
        return ""
    return f"{result.period.short_label} figure – in arrears"


@dataclass(frozen=True)
class Shown:
    """A value as written on a page, and whether it is the council's printed one."""

    text: str
    as_published: bool = False
    tone: str = ""  # "good", "bad", "warn" or "": a colour beside the word and arrow, never instead

    @property
    def note(self) -> str:
        return AS_PUBLISHED if self.as_published else ""


# The colour of a status or direction; the word and the arrow always say it too.
TONES = {**STATUS_TONES, Direction.BETTER: "good", Direction.WORSE: "bad"}


def shown_direction(decided) -> Shown:
    """`decided` is a reports.scorecards.Decided: the value every reader shows, and whether
    it is the council's printed one."""
    if decided.value is None:
        return Shown(NOTHING)
    return Shown(direction_text(decided.value), decided.as_published, TONES.get(decided.value, ""))


def shown_status(decided, reason: NoStatus | None) -> Shown:
    if decided.value is None:
        return Shown(label(reason) if reason else NOTHING)
    return Shown(status_text(decided.value), decided.as_published, TONES.get(decided.value, ""))


@dataclass(frozen=True)
class DisplayRow:
    """A scorecard row as the page writes it."""

    row: object  # reports.scorecards.ScorecardRow
    figure: str
    period_note: str
    target: str
    target_text: str
    status: Shown
    dot_year: Shown
    dot_quarter: Shown
    commentary_note: str = ""  # COMMENTARY_MISSING when failed with no word from the service why


COMMENTARY_MISSING = "commentary missing"  # appendix 1b needs cause, action and forecast


def says_only(text: str, value: Decimal | None) -> bool:
    """Whether a printed target ("85", "50%", "1,700") says no more than its value: then it
    is not repeated under it. "650 by year end" or "regional average" is kept."""
    if not text:
        return True
    try:
        printed = Decimal(text.strip().removesuffix("%").replace(",", ""))
    except ArithmeticError:
        return False
    return value is not None and printed == value


def display_row(row) -> DisplayRow:
    """`row` is a reports.scorecards.ScorecardRow (not imported: this module stays pure)."""
    r = row.result
    if r.target is None and r.target_kind is TargetKind.NONE:
        target = label(TargetKind.NONE)
    else:
        target = target_figure_text(r.target, row.unit, row.decimals)
    return DisplayRow(
        row=row,
        figure=figure_text(r.figure, row.unit, row.decimals),
        period_note=period_note(r),
        target=target,
        target_text="" if says_only(r.target_text, r.target) else r.target_text,
        status=shown_status(row.status, r.no_status_reason),
        dot_year=shown_direction(row.dot_year),
        dot_quarter=shown_direction(row.dot_quarter),
        commentary_note=COMMENTARY_MISSING if needs_commentary(row.status.value) and not row.commentary.strip() else "",
    )


def _sort_key(value) -> tuple:
    """Sorts missing values last, whatever the direction of the rest."""
    return (1, 0) if value is None else (0, value)


def _order(member, members) -> tuple:
    return _sort_key(list(members).index(member) if member is not None else None)


def sparkline_svg(points, width=96, height=24) -> str:
    """The months that exist as a small line, with their figures as text for screen readers.
    Never padded: a month with no figure is simply not drawn."""
    if not points:
        return '<span class="visually-hidden">No monthly figures</span>'
    values = [float(value) for _, value in points]
    low, high = min(values), max(values)
    spread = (high - low) or 1.0
    step = width / max(len(values) - 1, 1)
    coordinates = " ".join(f"{i * step:.1f},{height - 2 - (v - low) / spread * (height - 4):.1f}"
                           for i, v in enumerate(values))
    words = ", ".join(f"{month.label} {plain_number(value)}" for month, value in points)
    return (f'<svg class="sparkline" width="{width}" height="{height}" aria-hidden="true" focusable="false">'
            f'<polyline fill="none" stroke="currentColor" stroke-width="1.5" points="{coordinates}"/></svg>'
            f'<span class="visually-hidden">{words}</span>')


def table_record(row) -> dict:
    """A scorecard row as the table shows and sorts it (reports.tables.ScorecardTable)."""
    from django.utils.safestring import mark_safe  # the one Django touch: the SVG is ours, built from numbers

    shown = display_row(row)
    r = row.result
    return {
        "code": row.code, "indicator": row.title, "title": row.title.lower(),
        "in_focus": row.in_focus, "includes_draft": row.includes_draft,
        "portfolio_holder": row.portfolio_holder or NOTHING, "directorate": row.directorate or NOTHING,
        "figure": shown.figure, "period_note": shown.period_note, "figure_sort": _sort_key(r.figure),
        "target": shown.target, "target_text": shown.target_text, "target_sort": _sort_key(r.target),
        "year_target": target_figure_text(r.year_target, row.unit, row.decimals),
        "year_target_sort": _sort_key(r.year_target), "ambition": row.ambition.words,
        "status": shown.status.text, "status_note": shown.status.note or shown.commentary_note,
        "status_tone": shown.status.tone, "dot_year_tone": shown.dot_year.tone,
        "dot_quarter_tone": shown.dot_quarter.tone,
        "status_sort": _order(row.status.value, Status),
        "disagrees": row.agrees is False, "published_status": status_text(row.published_status),
        "dot_year": shown.dot_year.text, "dot_year_note": shown.dot_year.note,
        "dot_year_sort": _order(row.dot_year.value, Direction),
        "dot_quarter": shown.dot_quarter.text, "dot_quarter_note": shown.dot_quarter.note,
        "dot_quarter_sort": _order(row.dot_quarter.value, Direction),
        # Bandit B308/B703, no XSS: sparkline_svg writes numbers and month labels of our own, no user text.
        "sparkline": mark_safe(sparkline_svg(row.sparkline)),  # nosec
    }


@dataclass(frozen=True)
class FocusBlock:
    """One of the report's "Focus" blocks (section 3.3)."""

    row: object
    latest: bool  # an annual or in-arrears figure: "Latest performance / Latest target"
    figure: str
    period_note: str
    target: str
    year_target: str
    status: Shown
    dot_year: Shown
    dot_quarter: Shown


def focus_block(row) -> FocusBlock:
    shown, r = display_row(row), row.result
    return FocusBlock(
        row=row, latest=r.in_arrears or row.frequency is Frequency.ANNUAL, figure=shown.figure,
        period_note=shown.period_note, target=shown.target,
        year_target=target_figure_text(r.year_target, row.unit, row.decimals),
        status=shown.status, dot_year=shown.dot_year, dot_quarter=shown.dot_quarter,
    )


@dataclass(frozen=True)
class PortfolioLine:
    """A line of the portfolio holder's table: KPI, last outturn, figure, target, performance, DOT."""

    code: str
    title: str
    last_outturn: str
    figure: str
    period_note: str
    target: str
    performance: Shown
    direction: Shown


def portfolio_line(row, last_outturn: str) -> PortfolioLine:
    shown = display_row(row)
    return PortfolioLine(row.code, row.title, last_outturn or NOTHING, shown.figure, shown.period_note, shown.target,
                         shown.status, shown.dot_year)
