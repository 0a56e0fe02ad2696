"""An officer's typed figure is checked in its unit as the import checks the same figure."""

from decimal import Decimal

import pytest

from kpis.domain.figures import EntryError, parse_value
from kpis.domain.rules import IndicatorSpec
from kpis.domain.terms import Unit
from kpis.domain.values import ANY_SIGN, unit_problem

REFUSED = [
    (Unit.RATE, "-5", "-5 is negative; a rate cannot be"),  # the form took it; the import never did
    (Unit.DAYS, "-3", "-3 is negative; a days cannot be"),
    (Unit.TIME, "-1", "-1 is negative; a time cannot be"),
    (Unit.PERCENT, "100.5", "100.5 is outside 0-100 for a percentage"),
    (Unit.PERCENT, "-1", "-1 is outside 0-100 for a percentage"),
]


@pytest.mark.parametrize("unit, typed, message", REFUSED, ids=[f"{u.value} {t}" for u, t, _ in REFUSED])
def test_entry_refuses_what_the_import_refuses_in_the_same_words(unit, typed, message):
    with pytest.raises(EntryError) as refused:
        parse_value(IndicatorSpec("X", unit=unit), typed)
    assert str(refused.value) == message
    # The import says the same, and how to allow a sign: change the unit on the Indicators sheet.
    imported = message + (f" ({ANY_SIGN})" if "negative" in message else "")
    assert unit_problem(Decimal(typed), unit, ANY_SIGN) == imported


@pytest.mark.parametrize("unit, typed", [(Unit.NUMBER, "-5"), (Unit.CURRENCY, "-432"), (Unit.RATE, "5.25"),
                                         (Unit.PERCENT, "100"), (Unit.PERCENT, "0")])
def test_entry_takes_what_the_import_takes(unit, typed):
    assert parse_value(IndicatorSpec("X", unit=unit), typed) == Decimal(typed)
    assert unit_problem(Decimal(typed), unit, ANY_SIGN) is None


def test_a_count_typed_is_stricter_than_imported_a_whole_number():
    with pytest.raises(EntryError, match="2.5 is not a count: use a whole number of 0 or more"):
        parse_value(IndicatorSpec("X", unit=Unit.COUNT), "2.5")
    assert unit_problem(Decimal("2.5"), Unit.COUNT) is None
