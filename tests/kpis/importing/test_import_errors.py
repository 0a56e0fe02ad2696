"""Every bad input gets its line (`Sheet!ROW column: reason`) and nothing is written.

Each case starts from the small council already imported and changes one figure as
well as adding the bad cell, so a partial write would show in the database."""

import pytest

from tests.commands import run_import
from tests.database import database_state
from tests.workbooks import small_council, write_workbook


def bad_workbook(tmp_path, change, omit=()):
    sheets = small_council()
    sheets["Readings"][0]["value"] = 999  # a real change that must not be written
    change(sheets)
    return write_workbook(tmp_path / "bad.xlsx", sheets, omit=omit)


def reading(**values):
    return {"code": "CTAX", "month": "2017-01", "value": 90, **values}


def add_reading(**values):
    return lambda sheets: sheets["Readings"].append(reading(**values))


def add_target(**values):
    return lambda sheets: sheets["Targets"].append({"code": "CTAX", "year": 2017, "period": "year", "value": 98, **values})


def add_published(**values):
    row = {"code": "CTAX", "year": 2016, "quarter": 2, "field": "status", "value": "Achieved", **values}
    return lambda sheets: sheets["Published"].append(row)


def add_summary(**values):
    row = {"year": 2016, "quarter": 3, "measure": "statuses", "value": "achieved", "percent": 55, "count": 22, **values}
    return lambda sheets: sheets["PublishedSummary"].append(row)


def add_focus(**values):
    return lambda sheets: sheets["Focus"].append({"code": "CTAX", "year": 2016, "quarter": 3, **values})


READINGS_ROW = len(small_council()["Readings"]) + 2  # header is row 1
TARGETS_ROW = len(small_council()["Targets"]) + 2
PUBLISHED_ROW = len(small_council()["Published"]) + 2
SUMMARY_ROW = len(small_council()["PublishedSummary"]) + 2
FOCUS_ROW = len(small_council()["Focus"]) + 2

CASES = [
    ("unknown indicator code", add_reading(code="NOPE"), [f"Readings!{READINGS_ROW} code: unknown indicator code 'NOPE'"]),
    ("month not YYYY-MM", add_reading(month="2017/01"), [f"Readings!{READINGS_ROW} month: '2017/01' is not a month written YYYY-MM"]),
    ("text where a number belongs", add_reading(value="ninety"), [f"Readings!{READINGS_ROW} value: 'ninety' is not a number"]),
    ("percentage above 100", add_reading(value=100.5), [f"Readings!{READINGS_ROW} value: 100.5 is outside 0-100 for a percentage"]),
    ("percentage below 0", add_reading(value=-1), [f"Readings!{READINGS_ROW} value: -1 is outside 0-100 for a percentage"]),
    ("numerator larger than denominator", add_reading(value=None, numerator=12, denominator=10),
     [f"Readings!{READINGS_ROW} numerator: 12 is larger than the denominator 10"]),
    ("zero denominator", add_reading(value=None, numerator=0, denominator=0),
     [f"Readings!{READINGS_ROW} denominator: 0 is not more than zero"]),
    ("duplicate indicator and month", add_reading(month="2016-12"),
     [f"Readings!{READINGS_ROW} month: another row gives a reading for this indicator and month (first at row "]),
    ("target for an unknown period", add_target(period="Q5"), [f"Targets!{TARGETS_ROW} period: 'Q5' is not a period: one of Q1, Q2, Q3, Q4, year"]),
    ("target of an unknown kind", add_target(kind="stretch"),
     [f"Targets!{TARGETS_ROW} kind: 'stretch' is not one of absolute, reduction, baseline, none"]),
    ("value disagrees with its parts", add_reading(value=80, numerator=9, denominator=10),
     [f"Readings!{READINGS_ROW} value: 80 disagrees with numerator / denominator (90.00)"]),
    ("more decimals than the database keeps", add_reading(value=12.1234567),
     [f"Readings!{READINGS_ROW} value: 12.1234567 has more than 6 decimal places"]),
    ("blank value with no flag", add_reading(value=None), [f"Readings!{READINGS_ROW} value: is blank: give a value"]),
    ("unknown flag", add_reading(flag="late"), [f"Readings!{READINGS_ROW} flag: 'late' is not one of not_due, in_arrears, provisional, new_method"]),
    ("absolute target for a measure with no polarity",
     lambda s: s["Targets"].append({"code": "FLY", "year": 2017, "period": "year", "value": 5}),
     [f"Targets!{TARGETS_ROW} kind: absolute target for an indicator with no polarity: use baseline or none"]),
    ("unknown unit", lambda s: s["Indicators"].append({"code": "NEW", "title": "New", "unit": "furlongs"}),
     [f"Indicators!{len(small_council()['Indicators']) + 2} unit: 'furlongs' is not one of percent, count, days, currency, rate, time, number"]),
    ("month before the product's years", add_reading(month="0000-04"),
     [f"Readings!{READINGS_ROW} month: '0000-04' is not a month the product keeps figures for (1990 onwards)"]),
    ("month of another century", add_reading(month="1066-05"),
     [f"Readings!{READINGS_ROW} month: '1066-05' is not a month the product keeps figures for"]),
    ("negative days", lambda s: s["Readings"].append({"code": "SICK", "month": "2017-01", "value": -3}),
     [f"Readings!{READINGS_ROW} value: -3 is negative; a days cannot be (use unit number for any sign)"]),
    ("percentage outturn above 100", lambda s: s["Outturns"].append({"code": "CTAX", "year": 2014, "value": 150}),
     [f"Outturns!{len(small_council()['Outturns']) + 2} value: 150 is outside 0-100 for a percentage"]),
    ("negative count benchmark",
     lambda s: s["Benchmarks"].append({"code": "HOMES", "year": 2015, "kind": "national", "value": -5}),
     [f"Benchmarks!{len(small_council()['Benchmarks']) + 2} value: -5 is negative"]),
    ("typed percentage rounded half up", add_reading(value=12, numerator=1, denominator=8),
     [f"Readings!{READINGS_ROW} value: 12 disagrees with numerator / denominator (12.50)"]),
    ("code longer than the database keeps", lambda s: s["Indicators"].append({"code": "X" * 41, "title": "Long"}),
     [f"Indicators!{len(small_council()['Indicators']) + 2} code: is 41 characters long; at most 40 are kept"]),
    ("portfolio names that share a web address",
     lambda s: s["Indicators"].append({"code": "NEW", "title": "New", "portfolio": "Housing & Care",
                                       "portfolio_holder": "Cllr X"})
     or s["Indicators"].append({"code": "NEW2", "title": "New 2", "portfolio": "Housing Care", "portfolio_holder": "Cllr Y"}),
     [f"Indicators!{len(small_council()['Indicators']) + 3} portfolio: 'Housing Care' is too like the portfolio 'Housing & Care'"]),
    ("a reading of an indicator whose row is bad",
     lambda s: s["Indicators"].append({"code": "BAD", "title": "Bad", "unit": "percnt"})
     or s["Readings"].append({"code": "BAD", "month": "2017-01", "value": 1}),
     [f"Readings!{READINGS_ROW} code: indicator 'BAD' is not imported: its row in Indicators has problems"]),
    ("a value given with a reduction target", add_target(kind="reduction", value=5),
     [f"Targets!{TARGETS_ROW} value: a reduction target is last year's same figure: leave the value blank"]),
    ("duplicate indicator code", lambda s: s["Indicators"].append({"code": "HOMES", "title": "Again"}),
     [f"Indicators!{len(small_council()['Indicators']) + 2} code: appears twice (first at row 2)"]),
    # What the council printed: the Published, PublishedSummary and Focus sheets.
    ("published: unknown field", add_published(field="rag"),
     [f"Published!{PUBLISHED_ROW} field: 'rag' is not one of status, dot_year, dot_quarter, figure, section or "
      "dot_month_M_N"]),
    ("published: months not consecutive", add_published(field="dot_month_8_6", value="↑"),
     [f"Published!{PUBLISHED_ROW} field: 'dot_month_8_6' is not a pair of consecutive months of one financial year"]),
    ("published: month 13", add_published(field="dot_month_13_12", value="↑"),
     [f"Published!{PUBLISHED_ROW} field: 'dot_month_13_12' is not a pair of consecutive months"]),
    ("published: bad quarter", add_published(quarter="Q5"),
     [f"Published!{PUBLISHED_ROW} quarter: 'Q5' is not a quarter: 1, 2, 3 or 4"]),
    ("published: unknown code", add_published(code="NOPE"),
     [f"Published!{PUBLISHED_ROW} code: unknown indicator code 'NOPE'"]),
    ("published: duplicate field", add_published(code="HOMES", quarter=3, field="dot_year", value="↓"),
     [f"Published!{PUBLISHED_ROW} field: another row gives this field for this indicator and quarter "
      "(first at row 3)"]),
    ("published: blank value", add_published(value=None), [f"Published!{PUBLISHED_ROW} value: is required"]),
    ("published: unknown section", add_published(field="section", value="top"),
     [f"Published!{PUBLISHED_ROW} value: 'top' is not a section: one of achieving, failing, context, demand"]),
    ("summary: unknown measure", add_summary(measure="rag"),
     [f"PublishedSummary!{SUMMARY_ROW} measure: 'rag' is not one of statuses, dot_year, dot_quarter"]),
    ("summary: value of another measure", add_summary(measure="dot_year", value="achieved"),
     [f"PublishedSummary!{SUMMARY_ROW} value: 'achieved' is not one of better, static, worse for dot_year"]),
    ("summary: unknown status", add_summary(value="passed"),
     [f"PublishedSummary!{SUMMARY_ROW} value: 'passed' is not one of achieved, failed, green, amber, red "
      "for statuses"]),
    ("summary: percent not a number", add_summary(percent="most"),
     [f"PublishedSummary!{SUMMARY_ROW} percent: 'most' is not a number"]),
    ("summary: percent above 100", add_summary(percent=155),
     [f"PublishedSummary!{SUMMARY_ROW} percent: 155 is outside 0-100 for a percentage"]),
    ("summary: percent missing", add_summary(percent=None), [f"PublishedSummary!{SUMMARY_ROW} percent: is required"]),
    ("summary: count not whole", add_summary(count=2.5),
     [f"PublishedSummary!{SUMMARY_ROW} count: 2.5 is not a whole number"]),
    ("summary: bad quarter", add_summary(quarter=0), [f"PublishedSummary!{SUMMARY_ROW} quarter: '0' is not a quarter"]),
    ("summary: duplicate value", add_summary(quarter=2, value="Achieved"),
     [f"PublishedSummary!{SUMMARY_ROW} value: another row gives this measure and value for this quarter "
      "(first at row 2)"]),
    ("focus: unknown code", add_focus(code="NOPE"), [f"Focus!{FOCUS_ROW} code: unknown indicator code 'NOPE'"]),
    ("focus: twice in a quarter", add_focus(code="POT"),
     [f"Focus!{FOCUS_ROW} quarter: this indicator is already in focus for this quarter (first at row 2)"]),
    ("focus: bad position", add_focus(position="first"), [f"Focus!{FOCUS_ROW} position: 'first' is not a number"]),
    ("focus: bad quarter", add_focus(quarter="Q0"), [f"Focus!{FOCUS_ROW} quarter: 'Q0' is not a quarter"]),
]


@pytest.mark.parametrize("change, messages", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_cell_is_refused_with_its_line_and_nothing_written(imported_small_council, tmp_path, change, messages):
    before = database_state()
    status, out, err = run_import(bad_workbook(tmp_path, change))
    assert status == 1
    for message in messages:
        assert message in err
    assert "nothing was written" in err
    assert database_state() == before


def test_every_problem_is_reported_not_only_the_first(imported_small_council, tmp_path):
    def three_problems(sheets):
        sheets["Readings"].append(reading(code="NOPE"))
        sheets["Readings"].append(reading(month="Jan 2017"))
        sheets["Targets"].append({"code": "CTAX", "year": 2017, "period": "Q9", "value": 1})

    before = database_state()
    status, _, err = run_import(bad_workbook(tmp_path, three_problems))
    assert status == 1
    problem_lines = [line for line in err.splitlines() if "!" in line]
    assert len(problem_lines) == 3, err
    assert "3 problem(s) found; nothing was written." in err
    assert database_state() == before


@pytest.mark.parametrize("sheet", ["Indicators", "Targets", "Readings"])
def test_missing_required_sheet(imported_small_council, tmp_path, sheet):
    before = database_state()
    status, _, err = run_import(bad_workbook(tmp_path, lambda s: None, omit=(sheet,)))
    assert status == 1 and f"{sheet}: missing sheet" in err
    assert database_state() == before


def test_missing_required_column(imported_small_council, tmp_path):
    before = database_state()
    status, _, err = run_import(bad_workbook(tmp_path, lambda s: None, omit=("month",)))
    assert status == 1 and "Readings!1 month: missing column" in err
    assert database_state() == before


@pytest.mark.parametrize(
    "name, content",
    [
        ("empty.xlsx", b""),
        ("corrupt.xlsx", b"PK\x03\x04 this is not really a zip archive"),
        ("figures.csv", b"code,month,value\nCTAX,2017-01,90\n"),
        ("renamed-csv.xlsx", b"code,month,value\nCTAX,2017-01,90\n"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook(imported_small_council, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    before = database_state()
    status, _, err = run_import(path)
    assert status == 1 and "Workbook: not a readable .xlsx workbook" in err
    assert database_state() == before


def test_a_missing_file(db, tmp_path):
    status, _, err = run_import(tmp_path / "nowhere.xlsx")
    assert status == 1 and "no such file" in err


@pytest.mark.parametrize("sheet, column", [("Published", "field"), ("PublishedSummary", "percent")])
def test_missing_column_of_a_published_sheet(imported_small_council, tmp_path, sheet, column):
    before = database_state()
    status, _, err = run_import(bad_workbook(tmp_path, lambda s: None, omit=(column,)))
    assert status == 1 and f"{sheet}!1 {column}: missing column" in err
    assert database_state() == before


def test_a_repeated_header_is_refused_not_merged(imported_small_council, tmp_path):
    from openpyxl import load_workbook

    path = bad_workbook(tmp_path, lambda s: None)
    workbook = load_workbook(path)
    sheet = workbook["Readings"]
    sheet.cell(row=1, column=sheet.max_column + 1, value="value")
    workbook.save(path)
    before = database_state()
    status, _, err = run_import(path)
    assert status == 1 and "Readings!1 value: appears twice in the header row: keep one" in err
    assert database_state() == before


def test_a_formula_never_calculated_is_refused_not_read_as_blank(imported_small_council, tmp_path):
    from openpyxl import load_workbook

    path = bad_workbook(tmp_path, lambda s: None)
    workbook = load_workbook(path)  # openpyxl writes formulas with no saved result, as a script would
    sheet = workbook["Readings"]
    row = sheet.max_row + 1
    sheet.cell(row=row, column=1, value="CTAX")
    sheet.cell(row=row, column=2, value="2017-01")
    sheet.cell(row=row, column=3, value="=80+10")
    workbook.save(path)
    before = database_state()
    status, _, err = run_import(path)
    assert status == 1
    assert f"Readings!{row} value: the formula =80+10 has no saved result" in err
    assert database_state() == before
