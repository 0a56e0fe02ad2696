"""What must never happen is refused by the database itself, not only by our code."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from kpis.models import Commentary, Indicator, Portfolio, Reading, Target


@pytest.fixture
def indicator(db):
    return Indicator.objects.create(code="X", title="X")


def test_one_reading_per_indicator_per_month(indicator):
    Reading.objects.create(indicator=indicator, month=date(2016, 4, 1), value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reading.objects.create(indicator=indicator, month=date(2016, 4, 1), value=2)


def test_one_target_per_indicator_per_period(indicator):
    Target.objects.create(indicator=indicator, year=2016, period="Q3", value=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, year=2016, period="Q3", value=2)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param(dict(month=date(2016, 4, 2), value=1), id="a month is its first day"),
        pytest.param(dict(month=date(2016, 4, 1), numerator=1, denominator=0), id="zero denominator"),
        pytest.param(dict(month=date(2016, 4, 1), numerator=1), id="numerator without denominator"),
    ],
)
def test_reading_constraints(indicator, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Reading.objects.create(indicator=indicator, **values)


def test_absolute_target_needs_a_value(indicator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, year=2016, period="year", kind="absolute", value=None)
    Target.objects.create(indicator=indicator, year=2016, period="year", kind="none", value=None)


def test_one_commentary_per_quarter_and_quarters_are_1_to_4(indicator):
    Commentary.objects.create(indicator=indicator, year=2016, quarter=3, text="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        Commentary.objects.create(indicator=indicator, year=2016, quarter=3, text="b")
    with pytest.raises(IntegrityError), transaction.atomic():
        Commentary.objects.create(indicator=indicator, year=2016, quarter=5, text="c")


def test_a_portfolio_with_no_name_is_named_after_its_holder(db):
    portfolio = Portfolio.objects.create(holder="Cllr S Little")
    assert (portfolio.name, portfolio.slug) == ("Cllr S Little", "cllr-s-little")


def test_changes_are_kept_in_history(indicator):
    reading = Reading.objects.create(indicator=indicator, month=date(2016, 4, 1), value=1)
    reading.value = 2
    reading.save()
    assert [h.value for h in reading.history.order_by("history_id")] == [1, 2]


def test_the_importers_text_limits_are_the_models():
    from kpis.importing.contract import TEXT_LIMITS
    from kpis.models import Benchmark, ChangeOfProcess, Commentary, Indicator, Outturn, Target

    models = {"Indicators": Indicator, "Targets": Target, "Outturns": Outturn, "Benchmarks": Benchmark,
              "Commentary": Commentary, "SpcPeriods": ChangeOfProcess}
    renamed = {"portfolio": None, "portfolio_holder": None, "directorate": None}
    for (sheet, column), limit in TEXT_LIMITS.items():
        if column in renamed:  # kept on Portfolio and Directorate, both 200
            assert limit == Portfolio._meta.get_field("name").max_length
            continue
        assert models[sheet]._meta.get_field(column).max_length == limit, (sheet, column)
