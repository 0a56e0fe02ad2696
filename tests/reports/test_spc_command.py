"""`manage.py spc --format json` on the demo (Thurrock's 2016/17, three quarters published): its shape, and one
indicator's limits recomputed here from the database's figures, independently of reports.spc."""

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kpis.domain.rules import TargetSpec
from kpis.domain.terms import TargetKind
from kpis.models import ChangeOfProcess, Indicator, Reading
from reports.spc_series import point_value, spc_series, target_per_point

KEYS = {"code", "rules", "periods", "points", "variation", "assurance"}
TYPES = {None, "common_cause", "special_cause_improvement", "special_cause_concern", "special_cause_neutral"}
ICONS = {None, "common_cause", "improvement_high", "improvement_low", "concern_high", "concern_low", "neutral_high",
         "neutral_low"}


def spc(*args):
    out = io.StringIO()
    call_command("spc", *args, "--format", "json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def published(code):
    """RENT's published figures, read here: approved readings, by month."""
    return [float(v) for v in Reading.objects.filter(indicator__code=code, state=Reading.State.APPROVED)
            .order_by("month").values_list("value", flat=True)]


def xmr(values, screen):
    """Mean and limits computed the plain way (floats), for comparison."""
    mean = sum(values) / len(values)
    ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    amr = sum(ranges) / len(ranges)
    if screen:
        kept = [r for r in ranges if r < 3.267 * amr]
        amr = sum(kept) / len(kept)
    return mean, mean - 2.66 * amr, mean + 2.66 * amr


def test_every_indicator_in_the_issues_shape(thurrock):
    records = spc()
    assert [r["code"] for r in records] == list(Indicator.objects.values_list("code", flat=True))
    for record in records:
        assert set(record) == KEYS
        assert record["rules"] == "mdc"
        assert record["variation"] in ICONS and record["assurance"] in {None, "consistent_pass",
                                                                        "consistent_fail", "inconsistent"}
        for period in record["periods"]:
            assert set(period) == {"start", "end", "mean", "lpl", "upl"}
            assert re.fullmatch(r"\d{4}-\d{2}", period["start"]) and re.fullmatch(r"\d{4}-\d{2}", period["end"])
            assert isinstance(period["mean"], float | int)
        for point in record["points"]:
            assert set(point) == {"month", "value", "type"}
            assert re.fullmatch(r"\d{4}-\d{2}", point["month"]) and isinstance(point["value"], float | int)
            assert point["type"] in TYPES
    # The demo has at most nine months a series: mdc gives no limits, no types, no icons below 13.
    rent = next(r for r in records if r["code"] == "RENT")
    assert len(rent["points"]) == 9
    assert rent["periods"][0]["lpl"] is None and rent["periods"][0]["upl"] is None
    assert {p["type"] for p in rent["points"]} == {None}
    assert (rent["variation"], rent["assurance"]) == (None, None)


def test_ptd_numbers_recomputed_independently(thurrock):
    values = published("RENT")
    [rent] = spc("--indicator", "RENT", "--rules", "ptd")
    assert rent["rules"] == "ptd"
    assert [p["value"] for p in rent["points"]] == values
    assert [p["month"] for p in rent["points"]] == [f"2016-{m:02}" for m in range(4, 13)]
    [period] = rent["periods"]
    assert (period["start"], period["end"]) == ("2016-04", "2016-12")
    mean, lpl, upl = xmr(values, screen=True)
    assert (period["mean"], period["lpl"], period["upl"]) == (pytest.approx(mean), pytest.approx(lpl),
                                                              pytest.approx(upl))
    # The target in force for December 2016 (Q3 of 2016/17) is Q3's 97.25, "higher is better".
    target = 97.25
    expected = "consistent_fail" if target > upl else "consistent_pass" if target < lpl else "inconsistent"
    assert rent["assurance"] == expected
    last = rent["points"][-1]["type"]
    icon = {"common_cause": "common_cause", "special_cause_improvement": "improvement_high",
            "special_cause_concern": "concern_low"}[last]
    assert rent["variation"] == icon

    [unscreened] = spc("--indicator", "RENT", "--rules", "ptd", "--screen-outliers", "off")
    mean, lpl, upl = xmr(values, screen=False)
    assert unscreened["periods"][0]["upl"] == pytest.approx(upl)


def test_the_settings_choose_the_rules(thurrock, settings):
    settings.KPI_SPC_RULES = "ptd"
    assert spc("--indicator", "RENT")[0]["rules"] == "ptd"
    assert spc("--indicator", "RENT", "--rules", "mdc")[0]["rules"] == "mdc"
    settings.KPI_SPC_SCREEN_OUTLIERS = "off"
    values = published("RENT")
    assert spc("--indicator", "RENT")[0]["periods"][0]["upl"] == pytest.approx(xmr(values, screen=False)[2])


def test_a_change_of_process_and_a_baseline(thurrock):
    rent = Indicator.objects.get(code="RENT")
    ChangeOfProcess.objects.create(indicator=rent, month=date(2016, 8, 1), reason="New contractor")
    values = published("RENT")
    [record] = spc("--indicator", "RENT", "--rules", "ptd", "--screen-outliers", "off")
    assert [(p["start"], p["end"]) for p in record["periods"]] == [("2016-04", "2016-07"), ("2016-08", "2016-12")]
    assert record["periods"][1]["mean"] == pytest.approx(sum(values[4:]) / 5)
    rent.spc_baseline = 3
    rent.save()
    [record] = spc("--indicator", "RENT", "--rules", "ptd", "--screen-outliers", "off")
    # ptd: the baseline's three points in each period.
    assert record["periods"][0]["mean"] == pytest.approx(sum(values[:3]) / 3)
    assert record["periods"][1]["upl"] == pytest.approx(xmr(values[4:7], screen=False)[2])
    # mdc: the baseline overrides the change, one period.
    [record] = spc("--indicator", "RENT")
    assert [(p["start"], p["end"], p["mean"]) for p in record["periods"]] == [
        ("2016-04", "2016-12", pytest.approx(sum(values[:3]) / 3))]


def test_only_published_figures(thurrock):
    Reading.objects.filter(indicator__code="RENT", month=date(2016, 12, 1)).update(state=Reading.State.SUBMITTED)
    [record] = spc("--indicator", "RENT")
    assert record["points"][-1]["month"] == "2016-11"


def test_an_unknown_indicator_is_refused(thurrock):
    with pytest.raises(CommandError, match="--indicator NOPE: no indicator has this code"):
        spc("--indicator", "NOPE")


def test_the_series_are_read_in_four_queries_with_the_target_at_the_monthly_scale(thurrock,
                                                                                  django_assert_num_queries):
    with django_assert_num_queries(4):
        series = {s.indicator.code: s for s in spc_series()}
    assert len(series) == Indicator.objects.count()
    # HOMES, a sum, year to date: Q3's 450 covers April to December, 50 a month.
    assert series["HOMES"].target == 50
    # SICK, a sum whose Q3 target is 6.75 days by December: 0.75 a month.
    assert series["SICK"].target == Decimal("0.75")
    # RENT, a latest value: Q3's 97.25 as it is.
    assert series["RENT"].target == Decimal("97.25")


@pytest.mark.parametrize(("basis", "period", "target"), [
    ("quarter", "Q3", Decimal(90)),  # the quarter's own 90 over its 3 months: 30 a month, 90 a point
    ("ytd", "Q3", Decimal(270)),  # April to December's 270 over 9 months: 30 a month, 90 a point
])
def test_a_quarterly_sums_point_is_compared_with_a_quarters_share_of_the_target(basis, period, target):
    """A series reported only by quarter has a point a quarter (on its last month): its target is at that scale."""
    indicator = Indicator(code="Q", rollup="sum", frequency="quarterly", target_basis=basis, unit="number",
                          category="kpi", polarity="up")
    targets = {(2016, period): TargetSpec(target, TargetKind.ABSOLUTE)}
    assert target_per_point(indicator, targets, date(2016, 12, 1)) == 90


def test_a_ratios_point_is_its_numerator_over_its_denominator():
    indicator = Indicator(code="R", rollup="ratio", unit="percent")
    assert point_value(indicator, Decimal("37"), Decimal(3), Decimal(8)) == Decimal("37.5")
    assert point_value(indicator, Decimal("37"), None, None) == Decimal("37")
    assert point_value(Indicator(code="S", rollup="sum"), Decimal(5), Decimal(3), Decimal(8)) == Decimal(5)
