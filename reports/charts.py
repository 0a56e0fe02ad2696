"""An indicator's year as a chart, and the same numbers as tables beneath it.

The only module that knows plotly's figure format (a dict of `data` and `layout`, drawn
by plotly.js in static/js/charts.js). Pure: it takes plain data (kpis.domain.rules types) and
never reads the database, so a test can hold the chart against the readings.

Members take the page to committee on paper, often printed in black and white: every
line differs from the others by its dash and marker, not by colour alone, and the
chart's numbers are repeated as text in a table for screen readers.
"""

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from kpis.domain.periods import MONTH_NAMES, Month, Quarter, year_label, year_months
from kpis.domain.rules import (
    IndicatorSpec,
    Series,
    Targets,
    quarter_figure,
    quarter_target,
    span,
    to_precision,
)
from kpis.domain.summary import SCHEME_STATUSES
from kpis.domain.terms import STATUS_TONES, TargetBasis, TargetKind, Unit, label
from reports.presentation import NOTHING, DisplayRow, display_row, figure_text, target_figure_text

# The x axis is the financial year's months, so this year and last overlay month by month.
MONTHS = tuple(MONTH_NAMES[(3 + i) % 12] for i in range(12))  # Apr ... Mar
INCLUDES_DRAFTS = "(includes drafts)"


class Drawn(Enum):
    """What a line of the chart shows."""

    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"
    QUARTERS = "quarters"
    TARGET = "target"
    BENCHMARK = "benchmark"


# Each line reads in greyscale by its dash and marker; the colours only help on screen.
STYLES = {
    Drawn.THIS_YEAR: {"mode": "lines+markers", "line": {"color": "#0b0c0c", "width": 3, "dash": "solid"},
                      "marker": {"symbol": "circle", "size": 8}},
    Drawn.LAST_YEAR: {"mode": "lines+markers", "line": {"color": "#6f777b", "width": 2, "dash": "dash"},
                      "marker": {"symbol": "square-open", "size": 8}},
    Drawn.QUARTERS: {"mode": "markers", "marker": {"symbol": "diamond-open", "size": 14, "color": "#1d4f91",
                                                   "line": {"width": 3, "color": "#1d4f91"}}},
    Drawn.TARGET: {"mode": "lines+markers", "line": {"color": "#912b88", "width": 2, "dash": "longdash"},
                   "marker": {"symbol": "x", "size": 9}},
    Drawn.BENCHMARK: {"mode": "lines", "line": {"color": "#505a5f", "width": 2}},
}
# Benchmarks differ from one another by dash too.
BENCHMARK_DASHES = ("dot", "dashdot", "longdashdot")


@dataclass(frozen=True)
class Line:
    """One thing drawn: its points (month, value) and how its values are written."""

    drawn: Drawn
    name: str
    points: tuple[tuple[Month, Decimal], ...]
    written: Callable[[Decimal], str]
    drafts: Mapping[Month, str] = field(default_factory=dict)  # point's month -> its draft mark
    dash: str = ""


def _drafts_named(name: str, drafts: Mapping) -> str:
    return f"{name} {INCLUDES_DRAFTS}" if drafts else name


def _month_lines(spec: IndicatorSpec, series: Series, year: int, drafts: Mapping[Month, str]) -> list[Line]:
    lines = []
    for shown_year, drawn in ((year, Drawn.THIS_YEAR), (year - 1, Drawn.LAST_YEAR)):
        # Only the months with a figure: a missing month is never drawn as zero, nor guessed.
        points = tuple((f.month, to_precision(f.value, spec.decimals))
                       for f in series.over(year_months(shown_year)) if f.value is not None)
        marked = {month: drafts[month] for month, _ in points if month in drafts}
        lines.append(Line(drawn, _drafts_named(year_label(shown_year), marked), points, _figure_writer(spec), marked))
    return lines


def _quarter_line(spec: IndicatorSpec, series: Series, year: int, drafts: Mapping[Month, str]) -> Line:
    points, marked = [], {}
    for quarter in (Quarter(year, n) for n in range(1, 5)):
        figure = quarter_figure(spec, series, quarter)
        if figure is None:
            continue
        points.append((quarter.last_month, figure))
        marks = [drafts[month] for month in span(spec, quarter) if month in drafts]
        if marks:
            marked[quarter.last_month] = marks[0]
    basis = "year to date" if spec.target_basis is TargetBasis.YTD else "quarter"
    name = _drafts_named(f"{year_label(year)} quarter figure ({basis})", marked)
    return Line(Drawn.QUARTERS, name, tuple(points), _figure_writer(spec), marked)


def _target_line(spec: IndicatorSpec, targets: Targets, year: int) -> Line:
    points, profiled = [], False
    for quarter in (Quarter(year, n) for n in range(1, 5)):
        target = quarter_target(spec, targets, quarter)
        # A relative target ("Lower than 2015/16") or "no target" has no height to draw.
        if target is None or target.kind is not TargetKind.ABSOLUTE or target.value is None:
            continue
        points.append((quarter.last_month, target.value))
        profiled = profiled or target.profiled
    name = f"{year_label(year)} target" + (" (profiled through the year)" if profiled else "")
    return Line(Drawn.TARGET, name, tuple(points), _target_writer(spec))


def _benchmark_lines(spec: IndicatorSpec, benchmarks: Iterable, year: int) -> list[Line]:
    """A benchmark is one figure for the year: a level line from April to March."""
    first, last = year_months(year)[0], year_months(year)[-1]
    known = [b for b in benchmarks if b.value is not None]
    return [
        Line(Drawn.BENCHMARK, f"{_benchmark_name(b.kind)} ({year_label(b.year)})", ((first, b.value), (last, b.value)),
             _target_writer(spec), dash=BENCHMARK_DASHES[i % len(BENCHMARK_DASHES)])
        for i, b in enumerate(known)
    ]


def _benchmark_name(kind: str) -> str:
    """ "national" -> "National benchmark"; "benchmark" or "unitary average" as they are."""
    name = kind.strip().capitalize()
    return name if name.lower() in ("benchmark", "baseline") or "average" in name.lower() else f"{name} benchmark"


def _figure_writer(spec: IndicatorSpec) -> Callable[[Decimal], str]:
    return lambda value: figure_text(value, spec.unit, spec.decimals)


def _target_writer(spec: IndicatorSpec) -> Callable[[Decimal], str]:
    return lambda value: target_figure_text(value, spec.unit, spec.decimals)


def chart_lines(spec: IndicatorSpec, series: Series, targets: Targets, benchmarks: Iterable, year: int, *,
                drafts: Mapping[Month, str] | None = None) -> list[Line]:
    """What the chart of financial year `year` draws; a line with no point is left out.

    `benchmarks`: objects with kind, year and value (kpis.selectors.indicator.BenchmarkFigure).
    `drafts`: each unpublished month shown, with its mark ("Draft")."""
    drafts = drafts or {}
    lines = [*_month_lines(spec, series, year, drafts), _quarter_line(spec, series, year, drafts),
             _target_line(spec, targets, year), *_benchmark_lines(spec, benchmarks, year)]
    return [line for line in lines if line.points]


# --- the plotly figure -------------------------------------------------------------------


def plotly_text(text: str) -> str:
    """Text as plotly.js shows it literally: it reads <a href>, <b>, <span style> ... in any
    text as markup, and decodes the entities back to the characters typed. Titles and
    benchmark kinds are typed by people."""
    return html.escape(text, quote=False)


def _trace(line: Line) -> dict:
    style = STYLES[line.drawn]
    if line.dash:
        style = style | {"line": style["line"] | {"dash": line.dash}}
    return {
        "type": "scatter",
        "name": plotly_text(line.name),
        "x": [MONTH_NAMES[month.month - 1] for month, _ in line.points],
        # Floats for plotly.js only: the rules and the tables keep Decimals.
        "y": [float(value) for _, value in line.points],
        "text": [line.written(value) + (" (draft)" if month in line.drafts else "") for month, value in line.points],
        "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
        **style,
    }


def _time_ticks(values: list[float]) -> dict:
    """Times are kept in seconds and written mm:ss, on the axis as in the tables."""
    low, high = min(values), max(values)
    step = next((s for s in (15, 30, 60, 120, 300, 600, 1800, 3600) if (high - low) / s <= 8), 7200)
    ticks = list(range(int(low // step) * step, int(high) + step + 1, step))
    return {"tickvals": ticks, "ticktext": [figure_text(Decimal(t), Unit.TIME, 0) for t in ticks]}


def indicator_chart(spec: IndicatorSpec, title: str, series: Series, targets: Targets, benchmarks: Iterable,
                    year: int, *, drafts: Mapping[Month, str] | None = None) -> dict:
    """A plotly figure (data and layout) of financial year `year` (2016 = 2016/17): the
    monthly figures of `year` and of the year before on one April-to-March axis, the
    quarter figures (kpis.domain.rules.quarter_figure) at each quarter's last month, the target
    (kpis.domain.rules.quarter_target, profiled where the rule profiles it) and the benchmarks."""
    lines = chart_lines(spec, series, targets, benchmarks, year, drafts=drafts)
    yaxis = {"title": {"text": label(spec.unit)}, "zeroline": False, "gridcolor": "#dddddd"}
    if spec.unit is Unit.TIME and lines:
        yaxis |= _time_ticks([float(value) for line in lines for _, value in line.points])
    xaxis = {"title": {"text": f"Month of the financial year {year_label(year)} (April to March)"},
             "type": "category", "categoryorder": "array", "categoryarray": list(MONTHS),
             "range": [-0.5, len(MONTHS) - 0.5]}
    return {"data": [_trace(line) for line in lines], "layout": _layout(xaxis, yaxis, title=title, top=54)}


def _layout(xaxis: dict, yaxis: dict, *, title: str = "", top: int, left: int = 70, legend_y: float = -0.22,
            height: int = 480) -> dict:
    """What every chart's layout shares: black axis lines, the legend read across below the plot,
    Arial on white (never GDS Transport), a hover box by the nearest point.

    `title` is drawn on one line with `top` pixels of room: static/js/charts.js wraps it, once
    drawn, to the width the chart has (a desktop's or a phone's), the one place that wraps it."""
    axis = {"linecolor": "#0b0c0c", "showline": True}
    layout = {
        "xaxis": axis | xaxis,
        "yaxis": axis | yaxis,
        "legend": {"orientation": "h", "x": 0, "y": legend_y, "yanchor": "top"},
        "font": {"family": "Arial, Helvetica, sans-serif", "size": 14, "color": "#0b0c0c"},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": left, "r": 20, "t": top, "b": 40},
        "height": height,
        "hovermode": "closest",
    }
    if title:
        layout["title"] = {"text": plotly_text(title), "x": 0, "xanchor": "left"}
    return layout


# --- the same numbers as text ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    draft: str = ""  # the mark of an unpublished figure ("Draft"), or ""


@dataclass(frozen=True)
class ChartRow:
    month: Month
    cells: tuple[Cell, ...]

    @property
    def label(self) -> str:
        """ "Apr 2016": the calendar month, as a reader looks for it."""
        return f"{MONTH_NAMES[self.month.month - 1]} {self.month.year}"


@dataclass(frozen=True)
class ChartTable:
    caption: str
    columns: tuple[str, ...]  # after the month
    rows: tuple[ChartRow, ...]
    benchmarks: tuple[tuple[str, str], ...]  # (name, value as written)


def chart_table(spec: IndicatorSpec, series: Series, targets: Targets, benchmarks: Iterable, year: int, *,
                drafts: Mapping[Month, str] | None = None) -> ChartTable:
    """The chart's numbers as rows: one per month of `year` with anything drawn, last
    year's figure on the row of the same month; the benchmarks listed once."""
    lines = chart_lines(spec, series, targets, benchmarks, year, drafts=drafts)
    monthly = [line for line in lines if line.drawn is not Drawn.BENCHMARK]
    # Keyed by month of the financial year (April = 1), so last year's April sits beside this year's.
    by_number = [{month.number: (month, value) for month, value in line.points} for line in monthly]
    rows = []
    for month in year_months(year):
        cells = []
        for line, points in zip(monthly, by_number, strict=True):
            at, value = points.get(month.number, (None, None))
            cells.append(Cell(line.written(value), line.drafts.get(at, "")) if at else Cell(NOTHING))
        if any(cell.text != NOTHING for cell in cells):
            rows.append(ChartRow(month, tuple(cells)))
    caption = f"The chart's figures by month of {year_label(year)}"
    if any(line.drawn is Drawn.LAST_YEAR for line in monthly):
        caption += f", with {year_label(year - 1)} on the row of the same month"
    return ChartTable(
        caption=caption,
        columns=tuple(line.name for line in monthly),
        rows=tuple(rows),
        benchmarks=tuple((line.name, line.written(line.points[0][1]))
                         for line in lines if line.drawn is Drawn.BENCHMARK),
    )


@dataclass(frozen=True)
class QuarterRow:
    quarter: Quarter
    shown: DisplayRow  # figure, period note, target, status and both DOTs as words and arrows
    draft: str = ""  # the mark when the figure includes an unpublished month


def quarter_table(rows: Iterable) -> list[QuarterRow]:
    """Each quarter's figure, target, status and both DOTs as reports.presentation writes them.
    `rows` are the indicator's reports.scorecards.ScorecardRow of each quarter: the same rows
    the quarter's scorecard shows, so the page and the scorecard never disagree."""
    return [QuarterRow(row.result.quarter, display_row(row), row.draft_mark if row.result.figure is not None else "")
            for row in rows]


def indicator_year_page(spec: IndicatorSpec, title: str, data, quarters: Iterable) -> dict:
    """The chart, its table and the quarters of one indicator's year, for the page.
    `data` is a kpis.selectors.indicator.IndicatorYear; `quarters` its scorecard rows, Q1 to Q4."""
    year_data = (data.series, data.targets, data.benchmarks, data.year)
    return {
        "figure": indicator_chart(spec, title, *year_data, drafts=data.drafts),
        "table": chart_table(spec, *year_data, drafts=data.drafts),
        "quarters": quarter_table(quarters),
    }


# --- the quarter summary's charts ----------------------------------------------------------

# A status's colour by its tone (kpis.domain.terms.STATUS_TONES), GOV.UK Frontend's green, red
# and orange; each bar also has its own fill pattern, so a black-and-white print tells them apart.
TONE_COLOURS = {"good": "#00703c", "bad": "#d4351c", "warn": "#f47738", "": "#b1b4b6"}
TONE_PATTERNS = {"good": "", "bad": "/", "warn": "x", "": "."}
NO_STATUS = "No figure or status"


def _summary_layout(xaxis: dict, yaxis: dict, *, height: int) -> dict:
    """No title in the chart: the page's heading and caption name it; the axis titles stay."""
    axis = {"gridcolor": "#dddddd", "automargin": True}
    return _layout(axis | xaxis, axis | yaxis, top=20, left=10, legend_y=-0.2, height=height)


def _bar(name: str, tone: str, portfolios: list[str], counts: list[int]) -> dict:
    return {
        "type": "bar", "orientation": "h", "name": plotly_text(name),
        "y": [plotly_text(p) for p in portfolios], "x": counts,
        "marker": {"color": TONE_COLOURS[tone], "line": {"color": "#0b0c0c", "width": 1},
                   "pattern": {"shape": TONE_PATTERNS[tone], "fgcolor": "#ffffff", "fillmode": "overlay"}},
        "hovertemplate": "%{y}: %{x}<extra>%{fullData.name}</extra>",
    }


def status_by_portfolio_chart(scheme, by_portfolio: list, *, so_far: bool) -> dict:
    """A stacked bar per portfolio (reports.summary.statuses_by_portfolio): its corporate KPIs
    by status, and those with no figure or status, bars read across (long portfolio names fit,
    on a phone too)."""
    portfolios = [p.portfolio for p in reversed(by_portfolio)]  # plotly draws the first category at the bottom
    rows = list(reversed(by_portfolio))
    data = [_bar(label(status), STATUS_TONES.get(status, ""), portfolios, [p.counts[i] for p in rows])
            for i, status in enumerate(SCHEME_STATUSES[scheme])]
    data.append(_bar(NO_STATUS, "", portfolios, [p.no_status for p in rows]))
    xaxis_title = "Number of corporate KPIs" + (" so far" if so_far else "")
    layout = _summary_layout({"title": {"text": xaxis_title}, "rangemode": "tozero"},
                             {"title": {"text": "Portfolio"}, "type": "category"},
                             height=180 + 40 * len(portfolios))
    layout["legend"] |= {"traceorder": "normal"}
    return {"data": data, "layout": layout | {"barmode": "stack"}}


def achieved_trend_chart(points: list) -> dict:
    """The share of corporate KPIs achieved in each published quarter (reports.summary.achieved_trend),
    and the council's printed share where it printed one."""
    quarters = [p.quarter.short_label for p in points]
    ours = {"type": "scatter", "name": "Achieved (our count)", "x": quarters,
            "y": [float(p.achieved.percent) if p.achieved.percent is not None else None for p in points],
            "text": [p.achieved_text for p in points],
            "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>", **STYLES[Drawn.THIS_YEAR]}
    data = [ours]
    printed = [p for p in points if p.printed_percent is not None]
    if printed:
        data.append({"type": "scatter", "name": "Achieved (council's printed share)",
                     "x": [p.quarter.short_label for p in printed], "y": [float(p.printed_percent) for p in printed],
                     "text": [p.printed_text for p in printed],
                     "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>", **STYLES[Drawn.LAST_YEAR]})
    layout = _summary_layout({"title": {"text": "Quarter"}, "type": "category", "categoryorder": "array",
                              "categoryarray": quarters},
                             {"title": {"text": "Achieved (% of KPIs with a status)"}, "range": [0, 100],
                              "ticksuffix": "%"}, height=400)
    return {"data": data, "layout": layout}


# --- the risk register's heat maps ----------------------------------------------------------

# A cell's fill, white for none to GOV.UK's light blue for the fullest: the count (and the numbers) is
# written in each cell, so the map reads in black and white too; the page's table holds the same text.
HEAT_EMPTY, HEAT_FULL = (0xFF, 0xFF, 0xFF), (0x56, 0x94, 0xCA)


def _heat_colour(count: int, most: int) -> str:
    share = count / most if most else 0
    channels = zip(HEAT_EMPTY, HEAT_FULL, strict=True)
    return "#" + "".join(f"{round(low + (high - low) * share):02x}" for low, high in channels)


def heat_map_chart(rows: list[str], columns: list[str], counts: list[list[int]], texts: list[list[tuple[str, ...]]],
                   *, x_title: str, y_title: str) -> dict:
    """A grid of counts (plan.heatmap.HeatMap): `rows` top first, `columns` left to right, each cell
    shaded by its count and labelled with the lines of `texts` (the count, then what it holds).

    Drawn as SVG (a rectangle and a text per cell), not as plotly's heatmap trace, which paints its
    cells into a data: URL image that the Content-Security-Policy (img-src) rightly refuses."""
    most = max([0, *(n for row in counts for n in row)])
    bottom_first = list(reversed(rows))
    cells = [(column, row, counts[r][c], texts[r][c]) for r, row in enumerate(rows) for c, column in enumerate(columns)]
    shapes = [{"type": "rect", "layer": "below", "xref": "x", "yref": "y",
               "x0": columns.index(column) - 0.5, "x1": columns.index(column) + 0.5,
               "y0": bottom_first.index(row) - 0.5, "y1": bottom_first.index(row) + 0.5,
               "fillcolor": _heat_colour(count, most), "line": {"color": "#0b0c0c", "width": 1}}
              for column, row, count, _ in cells]
    axis = {"type": "category", "showgrid": False, "zeroline": False, "range": [-0.5, 3.5], "fixedrange": True}
    layout = _summary_layout(axis | {"title": {"text": x_title}, "categoryorder": "array",
                                     "categoryarray": [plotly_text(c) for c in columns],
                                     "range": [-0.5, len(columns) - 0.5]},
                             axis | {"title": {"text": y_title}, "categoryorder": "array",
                                     "categoryarray": [plotly_text(r) for r in bottom_first],
                                     "range": [-0.5, len(rows) - 0.5]}, height=380)
    return {
        "data": [{
            "type": "scatter", "mode": "text", "showlegend": False,
            "x": [plotly_text(column) for column, *_ in cells], "y": [plotly_text(row) for _, row, *_ in cells],
            "text": ["<br>".join(map(plotly_text, lines)) for *_, lines in cells],
            "textfont": {"size": 14, "color": "#0b0c0c"},
            "hovertemplate": "%{y} / %{x}<extra></extra>",
        }],
        "layout": layout | {"shapes": shapes},
    }


# --- the XmR (statistical process control) chart ---------------------------------------------

# A point's colour AND marker by its type (reports.spc.PointType values; "" for a point not judged),
# as NHS England's "Making Data Count" colours them (grey, blue improvement, orange concern, purple
# neither), darkened to 3:1 against white; the marker tells them apart in black and white.
SPC_POINTS = {
    "common_cause": {"color": "#505a5f", "symbol": "circle", "size": 9},
    "special_cause_improvement": {"color": "#1d70b8", "symbol": "diamond", "size": 12},
    "special_cause_concern": {"color": "#b35400", "symbol": "square", "size": 11},
    "special_cause_neutral": {"color": "#4c2c92", "symbol": "triangle-up", "size": 12},
    "": {"color": "#505a5f", "symbol": "circle-open", "size": 9},
}
SPC_LINES = {
    "mean": {"color": "#0b0c0c", "width": 2, "dash": "solid"},
    "limits": {"color": "#505a5f", "width": 2, "dash": "dash"},
    "target": {"color": "#912b88", "width": 2, "dash": "longdash"},
}


@dataclass(frozen=True)
class SpcPeriodLines:
    """One period of the chart: its first and last month, its mean and process limits (None: no limits)."""

    start: Month
    end: Month
    mean: float | None
    lower: float | None
    upper: float | None


def _x(month: Month) -> str:
    return month.first_day.isoformat()


def _period_trace(name: str, periods: list[SpcPeriodLines], attr: str, style: dict, legend: bool) -> dict | None:
    """A level line per period, broken between periods (a None between them) so that no line joins
    one period's limits to the next's."""
    x, y = [], []
    for period in periods:
        value = getattr(period, attr)
        if value is None:
            continue
        if x:
            x.append(None)
            y.append(None)
        x += [_x(period.start), _x(period.end)]
        y += [value, value]
    if not x:
        return None
    return {"type": "scatter", "mode": "lines", "name": name, "x": x, "y": y, "line": style,
            "connectgaps": False, "showlegend": legend, "legendgroup": name,
            "hovertemplate": "%{y}<extra>" + name + "</extra>"}


def spc_chart(title: str, points: list[tuple[Month, float, str, str]], periods: list[SpcPeriodLines], *,
              target: float | None, target_text: str, changes: list[Month], type_names: Mapping[str, str],
              unit_title: str) -> dict:
    """A plotly XmR chart: `points` (month, value, type as reports.spc names it or "", the value as
    written), each type in its own colour and marker (named by `type_names`); each period's mean and
    process limits; the target in force for the last point; a dotted line at each change of process."""
    traces = [{"type": "scatter", "mode": "lines", "name": "Figures", "showlegend": False, "hoverinfo": "skip",
               "x": [_x(m) for m, *_ in points], "y": [v for _, v, *_ in points],
               "line": {"color": "#b1b4b6", "width": 1.5}}]
    for kind, style in SPC_POINTS.items():
        shown = [(m, v, text) for m, v, t, text in points if t == kind]
        if not shown:
            continue
        name = plotly_text(type_names[kind])
        traces.append({
            "type": "scatter", "mode": "markers", "name": name,
            "x": [_x(m) for m, _, _ in shown], "y": [v for _, v, _ in shown], "text": [t for _, _, t in shown],
            "marker": {"color": style["color"], "symbol": style["symbol"], "size": style["size"],
                       "line": {"color": style["color"], "width": 2}},
            "hovertemplate": "%{x|%b %Y}: %{text}<extra>%{fullData.name}</extra>",
        })
    for name, attr, style, legend in (("Mean", "mean", SPC_LINES["mean"], True),
                                      ("Process limits", "upper", SPC_LINES["limits"], True),
                                      ("Process limits", "lower", SPC_LINES["limits"], False)):
        trace = _period_trace(name, periods, attr, style, legend)
        if trace:
            traces.append(trace)
    if target is not None and points:
        traces.append({"type": "scatter", "mode": "lines", "name": plotly_text(f"Target ({target_text})"),
                       "x": [_x(points[0][0]), _x(points[-1][0])], "y": [target, target],
                       "line": SPC_LINES["target"], "hovertemplate": "%{y}<extra>Target</extra>"})
    shapes = [{"type": "line", "xref": "x", "yref": "paper", "x0": _x(m), "x1": _x(m), "y0": 0, "y1": 1,
               "line": {"color": "#0b0c0c", "width": 1, "dash": "dot"}} for m in changes]
    annotations = [{"xref": "x", "yref": "paper", "x": _x(m), "y": 1, "yanchor": "bottom", "showarrow": False,
                    "text": plotly_text(f"Change of process {MONTH_NAMES[m.month - 1]} {m.year}"),
                    "font": {"size": 12}} for m in changes]
    xaxis = {"title": {"text": "Month"}, "type": "date", "tickformat": "%b %Y"}
    yaxis = {"title": {"text": plotly_text(unit_title)}, "zeroline": False, "gridcolor": "#dddddd"}
    # 20 px more room above: a change of process is named at the plot's top.
    layout = _layout(xaxis, yaxis, title=title, top=74)
    return {"data": traces, "layout": layout | {"shapes": shapes, "annotations": annotations}}
