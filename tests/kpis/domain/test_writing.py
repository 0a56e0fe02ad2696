"""How a plain figure is written in messages, history and the fields an officer edits."""

from decimal import Decimal as D

import pytest

from kpis.domain.writing import decimal_places, plain_number


@pytest.mark.parametrize("value, text", [
    (D("80.50"), "80.5"),  # trailing zeros go
    (D("1E+3"), "1000"),  # never an exponent
    (D("5838"), "5838"),  # no thousands separator: the text goes back into a field as typed
    (D("-3.0"), "-3"),
    (D("0.00"), "0"),
    (D("0.001"), "0.001"),
])
def test_plain_number(value, text):
    assert plain_number(value) == text


@pytest.mark.parametrize("value, places", [(D("487.50"), 1), (D("650"), 0), (D("1E+2"), 0), (D("76.51"), 2)])
def test_decimal_places(value, places):
    assert decimal_places(value) == places
