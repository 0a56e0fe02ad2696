"""The indicator chart (reports/charts.py): what it draws is the readings and the rules'
figures, nothing padded or guessed, and it reads in greyscale."""

from decimal import Decimal as D
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from kpis.domain.periods import Month, Quarter
from kpis.domain.rules import (
    IndicatorSpec,
    MonthFigure,
    Series,
    TargetSpec,
    assess_quarter,
    quarter_figure,
    to_precision,
)
from kpis.domain.terms import Flag, Polarity, Rollup, TargetBasis, TargetKind, Unit
from kpis.selectors.indicator import BenchmarkFigure
from reports.charts import MONTHS, chart_table, indicator_chart, quarter_table
from reports.scorecards import decide
from tests.reports.rent import RENT, RENT_2015, RENT_2016, RENT_SERIES, RENT_TARGETS, months

LAC = IndicatorSpec("LAC", unit=Unit.COUNT, rollup=Rollup.SUM)
CALL = IndicatorSpec("CALL", unit=Unit.TIME, rollup=Rollup.MEAN, polarity=Polarity.DOWN,
                     target_basis=TargetBasis.QUARTER)


def chart(spec=RENT, series=RENT_SERIES, targets=RENT_TARGETS, benchmarks=(), year=2016, **kwargs):
    return indicator_chart(spec, "% Rent collected", series, targets, benchmarks, year, **kwargs)


def trace(figure, name):
    """The trace called `name`, whatever it adds in brackets ("(includes drafts)")."""
    found = [t for t in figure["data"] if t["name"] == name or t["name"].startswith(f"{name} (")]
    assert len(found) == 1, [t["name"] for t in figure["data"]]
    return found[0]


def label(month: Month) -> str:
    return MONTHS[month.number - 1]


def test_the_monthly_lines_are_the_readings_and_nothing_else():
    figure = chart()
    this_year, last_year = trace(figure, "2016/17"), trace(figure, "2015/16")
    assert this_year["x"] == [label(f.month) for f in RENT_2016]
    assert this_year["y"] == [float(f.value) for f in RENT_2016]
    assert "Jun" not in this_year["x"] and None not in this_year["y"]  # the missing month is not padded
    assert "Jan" not in this_year["x"]  # nor are the months still to come
    assert last_year["x"] == [label(f.month) for f in RENT_2015]
    assert last_year["y"] == [float(f.value) for f in RENT_2015]


def test_both_years_share_one_april_to_march_axis():
    xaxis = chart()["layout"]["xaxis"]
    assert xaxis["categoryarray"] == [
        "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"]
    assert xaxis["type"] == "category" and "2016/17" in xaxis["title"]["text"]


def test_figures_are_drawn_at_the_indicators_precision():
    series = Series(months("2016-04", "77.904", "90.395"))
    assert trace(chart(series=series), "2016/17")["y"] == [77.9, 90.4]


def test_a_month_with_no_value_is_left_out():
    # Reoffending's December is "Qtr in arrears": a reading with a flag and no figure.
    series = Series([*months("2016-06", "6"), *months("2016-09", "8"),
                     MonthFigure(Month(2016, 12), None, flag=Flag.IN_ARREARS)])
    assert trace(chart(series=series), "2016/17")["x"] == ["Jun", "Sep"]


def test_a_year_without_figures_draws_no_line_for_it():
    names = [t["name"] for t in chart(series=Series(RENT_2016))["data"]]
    assert not any(name.startswith("2015/16") for name in names)


@pytest.mark.parametrize("spec", [
    RENT,
    IndicatorSpec("HOMES", unit=Unit.COUNT, rollup=Rollup.SUM),
    IndicatorSpec("EMR", unit=Unit.DAYS, decimals=2, rollup=Rollup.MEAN, polarity=Polarity.DOWN),
    IndicatorSpec("POT", unit=Unit.PERCENT, decimals=2, rollup=Rollup.RATIO, target_basis=TargetBasis.QUARTER),
], ids=lambda spec: f"{spec.code} {spec.rollup.value} {spec.target_basis.value}")
def test_quarter_markers_are_the_rules_quarter_figures(spec):
    quarters = trace(chart(spec=spec), "2016/17 quarter figure")
    expected = [(q, quarter_figure(spec, RENT_SERIES, q)) for q in (Quarter(2016, n) for n in range(1, 5))]
    expected = [(q, figure) for q, figure in expected if figure is not None]
    assert quarters["x"] == [label(q.last_month) for q, _ in expected] == ["Jun", "Sep", "Dec"]
    assert quarters["y"] == [float(figure) for _, figure in expected]
    assert quarters["mode"] == "markers"


def test_the_quarter_markers_say_year_to_date_or_quarter():
    assert trace(chart(), "2016/17 quarter figure")["name"] == "2016/17 quarter figure (year to date)"
    call = chart(spec=CALL, series=Series(months("2016-10", 105, 130, 115)), targets={})
    assert trace(call, "2016/17 quarter figure")["name"] == "2016/17 quarter figure (quarter)"


def test_a_year_target_for_a_count_is_profiled_through_the_year():
    # "650 by year end" -> Q1 162.5, Q2 325, Q3 487.5, Q4 650 (Local Area Coordinators, 2016/17).
    targets = {(2016, "year"): TargetSpec(D("650"), text="650 by year end")}
    lac = chart(spec=LAC, series=Series(months("2016-06", 359, None, None, 117)), targets=targets)
    target = trace(lac, "2016/17 target")
    assert target["x"] == ["Jun", "Sep", "Dec", "Mar"]
    assert target["y"] == [162.5, 325, 487.5, 650]
    assert target["name"] == "2016/17 target (profiled through the year)"
    assert target["text"] == ["162.5", "325", "487.5", "650"]  # a target keeps its places


def test_a_quarters_own_target_is_used_where_given():
    target = trace(chart(), "2016/17 target")
    assert target["y"] == [99, 99, 97.25, 99]  # % Rent collected: Q3 set at 97.25, the year at 99
    assert target["name"] == "2016/17 target"


@pytest.mark.parametrize("kind", [TargetKind.REDUCTION, TargetKind.NONE])
def test_a_target_with_no_height_draws_no_line(kind):
    figure = chart(targets={(2016, "year"): TargetSpec(None, kind)})
    assert not [t for t in figure["data"] if "target" in t["name"]]


def test_benchmarks_are_level_lines_across_the_year():
    benchmarks = [BenchmarkFigure("national", 2015, D("34.2")), BenchmarkFigure("regional", 2015, D("31.7"))]
    figure = chart(benchmarks=benchmarks)
    national, regional = trace(figure, "National benchmark (2015/16)"), trace(figure, "Regional benchmark (2015/16)")
    assert national["x"] == ["Apr", "Mar"] and national["y"] == [34.2, 34.2]
    assert regional["y"] == [31.7, 31.7]
    assert national["line"]["dash"] != regional["line"]["dash"]


def test_every_line_reads_in_greyscale():
    figure = chart(benchmarks=[BenchmarkFigure("national", 2015, D("34.2")),
                               BenchmarkFigure("regional", 2015, D("31.7"))])
    looks = [(t["mode"], t.get("line", {}).get("dash"), t.get("marker", {}).get("symbol")) for t in figure["data"]]
    assert len(figure["data"]) == 6
    assert len(set(looks)) == len(looks), looks  # told apart without colour


def test_it_has_a_legend_and_axis_titles_with_the_unit():
    layout = chart()["layout"]
    assert layout.get("showlegend", True) and "legend" in layout
    assert layout["yaxis"]["title"]["text"] == "Percent"
    assert layout["xaxis"]["title"]["text"].startswith("Month")


def test_times_are_written_mm_ss_on_the_axis():
    targets = {(2016, "year"): TargetSpec(D("120"))}
    call = chart(spec=CALL, series=Series(months("2016-10", 105, 130, 115)), targets=targets)
    yaxis = call["layout"]["yaxis"]
    assert yaxis["title"]["text"] == "Time (mm:ss)"
    assert dict(zip(yaxis["tickvals"], yaxis["ticktext"], strict=True))[120] == "2:00"
    assert trace(call, "2016/17")["text"] == ["1:45", "2:10", "1:55"]


def test_it_is_a_valid_plotly_figure():
    go.Figure(chart(benchmarks=[BenchmarkFigure("national", 2015, D("34.2"))]))  # raises on any bad key


def test_a_draft_month_is_named_in_the_line_and_the_quarter_markers():
    drafts = {Month(2016, 12): "Draft"}
    figure = chart(drafts=drafts)
    assert trace(figure, "2016/17")["name"] == "2016/17 (includes drafts)"
    assert trace(figure, "2016/17")["text"][-1] == "97.10% (draft)"
    assert trace(figure, "2016/17 quarter figure")["name"].endswith("(includes drafts)")
    assert trace(figure, "2015/16")["name"] == "2015/16"
    assert "drafts" not in trace(chart(), "2016/17")["name"]


# --- the same numbers as text --------------------------------------------------------------


def test_the_table_holds_every_number_of_the_chart():
    benchmarks = [BenchmarkFigure("national", 2015, D("34.2"))]
    figure, table = chart(benchmarks=benchmarks), chart_table(RENT, RENT_SERIES, RENT_TARGETS, benchmarks, 2016)
    rows = {row.label[:3]: row for row in table.rows}
    for column, data in enumerate(t for t in figure["data"] if not t["name"].startswith("National")):
        assert table.columns[column] == data["name"]
        for x, text in zip(data["x"], data["text"], strict=True):
            assert rows[x].cells[column].text == text
    assert table.benchmarks == (("National benchmark (2015/16)", "34.20%"),)


def test_the_table_has_a_row_per_month_drawn_and_last_year_beside_this_year():
    table = chart_table(RENT, RENT_SERIES, RENT_TARGETS, [], 2016)
    assert [row.label for row in table.rows] == [
        "Apr 2016", "May 2016", "Jun 2016", "Jul 2016", "Aug 2016", "Sep 2016", "Oct 2016", "Nov 2016", "Dec 2016",
        "Mar 2017"]  # March: the year-end target; January and February have nothing to show
    april = table.rows[0]
    assert [cell.text for cell in april.cells] == ["77.90%", "78.10%", "–", "–"]
    # June: no reading this year; Q1's figure is May's, the latest month with one (a snapshot).
    assert [cell.text for cell in table.rows[2].cells] == ["–", "93.50%", "90.39%", "99.00%"]
    assert "2015/16 on the row of the same month" in table.caption


def test_the_table_marks_a_draft():
    table = chart_table(RENT, RENT_SERIES, RENT_TARGETS, [], 2016, drafts={Month(2016, 12): "Draft"})
    december = next(row for row in table.rows if row.label == "Dec 2016")
    assert december.cells[0].draft == "Draft" and december.cells[1].draft == ""


def scorecard_row(spec, result, commentary="", draft_mark=""):
    """What quarter_table reads of a reports.scorecards.ScorecardRow, nothing printed beside it."""
    return SimpleNamespace(result=result, unit=spec.unit, decimals=spec.decimals, commentary=commentary,
                           status=decide(result.status, None), dot_year=decide(result.dot_year, None),
                           dot_quarter=decide(result.dot_quarter, None), draft_mark=draft_mark)


def test_the_quarter_table_writes_statuses_and_directions_in_words_and_arrows():
    results = [assess_quarter(RENT, RENT_SERIES, RENT_TARGETS, Quarter(2016, n)) for n in range(1, 5)]
    rows = quarter_table([scorecard_row(RENT, r, "Housing benefit delays." if r.quarter.number == 3 else "")
                          for r in results])
    q3 = rows[2].shown
    assert (q3.figure, q3.target, q3.status.text) == ("97.10%", "97.25%", "Failed ✗")
    assert q3.dot_year.text == "↓ Worse"  # 97.10 against December 2015's 97.60
    assert q3.dot_quarter.text == "↑ Better"
    assert q3.commentary_note == ""
    assert rows[1].shown.commentary_note == "commentary missing"
    assert rows[3].shown.status.text == "No figure yet"


def test_the_quarter_table_says_when_a_figure_is_in_arrears():
    spec = IndicatorSpec("REOFF", unit=Unit.PERCENT, polarity=Polarity.DOWN)
    series = Series([*months("2016-06", "6"), *months("2016-09", "8"),
                     MonthFigure(Month(2016, 12), None, flag=Flag.IN_ARREARS)])
    targets = {(2016, "Q2"): TargetSpec(D("25"))}
    result = assess_quarter(spec, series, targets, Quarter(2016, 3))
    row = quarter_table([scorecard_row(spec, result, draft_mark="Draft")])[0]
    assert row.shown.figure == "8%" and row.shown.period_note == "Q2 2016/17 figure – in arrears"
    assert row.shown.status.text == "Achieved ✓"
    assert row.draft == "Draft"  # the Q2 figure it reports is not yet published


def test_quarter_markers_match_the_rounded_readings_for_a_snapshot():
    # "% Rent collected" is a snapshot: its December value is the Q3 figure.
    q3 = trace(chart(), "2016/17 quarter figure")["y"][-1]
    assert q3 == float(to_precision(D("97.1"), 2))
