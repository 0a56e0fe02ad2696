"""Target ambition (kpis/domain/ambition.py): a target easier than last year's outturn or a
benchmark, by polarity, as tables a reader can check by eye. A tie is not easier."""

from decimal import Decimal as D

import pytest

from kpis.domain.ambition import NOT_EASIER, Reference, benchmark_name, is_easier, target_ambition
from kpis.domain.terms import Polarity

UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE

EASIER = [
    # target, reference, polarity, easier
    (D("85"), D("95"), UP, True),  # REP 2016/17: 85 against last year's 95
    (D("96"), D("95"), UP, False),
    (D("95"), D("95"), UP, False),  # a tie asks as much as was done: not easier
    (D("95.00"), D("95"), UP, False),  # the same number however written
    (D("20"), D("9.73"), DOWN, True),  # NONURG: 20 days allowed, 9.73 last year (smaller is better)
    (D("5"), D("9.73"), DOWN, False),
    (D("9.73"), D("9.73"), DOWN, False),
    (D("0"), D("0"), DOWN, False),  # GF: nothing overspent, as last year
    (D("1700"), D("2504"), NONE, False),  # a demand measure has no better side
    (D("3000"), D("2504"), NONE, False),
    (D("-5"), D("-3"), UP, True),
]


@pytest.mark.parametrize("target, reference, polarity, expected", EASIER,
                         ids=[f"{t}-v-{r}-{p.value}" for t, r, p, _ in EASIER])
def test_is_easier(target, reference, polarity, expected):
    assert is_easier(target, reference, polarity) is expected


LAST = Reference("last year's outturn", D("92.1"), "92.1%")


def test_easier_than_last_years_outturn_says_so_in_words():
    ambition = target_ambition(D("90"), UP, LAST)
    assert ambition.easier and ambition.easier_than == (LAST,)
    assert ambition.words == "Easier than last year's outturn (92.1%)"


def test_easier_than_the_outturn_and_each_benchmark_lists_them_all():
    ambition = target_ambition(D("2"), DOWN, Reference("last year's outturn", D("0"), "0%"),
                               [("benchmark", D("1.52"), "1.52%"), ("national", D("3"), "3%")])
    assert ambition.words == "Easier than last year's outturn (0%) and the benchmark (1.52%)"
    last = Reference("last year's outturn", D("8"), "8 days")
    three = target_ambition(D("10"), DOWN, last, [("national", D("5"), ""), ("regional", D("6"), "6 per 1,000"),
                                                  ("unitary", D("12"), "12")])  # 10 is harder than 12
    assert three.words == ("Easier than last year's outturn (8 days), the national benchmark (5) "
                           "and the regional benchmark (6 per 1,000)")


@pytest.mark.parametrize("target, polarity, last, benchmarks", [
    (None, UP, LAST, []),  # no number to compare ("regional average")
    (D("80"), NONE, LAST, []),  # no polarity
    (D("80"), UP, None, []),  # nothing to compare with
    (D("80"), UP, None, [("national", None, "not published")]),  # a benchmark with no number
    (D("92.1"), UP, LAST, [("national", D("92.1"), "")]),  # ties
    (D("95"), UP, LAST, [("national", D("90"), "")]),  # harder than both
    (D("1000"), DOWN, None, [("baseline", D("900"), "900")]),  # a baseline is where a measure started
])
def test_not_easier(target, polarity, last, benchmarks):
    ambition = target_ambition(target, polarity, last, benchmarks)
    assert ambition == NOT_EASIER and not ambition.easier and ambition.words == ""


def test_a_reference_with_no_printed_text_is_written_as_its_number():
    ambition = target_ambition(D("80"), UP, Reference("last year's outturn", D("84.500000")))
    assert ambition.words == "Easier than last year's outturn (84.5)"


@pytest.mark.parametrize("kind, name", [("benchmark", "the benchmark"), ("national", "the national benchmark"),
                                        ("Unitary  average", "the unitary average benchmark"), ("", "the benchmark")])
def test_benchmark_names(kind, name):
    assert benchmark_name(kind) == name
