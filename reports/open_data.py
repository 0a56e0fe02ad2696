"""Open data: the published figures and statuses of each quarter and of each indicator, as CSV
and JSON anyone may reuse (issue 17, section 5). The rows are the scorecard's (reports.scorecards):
nothing is decided again here. Only published quarters are read, whoever asks: these files are
public, so a draft or a quarter still in progress never reaches one.

COLUMNS is the schema: the frame's column order, the JSON's "columns" and the open-data page's
description all come from it, so the files and their description cannot drift apart."""

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd

from kpis.domain.periods import Quarter
from kpis.models import Indicator
from kpis.selectors.publication import published_on, published_quarters
from reports.cache import remembered
from reports.excel.text import csv_text
from reports.forecast import Forecast
from reports.forecast_data import forecasts_for
from reports.scorecard_csv import plain_number
from reports.scorecards import ScorecardRow, indicator_quarters, scorecard_for
from reports.spc_series import spc_results

# What English councils publish their data under; the page links to its text.
LICENCE = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
SPC_TYPE = ("The SPC type of the quarter's last point (reports.spc, the configured rule set, from the "
            "published figures up to the quarter's end): common_cause, special_cause_improvement, "
            "special_cause_concern, special_cause_neutral; empty where the series gets no judgement (too "
            "short) or has no point in the quarter")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, integer, number or date: how the page and the README describe it
    meaning: str


COLUMNS = (
    Column("code", "text", "The indicator's short code, as in the address of its page (/indicators/HOMES/)."),
    Column("title", "text", "The indicator's title."),
    Column("category", "text", "kpi: a corporate KPI, counted in the quarter's summary; context: health or wealth "
                               "of the borough, judged but not counted; demand: how much a service is asked for, "
                               "with a direction but never a status."),
    Column("portfolio", "text", "The cabinet portfolio the indicator is reported in; empty when none."),
    Column("unit", "text", "percent (0 to 100), count, days, currency (£ thousands), rate (per 10,000 or 100,000 "
                           "people), time (in seconds) or number."),
    Column("decimals", "integer", "The decimal places the council reports the figure to."),
    Column("polarity", "text", "up: higher is better; down: smaller is better; none: neither is better "
                               "(demand indicators)."),
    Column("year", "integer", "The financial year, by the calendar year it starts in: 2016 is 2016/17, "
                              "1 April 2016 to 31 March 2017."),
    Column("quarter", "integer", "The quarter of the financial year, 1 to 4: 1 is April to June, 4 January "
                                 "to March."),
    Column("figure_period", "text", "The quarter the figure is for, as 2016-Q3: an earlier one when the figure "
                                    "arrives late (in arrears) and the indicator is reported on its latest."),
    Column("figure", "number", "The figure as the scorecard reports it (for most indicators the year to date), "
                               "to its decimals; empty when there is none."),
    Column("target", "number", "The target the figure is judged against; empty when there is no target or it "
                               "is not a number."),
    Column("status", "text", "achieved or failed (green, amber or red in a year reported that way); empty when "
                             "there is none: no target, no figure, not due, or a new method."),
    Column("status_basis", "text", "computed: worked out by the rules from the monthly figures; as_published: the "
                                   "rules cannot decide one (the target is not a number, no figures for last year) "
                                   "and this is the council's printed status; empty when there is no status."),
    Column("direction_since_last_quarter", "text", "better, static or worse (higher or lower where neither is "
                                                   "better) against the previous quarter; empty when either "
                                                   "figure is missing."),
    Column("direction_since_last_year", "text", "better, static or worse (higher or lower where neither is "
                                                "better) against the same quarter last year; empty when either "
                                                "figure is missing."),
    Column("published_on", "date", "The day the quarter was published, when its report went to committee, "
                                   "as 2017-03-14."),
    Column("spc_type", "text", SPC_TYPE),
    Column("forecast", "number", "The projected year-end figure from the published figures up to the quarter's end "
                                 "(the scorecard's year-end forecast), to the indicator's decimals; empty when there "
                                 "is none: no year target, fewer than two figures this year, or a new method."),
)
NAMES = [column.name for column in COLUMNS]
NUMBERS = [column.name for column in COLUMNS if column.kind == "number"]
INTEGERS = {column.name: "int64" for column in COLUMNS if column.kind == "integer"}


def open_data_frame(rows: Iterable[tuple[ScorecardRow, date, Forecast | None, str | None]]) -> pd.DataFrame:
    """One line per indicator and quarter, from scorecard rows with their quarter's publication
    day, their year-end forecast at that quarter and their SPC type there, the columns in COLUMNS' order. Everything
    but the integers is kept as Python objects: a Decimal stays exact and a missing value stays
    None (pandas' own float and str columns would round the one and turn the other into NaN)."""
    frame = pd.DataFrame([_record(*row) for row in rows], columns=NAMES, dtype=object)
    return frame.astype(INTEGERS)


def _record(row: ScorecardRow, published_on: date, forecast: Forecast | None, spc_type: str | None) -> dict:
    result = row.result
    return {
        "code": row.code,
        "title": row.title,
        "category": row.category.value,
        "portfolio": row.portfolio or None,
        "unit": row.unit.value,
        "decimals": row.decimals,
        "polarity": row.polarity.value,
        "year": result.quarter.year,
        "quarter": result.quarter.number,
        "figure_period": str(result.period),
        "figure": result.figure,
        "target": result.target,
        "status": row.status.value and row.status.value.value,
        "status_basis": row.status.basis,
        "direction_since_last_quarter": row.dot_quarter.value and row.dot_quarter.value.value,
        "direction_since_last_year": row.dot_year.value and row.dot_year.value.value,
        "published_on": published_on,
        "spc_type": spc_type,
        "forecast": forecast and forecast.projected,
    }


def quarter_frame(year: int, quarter: int) -> pd.DataFrame | None:
    """Every indicator of a published quarter, as its scorecard shows it to the public; None when
    the quarter is not published (never published, or withdrawn)."""
    day = published_on(Quarter(year, quarter))
    if day is None:
        return None

    def compute():
        scorecard = scorecard_for(year, quarter)  # published figures only: no drafts, whoever asks
        forecasts = forecasts_for(year, quarter)  # from the published figures too
        types = spc_types(Quarter(year, quarter), [row.code for row in scorecard.rows])
        return open_data_frame((row, day, forecasts.get(row.indicator_id), types.get(row.code))
                               for row in scorecard.rows)

    return remembered("open-data-quarter", (year, quarter), compute, drafts=False)


def indicator_frame(indicator: Indicator) -> pd.DataFrame:
    """Every published quarter of one indicator, oldest first, each as that quarter's scorecard has it."""

    def compute():
        published = published_quarters()
        rows = [(row, published[row.result.quarter], _forecast(indicator, row.result.quarter),
                 spc_types(row.result.quarter, [indicator.code]).get(indicator.code))
                for year in sorted({quarter.year for quarter in published})
                for row in indicator_quarters(indicator, year)
                if row.result.quarter in published]
        return open_data_frame(rows)

    return remembered("open-data-indicator", (indicator.pk, indicator.code), compute, drafts=False)


def spc_types(quarter: Quarter, codes: list[str]) -> dict[str, str]:
    """Each indicator's SPC type at the quarter: its last point's, judged on the published figures up
    to the quarter's end (four queries however many codes), when that point is in the quarter."""
    first = quarter.months[0].first_day
    types = {}
    for series, result in spc_results(codes, until=quarter.last_month.first_day):
        if result.months and result.months[-1] >= first and result.types[-1] is not None:
            types[series.indicator.code] = result.types[-1].value
    return types


def _forecast(indicator: Indicator, quarter: Quarter) -> Forecast | None:
    return forecasts_for(quarter.year, quarter.number, only=[indicator.id]).get(indicator.id)


def quarter_title(quarter: Quarter) -> str:
    return f"Thurrock Council corporate performance indicators, {quarter.label}"


def indicator_title(indicator: Indicator) -> str:
    return f"Thurrock Council corporate performance: {indicator.title} ({indicator.code}), every published quarter"


# --- the two files ---------------------------------------------------------------------------


def write_csv(out, frame: pd.DataFrame) -> None:
    """A header row, then one line a row. Text a spreadsheet would take for a formula gets the
    apostrophe of reports.excel.text.csv_text, as every CSV of ours does; numbers are written in
    full (decimal_text) and stay numbers."""
    safe = frame.map(csv_text)
    for name in NUMBERS:
        safe[name] = [None if value is None else decimal_text(value, decimals)
                      for value, decimals in zip(frame[name], frame["decimals"], strict=True)]
    safe.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)


def decimal_text(value: Decimal, decimals: int) -> str:
    """At least the indicator's decimals and every digit the value has beyond them, never in
    exponent form: 80 at 2 places is 80.00, a profiled target of 487.5 at 0 places is 487.5."""
    exponent = min(value.normalize().as_tuple().exponent, -decimals)
    return f"{value.quantize(Decimal(1).scaleb(exponent)):f}"


def json_text(frame: pd.DataFrame, *, title: str) -> str:
    """An object: what the file is, its licence, its column names in order and its rows, each
    an object with those names. Numbers are JSON numbers, a missing value null, a date text."""
    return json.dumps({
        "title": title,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "columns": NAMES,
        "rows": [{name: _json_value(value) for name, value in record.items()}
                 for record in frame.to_dict(orient="records")],
    }, ensure_ascii=False, allow_nan=False, indent=1)


def _json_value(value):
    if isinstance(value, date):
        return value.isoformat()
    return plain_number(value)
