"""How figures, statuses and arrows are written (reports/presentation.py): always a word
with its mark, never a glyph or a colour alone."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from kpis.domain.periods import Quarter
from kpis.domain.rules import QuarterResult
from kpis.domain.terms import Direction, NoStatus, Status, TargetKind, Unit
from reports.presentation import (
    direction_text,
    display_row,
    figure_text,
    period_note,
    shown_direction,
    shown_status,
    status_text,
    target_figure_text,
)
from reports.scorecards import decide

FIGURES = [
    # value, unit, decimals, written
    ("80.04", Unit.PERCENT, 2, "80.04%"),  # % Council Tax collected, Dec-16
    ("8", Unit.PERCENT, 0, "8%"),
    ("76.5094", Unit.PERCENT, 2, "76.51%"),  # "821 of 1073 service users = 76.51%"
    ("5838", Unit.COUNT, 0, "5,838"),
    ("2.345", Unit.DAYS, 2, "2.35"),  # rounds half up, as the council prints
    ("117", Unit.TIME, 0, "1:57"),  # seconds as mm:ss
    ("116.6", Unit.TIME, 0, "1:57"),
    ("59", Unit.TIME, 0, "0:59"),
    ("1250.4", Unit.CURRENCY, 0, "£1,250k"),
    ("-312", Unit.CURRENCY, 0, "-£312k"),  # a budget variance
    ("-0.001", Unit.NUMBER, 2, "0.00"),  # no "-0.00"
    ("72.35", Unit.RATE, 1, "72.4"),
    (None, Unit.COUNT, 0, "–"),
]


@pytest.mark.parametrize("value, unit, decimals, written", FIGURES, ids=[f"{f[0]}-{f[1].value}" for f in FIGURES])
def test_figure_text(value, unit, decimals, written):
    assert figure_text(value and Decimal(value), unit, decimals) == written


def test_a_profiled_target_keeps_its_places():
    # "650 by year end" profiled to Q3 is 487.5, not 488.
    assert target_figure_text(Decimal("487.500000"), Unit.COUNT, 0) == "487.5"
    assert target_figure_text(Decimal("120"), Unit.TIME, 0) == "2:00"


@pytest.mark.parametrize("status, written", [(Status.ACHIEVED, "Achieved ✓"), (Status.FAILED, "Failed ✗"),
                                             (Status.GREEN, "Green ✓"), (Status.AMBER, "Amber !"),
                                             (Status.RED, "Red ✗"), (None, "–")])
def test_status_text_is_a_word_with_its_mark(status, written):
    assert status_text(status) == written


@pytest.mark.parametrize("direction, written", [(Direction.BETTER, "↑ Better"), (Direction.STATIC, "→ Static"),
                                                (Direction.WORSE, "↓ Worse"), (Direction.HIGHER, "↑ Higher"),
                                                (Direction.LOWER, "↓ Lower"), (None, "–")])
def test_direction_text_is_an_arrow_with_its_word(direction, written):
    assert direction_text(direction) == written


def test_the_computed_value_comes_first_and_the_printed_one_is_marked():
    assert shown_direction(decide(Direction.WORSE, Direction.BETTER)).text == "↓ Worse"
    printed = shown_direction(decide(None, Direction.BETTER))
    assert (printed.text, printed.note) == ("↑ Better", "as published")
    assert shown_direction(decide(None, None)).text == "–"
    assert shown_status(decide(None, Status.ACHIEVED), NoStatus.NO_FIGURE).note == "as published"
    assert shown_status(decide(None, None), NoStatus.NEW_METHOD).text == "New method"
    assert shown_status(decide(Status.FAILED, Status.ACHIEVED), None).text == "Failed ✗"


def test_period_note_names_the_quarter_of_an_in_arrears_figure():
    def result(period):
        return QuarterResult(quarter=Quarter(2016, 3), period=period, figure=Decimal(8), target=None,
                             target_kind=None, year_target=None, status=None, no_status_reason=None,
                             dot_year=None, dot_quarter=None)

    assert period_note(result(Quarter(2016, 2))) == "Q2 2016/17 figure – in arrears"
    assert period_note(result(Quarter(2016, 3))) == ""


def scorecard_row(target, target_text, unit=Unit.PERCENT, decimals=0):
    result = QuarterResult(quarter=Quarter(2016, 3), period=Quarter(2016, 3), figure=Decimal(80), target=target,
                           target_kind=TargetKind.ABSOLUTE, year_target=None, status=Status.ACHIEVED,
                           no_status_reason=None, dot_year=None, dot_quarter=None, target_text=target_text)
    return SimpleNamespace(result=result, unit=unit, decimals=decimals, commentary="",
                           status=decide(result.status, None), dot_year=decide(None, Direction.BETTER),
                           dot_quarter=decide(None, None))


@pytest.mark.parametrize("target, printed, shown", [
    ("72", "72", ""),  # says no more than the figure: not repeated
    ("50", "50%", ""),
    ("1700", "1,700", ""),
    ("80", "fixed at 80", "fixed at 80"),
    ("3.8", "3.8 regional average", "3.8 regional average"),
    ("85", "90", "90"),  # a printed target that differs is never hidden
])
def test_a_printed_target_is_shown_when_it_says_more(target, printed, shown):
    assert display_row(scorecard_row(Decimal(target), printed)).target_text == shown


def test_display_row_writes_every_cell():
    shown = display_row(scorecard_row(Decimal("79.86"), "", decimals=2))
    assert (shown.figure, shown.target, shown.status.text, shown.period_note) == ("80.00%", "79.86%", "Achieved ✓", "")
    assert (shown.dot_year.text, shown.dot_year.note, shown.dot_quarter.text) == ("↑ Better", "as published", "–")
