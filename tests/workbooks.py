"""Workbooks written by the tests, in the import contract (README "Workbook format")."""

import copy
from pathlib import Path

from openpyxl import Workbook

from kpis.importing.contract import SHEETS


def write_workbook(path: Path, sheets: dict[str, list[dict]], omit: tuple[str, ...] = ()) -> Path:
    """One sheet per key, headed by the contract's columns in order (extra keys appended)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        if name in omit:
            continue
        required, optional = SHEETS.get(name, ((), ()))
        columns = [c for c in (*required, *optional) if c not in omit]
        for row in rows:
            columns += [key for key in row if key not in columns and key not in omit]
        sheet = workbook.create_sheet(name)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(column) for column in columns])
    workbook.save(path)
    return path


def months(code: str, first: str, values, **extra) -> list[dict]:
    """Readings rows for consecutive months from `first` (YYYY-MM); None skips a month."""
    year, month = map(int, first.split("-"))
    rows = []
    for value in values:
        if value is not None:
            rows.append({"code": code, "month": f"{year:04d}-{month:02d}", "value": value, **extra})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def indicator(code, title, **attributes) -> dict:
    return {"code": code, "title": title, "portfolio_holder": "Cllr A Holder", "directorate": "Corporate", **attributes}


def published(code: str, quarter: int, year: int = 2016, **fields) -> list[dict]:
    """Published rows of one indicator and quarter: field=value as the council printed it."""
    return [{"code": code, "year": year, "quarter": quarter, "field": f, "value": v} for f, v in fields.items()]


def small_council() -> dict[str, list[dict]]:
    """A few indicators of each roll-up, polarity, flag and target kind, with the
    Q3 2016/17 result each must give (see tests/reports/test_scorecard_command.py)."""
    return copy.deepcopy(_SMALL_COUNCIL)


_SMALL_COUNCIL = {
    "Years": [{"year": 2016, "scheme": "achieved_failed"}],
    "Indicators": [
        indicator("HOMES", "No of homes transformed", unit="count", rollup="sum", polarity="up",
                  portfolio="Housing", portfolio_holder="Cllr R Gledhill", directorate="AHH - Housing",
                  aliases="Homes transformed; Transforming homes"),
        indicator("POT", "% of potholes repaired within policy timeframe", unit="percent", decimals=2,
                  rollup="ratio", target_basis="quarter", portfolio_holder="Cllr B Little", directorate="E&P - H&T"),
        indicator("SICK", "Average sickness absence days per FTE", unit="days", decimals=2, rollup="sum",
                  polarity="down", directorate="HROD - sickness"),
        indicator("EMR", "Average time taken to complete an emergency repair (days)", unit="days", decimals=2,
                  rollup="mean", polarity="down"),
        indicator("CTAX", "% Council Tax collected", unit="percent", decimals=2, rollup="latest"),
        indicator("REOFF", "% of young people who reoffend", unit="percent", rollup="latest", polarity="down",
                  frequency="quarterly"),
        indicator("NEET", "% of 16-19 yr olds NEET", unit="percent", decimals=1, rollup="latest", polarity="down"),
        indicator("TWO", "Places accessed for two year olds", unit="count", rollup="latest", frequency="termly"),
        indicator("FLY", "No of incidents of fly tipping reported", category="demand", unit="count", rollup="sum",
                  polarity="none"),
        indicator("CPP", "Rate of children subject to a child protection plan", category="demand", unit="rate",
                  rollup="latest", polarity="none"),
        indicator("UNEMP", "Unemployment rate (in arrears)", category="context", unit="percent", decimals=1,
                  rollup="latest", polarity="down", frequency="quarterly"),
        indicator("RED", "Tonnes of waste to landfill", unit="count", rollup="sum", polarity="down"),
        indicator("CALL", "Average time to answer a call", unit="time", rollup="mean", polarity="down",
                  target_basis="quarter"),
        indicator("OBES", "% of children obese at Year 6 (Annual)", unit="percent", decimals=1, rollup="latest",
                  polarity="down", frequency="annual"),
    ],
    "Targets": [
        {"code": "HOMES", "year": 2016, "period": "year", "value": 600, "text": "50 per month"},
        {"code": "POT", "year": 2016, "period": "year", "value": 100, "text": "100%"},
        {"code": "SICK", "year": 2016, "period": "Q3", "value": 6.75},
        {"code": "SICK", "year": 2016, "period": "year", "value": 9},
        {"code": "EMR", "year": 2016, "period": "year", "value": 0.2},
        {"code": "CTAX", "year": 2016, "period": "Q3", "value": 79.86},
        {"code": "CTAX", "year": 2016, "period": "year", "value": 98.9},
        {"code": "REOFF", "year": 2016, "period": "Q3", "value": 25},
        {"code": "REOFF", "year": 2016, "period": "year", "value": 30},
        {"code": "NEET", "year": 2016, "period": "year", "value": 5},
        {"code": "TWO", "year": 2016, "period": "Q3", "value": 741},
        {"code": "FLY", "year": 2016, "period": "Q3", "value": 1700, "kind": "baseline", "text": "1700 Baseline"},
        {"code": "FLY", "year": 2016, "period": "year", "value": 2250, "kind": "baseline", "text": "2250 Baseline"},
        {"code": "CPP", "year": 2016, "period": "year", "kind": "none", "text": "no target"},
        {"code": "UNEMP", "year": 2016, "period": "Q3", "value": 3.8, "text": "3.8 regional average"},
        {"code": "UNEMP", "year": 2016, "period": "year", "value": 3.8, "text": "regional average"},
        {"code": "RED", "year": 2016, "period": "year", "kind": "reduction", "text": "Lower than 2015/16"},
        {"code": "CALL", "year": 2016, "period": "year", "value": "2:00"},
        {"code": "OBES", "year": 2016, "period": "year", "value": 36.6},
    ],
    "Readings": [
        *months("HOMES", "2016-04", [192, 132, 111, 114, 106, 108, 68, 111, 31]),
        *months("HOMES", "2015-04", [50] * 9),
        {"code": "POT", "month": "2016-08", "value": 93.72},
        {"code": "POT", "month": "2016-09", "value": 94.02},
        {"code": "POT", "month": "2016-10", "numerator": 94, "denominator": 98},
        {"code": "POT", "month": "2016-11", "numerator": 76, "denominator": 80, "value": 95},
        {"code": "POT", "month": "2016-12", "numerator": 109, "denominator": 123, "note": "Christmas shut-down"},
        *months("SICK", "2016-04", [0.74, 0.83, 0.77, 0.7, 0.8, 0.8, 0.81, 0.83, 0.93]),
        *months("SICK", "2015-04", [0.8] * 9),
        *months("EMR", "2016-04", [0.19, 0.19, 0.14, 0.15, 0.14, 0.08, 0.13, 0.08, 0.44]),
        *months("CTAX", "2016-04", [10.72, 19.54, 28.29, 36.85, 45.45, 54.09, 62.67, 71.5, 80.04]),
        {"code": "CTAX", "month": "2015-12", "value": 79.5},
        {"code": "REOFF", "month": "2016-06", "value": 6},
        {"code": "REOFF", "month": "2016-09", "value": 8},
        {"code": "REOFF", "month": "2016-12", "flag": "in_arrears", "note": "Qtr in arrears"},
        *months("NEET", "2016-04", [5.4, 5.5, 5.6, 5.7]),
        *[{"code": "NEET", "month": f"2016-{m:02d}", "flag": "new_method", "note": "new govt. method"}
          for m in (8, 9, 10, 11, 12)],
        {"code": "TWO", "month": "2016-06", "value": 700},
        {"code": "TWO", "month": "2016-09", "flag": "not_due", "note": "Not due (Termly)"},
        {"code": "TWO", "month": "2016-12", "value": 741},
        *months("FLY", "2016-04", [273, 238, 269, 203, 203, 313, 208, 392, 140]),
        *months("CPP", "2016-04", [72, 77, 74, 74, 76, 69, 73, 76, 71]),
        {"code": "UNEMP", "month": "2016-06", "value": 5.3},
        {"code": "UNEMP", "month": "2016-09", "value": 4.9},
        {"code": "UNEMP", "month": "2016-12", "value": 5.2, "flag": "provisional"},
        *months("RED", "2016-04", [10] * 9),
        *months("RED", "2015-04", [11] * 9),
        *months("CALL", "2016-10", ["1:45", "2:10", "1:55"]),
        {"code": "OBES", "month": "2016-03", "value": 37.8},
        {"code": "OBES", "month": "2016-12", "flag": "in_arrears"},
    ],
    "Outturns": [
        {"code": "HOMES", "year": 2015, "value": 5838, "text": "58% (5838)"},
        {"code": "CTAX", "year": 2015, "value": 98.58},
    ],
    "Benchmarks": [
        {"code": "OBES", "year": 2015, "kind": "national", "value": 33.2, "text": "33.2% (England)"},
        {"code": "OBES", "year": 2015, "kind": "regional", "value": 30.7},
    ],
    "Commentary": [
        {"code": "POT", "year": 2016, "quarter": 3, "text": "22 of 301 potholes missed the 3 day timescale."},
        {"code": "SICK", "year": 2016, "quarter": "Q3", "text": "Marginally higher than target."},
    ],
    # What the council printed, to be set beside the computed values: some agree, some do
    # not (POT, CTAX's dot_year), some cannot be compared (NEET, UNEMP), REOFF is in arrears.
    "Published": [
        *published("HOMES", 3, status="Achieved", dot_year="↑", dot_quarter="↓", dot_month_7_6="↓",
                   dot_month_8_7="↑", dot_month_9_8="↓", figure=973, section="achieving"),
        *published("POT", 3, status="Achieved", dot_year="↑", section="achieving"),
        *published("SICK", 3, status="failed", dot_year="↓", section="Failing"),
        *published("CTAX", 3, status="Achieved", dot_year="→", figure="80.04"),
        *published("REOFF", 3, status="Qtr in arrears", section="achieving"),
        *published("NEET", 3, status="new govt. method"),
        *published("UNEMP", 3, status="Failed", dot_year="↓", section="context"),
        *published("FLY", 3, dot_year="↑", section="demand"),
        *published("TWO", 2, status="Not due (Termly)"),
    ],
    "PublishedSummary": [
        {"year": 2016, "quarter": 2, "measure": "statuses", "value": "achieved", "percent": 62.5, "count": 5},
        {"year": 2016, "quarter": 2, "measure": "statuses", "value": "failed", "percent": 37.5, "count": 3},
        {"year": 2016, "quarter": 2, "measure": "dot_year", "value": "better", "percent": 75},
        {"year": 2016, "quarter": 2, "measure": "dot_year", "value": "worse", "percent": 25},
    ],
    "Focus": [
        {"code": "POT", "year": 2016, "quarter": 3, "position": 1},
        {"code": "SICK", "year": 2016, "quarter": "Q3", "position": 2},
    ],
}
