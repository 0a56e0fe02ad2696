"""import_appendix: the council's committee appendix, read cell for cell, all or nothing.

The appendix of Thurrock's Q3 2016/17 paper (tests/seed_appendix.py writes it verbatim)
is imported into a database holding only the demo's indicators, and must give the demo
data that a person transcribed from the same paper (fixtures/thurrock_2016_17.py), except
for the differences listed below, each with its reason.
"""

import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fixtures.thurrock_2016_17 import WORKBOOK
from kpis import models
from kpis.domain.periods import Month
from kpis.importing.problems import WorkbookError
from kpis.importing.reader import read_workbook
from kpis.importing.rows import WorkbookData
from kpis.services.imports import import_appendix
from tests.database import database_state
from tests.seed_appendix import SHEET, find_row, row_of, seed_rows, write_appendix

# --- what the appendix gives that the transcription does not, and why ------------------------

IN_FOCUS = "taken from the In Focus pages of the report, not from the appendix"
BY_HAND = "the transcription read the number out of the words by hand; the appendix cell does not start with one"
SPLIT_BY_HAND = ("the cell prints Thurrock's own figure first, then regional and national ones for 2014; the "
                 "transcription split it by hand into benchmarks by year and kind, the reader keeps the cell as one "
                 "benchmark for the year, valued by the number it starts with")
RATIO_PARTS = "numerator and denominator taken from the Appendix 1b commentary ('{}'), not from a cell of their own"
DIFFERENCES = {
    # key: (the demo's, the appendix's, why). Readings are (value, numerator, denominator, flag).
    ("reading", "GRAF", "2016-06"): (("0.83", None, None, ""), None,
                                     "printed under Jul-16; the transcription put it in June because the paper "
                                     "judges Q1 on it (seed_corrections.csv)"),
    ("reading", "GRAF", "2016-07"): (None, ("0.83", None, None, ""), "printed under Jul-16 (seed_corrections.csv)"),
    ("reading", "LITTER", "2016-06"): (("3.48", None, None, ""), None,
                                       "printed under Jul-16; the transcription put it in June because the paper "
                                       "judges Q1 on it (seed_corrections.csv)"),
    ("reading", "LITTER", "2016-07"): (None, ("3.48", None, None, ""),
                                       "printed under Jul-16 (seed_corrections.csv)"),
    ("reading", "PRIM", "2016-12"): (("94.4", None, None, ""), None,
                                     "the appendix cell is blank; 94.4 is " + IN_FOCUS + " (seed_corrections.csv)"),
    ("reading", "SDSU", "2016-12"): (("76.51", "821", "1073", ""), ("76.51", None, None, ""),
                                     RATIO_PARTS.format("821 of 1073 service users")),
    ("reading", "REAB", "2016-12"): (("87.8", "86", "98", ""), ("87.8", None, None, ""),
                                     RATIO_PARTS.format("Of these, 86 were still at home")),
    ("reading", "OBES", "2015-03"): (("36.7", None, None, ""), None,
                                     "the 2014/15 outturn, placed on March by hand as the annual figure"),
    ("reading", "OBES", "2016-03"): (("37.8", None, None, ""), None,
                                     "the 2015/16 outturn, placed on March by hand as the annual figure"),
    ("reading", "OBES", "2016-12"): ((None, None, None, "in_arrears"), ("37.8", None, None, ""),
                                     "'37.8 (15/16)' under Qtr 3 YTD: the reader takes the number it starts with "
                                     "and keeps '(15/16)' as the note; the transcription read the bracket as last "
                                     "year's figure and flagged Q3 in arrears"),
    ("reading", "SMOKE", "2016-12"): ((None, None, None, "in_arrears"), None,
                                      "the Qtr 3 cell is blank; the transcription flagged Q3 in arrears by hand "
                                      "(the latest figure, '21.3 (2015)', is printed under Aug-16)"),
    ("target", "HOMES", 2016, "Q1"): (("absolute", "150", "50 per month"), None,
                                      "the Q3 paper prints no Q1 target; the transcription computed it from "
                                      "'50 per month' (seed_corrections.csv)"),
    ("target", "HOMES", 2016, "Q2"): (("absolute", "300", "50 per month"), None,
                                      "the Q3 paper prints no Q2 target; the transcription computed it from "
                                      "'50 per month' (seed_corrections.csv)"),
    ("target", "PRIM", 2016, "Q3"): (("absolute", "80", "fixed at 80"), ("none", None, "fixed at 80"),
                                     "'fixed at 80' does not start with a number: the transcription valued it by "
                                     "hand; the reader keeps the text, of kind none, and notes it"),
    ("benchmark", "REOFF", 2016): ((("38", "National average 38"),), ((None, "National average 38"),), BY_HAND),
    ("benchmark", "HOMELESS", 2016): ((("245", "average 245 per month"),), ((None, "average 245 per month"),),
                                      BY_HAND),
    ("benchmark", "HACC", 2016): ((("19", "average 19 per month"),), ((None, "average 19 per month"),), BY_HAND),
    ("benchmark", "OBES", 2014): ((("30.7", "36.7% 14/15 30.7% (Regional) 33.2% (England)"),
                                   ("33.2", "36.7% 14/15 30.7% (Regional) 33.2% (England)")), None, SPLIT_BY_HAND),
    ("benchmark", "OBES", 2015): ((("31.7", "31.7%"), ("34.2", "34.2%")), None,
                                  "2015/16 averages quoted in the Appendix 1b commentary, not in a benchmark cell"),
    ("benchmark", "OBES", 2016): (None, (("36.7", "36.7% 14/15 30.7% (Regional) 33.2% (England)"),),
                                  SPLIT_BY_HAND),
    ("benchmark", "SMOKE", 2014): ((("17.7", "20.9% (2014) 17.8% (2014 Regional) 17.7% (2014)"),
                                    ("17.8", "20.9% (2014) 17.8% (2014 Regional) 17.7% (2014)")), None, SPLIT_BY_HAND),
    ("benchmark", "SMOKE", 2016): (None, (("20.9", "20.9% (2014) 17.8% (2014 Regional) 17.7% (2014)"),),
                                   SPLIT_BY_HAND),
    ("commentary", "PRIM", 2016, 3): ("This indicator has consistently improved over recent reports with 94.4% of "
                                      "Thurrock primary schools being judged by Ofsted as being either good or "
                                      "outstanding.", None,
                                     "PRIM did not fail, so it is not in Appendix 1b: " + IN_FOCUS),
    ("published", "PRIM", 2016, 3, "dot_quarter"): ("BETTER ↑", None, IN_FOCUS),
    ("published", "LITTER", 2016, 3, "dot_quarter"): ("WORSE ↓", None, IN_FOCUS),
    ("published", "POT", 2016, 3, "dot_quarter"): ("WORSE ↓", None, IN_FOCUS),
    ("published", "OBES", 2016, 3, "dot_year"): ("WORSE ↓", None, IN_FOCUS + "; its appendix DOT cell is blank"),
    ("published", "SMOKE", 2016, 2, "figure"): ("21.3 (2015)", None,
                                                "printed under Aug-16, not in a YTD column; the transcription also "
                                                "kept it as the Q2 figure"),
}
# The appendix's "Benchmark / Baseline" column names no kind, so every benchmark is of kind
# "benchmark"; the transcription named the kind (national, regional, unitary average, baseline)
# from words elsewhere in the paper. Benchmarks are compared without their kind.
PREFIX_ONLY = {("commentary", "PRIM", 2016, 3)}  # long texts: the listed demo value is how it starts


def shown(value) -> str | None:
    return None if value is None else f"{Decimal(value).normalize():f}"


def state(readings, targets, outturns, benchmarks, commentary, published) -> dict:
    """Every fact in one shape for the demo workbook and the database: key -> value."""
    facts = {}
    for code, month, *values, flag in readings:
        facts[("reading", code, str(month))] = (*map(shown, values), flag)
    for code, year, period, kind, value, text in targets:
        facts[("target", code, year, period)] = (kind, shown(value), text)
    for code, year, value, text in outturns:
        facts[("outturn", code, year)] = (shown(value), text)
    grouped = {}
    for code, year, value, text in benchmarks:
        grouped.setdefault(("benchmark", code, year), []).append((shown(value), text))
    facts |= {key: tuple(sorted(values, key=str)) for key, values in grouped.items()}
    for code, year, quarter, text in commentary:
        facts[("commentary", code, year, quarter)] = text
    for code, year, quarter, field, value in published:
        facts[("published", code, year, quarter, field)] = value
    return facts


def demo_state(data: WorkbookData) -> dict:
    return state(
        [(r.code, r.month, r.value, r.numerator, r.denominator, r.flag.value) for r in data.readings],
        [(r.code, r.year, r.period, r.kind.value, r.value, r.text) for r in data.targets],
        [(r.code, r.year, r.value, r.text) for r in data.outturns],
        [(r.code, r.year, r.value, r.text) for r in data.benchmarks],
        [(r.code, r.year, r.quarter, r.text) for r in data.commentary],
        [(r.code, r.year, r.quarter, r.field, r.value) for r in data.published],
    )


def database_facts() -> dict:
    def rows(model, *fields):
        return model.objects.values_list("indicator__code", *fields)

    return state(
        [(code, Month.of(month), *rest) for code, month, *rest in
         rows(models.Reading, "month", "value", "numerator", "denominator", "flag")],
        rows(models.Target, "year", "period", "kind", "value", "text"),
        rows(models.Outturn, "year", "value", "text"),
        rows(models.Benchmark, "year", "value", "text"),
        rows(models.Commentary, "year", "quarter", "text"),
        rows(models.PublishedValue, "year", "quarter", "field", "value"),
    )


# --- the cast ------------------------------------------------------------------------------


@pytest.fixture
def appendix(tmp_path):
    return write_appendix(tmp_path / "appendix.xlsx")


@pytest.fixture
def imported(imported_appendix):
    """The seed appendix imported over the demo's indicators (`demo_indicators`, tests/conftest.py)."""
    return imported_appendix


def run_command(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_appendix", str(path), *args, stdout=out, stderr=err)
    except CommandError as error:
        return 1, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def reading(code, month):
    return models.Reading.objects.get(indicator__code=code, month=Month.parse(month).first_day)


def published(code, quarter, field):
    return models.PublishedValue.objects.get(indicator__code=code, year=2016, quarter=quarter, field=field).value


# --- the seed ------------------------------------------------------------------------------


def test_the_seed_appendix_gives_the_demo_data_except_the_listed_differences(imported):
    demo, read = demo_state(read_workbook(WORKBOOK)), database_facts()
    found = {key: (demo.get(key), read.get(key)) for key in demo.keys() | read.keys() if demo.get(key) != read.get(key)}
    for key in PREFIX_ONLY:
        assert found[key][0].startswith(DIFFERENCES[key][0])
        found[key] = (DIFFERENCES[key][0], found[key][1])
    assert found == {key: (ours, theirs) for key, (ours, theirs, why) in DIFFERENCES.items()}
    assert len(read) > 600  # readings, targets, outturns, benchmarks, commentary and published values
    assert all(len(why) > 30 for *_, why in DIFFERENCES.values())


def test_the_stray_header_cell_is_dropped_and_noted(imported):
    header = row_of(1275)
    assert (f"{SHEET}!{header} column R: '42705' is Dec-16 again, repeating the month before it: a stray header "
            "cell, dropped (the headers after it each move one column left)") in imported.notes


def test_every_shifted_row_of_the_seed_is_noted_and_no_other(imported):
    shifted = [note for note in imported.notes if "one column right of their headers" in note]
    tail = "sit one column right of their headers; read one column left"
    assert shifted == [
        f"{SHEET}!{row_of(1237)}: cells from column S on {tail}",  # TWOA: 741 under "Qtr 3 Target"
        f"{SHEET}!{row_of(1243)}: cells from column Z on {tail}",  # REOFF: statuses one column late
        *[f"{SHEET}!{row_of(line)}: cells from column V on {tail}" for line in (1276, 1277)],
        f"{SHEET}!{row_of(1278)}: read like the other rows of its table: cells from column V on {tail}",  # KSI
        *[f"{SHEET}!{row_of(line)}: cells from column V on {tail}" for line in (1279, 1280, 1281, 1282)],
    ]


def test_the_shifted_two_year_olds_row_is_read_one_column_left(imported):
    assert reading("TWOA", "2016-12").value == 741
    assert published("TWOA", 3, "figure") == "741"
    targets = models.Target.objects.filter(indicator__code="TWOA").order_by("period")
    assert [(t.period, t.kind, t.value, t.text) for t in targets] == [
        ("Q3", "none", None, "74% of DWP total* (changes each term)"),
        ("year", "none", None, "74% of DWP total* (changes each term)"),
    ]
    assert (published("TWOA", 1, "status"), published("TWOA", 3, "status")) == ("Achieved", "Achieved")
    assert not models.PublishedValue.objects.filter(indicator__code="TWOA", quarter=2, field="status").exists()
    assert published("TWOA", 3, "dot_year") == "↑"
    assert (f"{SHEET}!{row_of(1237)} Qtr 3 Target: '74% of DWP total* (changes each term)' -> target of kind none: "
            "no value could be read (74% is a percentage, but the unit of TWOA is count), so it is not judged"
            ) in imported.notes


def test_the_demand_rows_after_the_stray_column_are_read_under_their_headers(imported):
    assert published("HOMELESS", 3, "figure") == "1868"
    assert [published("HOMELESS", 3, field) for field in ("dot_year", "dot_month_7_6", "dot_month_8_7",
                                                          "dot_month_9_8")] == ["↓", "↓", "↓", "↑"]
    assert not models.Reading.objects.filter(indicator__code="HOMELESS", value=1868).exists()
    fly = models.Target.objects.filter(indicator__code="FLY").order_by("period")
    assert [(t.period, t.kind, t.value, t.text) for t in fly] == [
        ("Q3", "baseline", 1700, "1700 Baseline"), ("year", "baseline", 2250, "2250 Baseline")]
    assert published("KSI", 3, "dot_year") == "n/a"
    assert reading("KSI", "2016-12").flag == "in_arrears"


def test_the_reoffending_statuses_printed_one_column_late_are_read_under_their_quarters(imported):
    assert [published("REOFF", q, "status") for q in (1, 2, 3)] == ["Achieved", "Achieved", "Qtr in arrears"]


@pytest.mark.parametrize("stray", [42705, 42705.0, datetime(2016, 12, 1)], ids=["number", "float", "date"])
def test_the_stray_header_reads_the_same_stored_as_excel_would_store_it(imported, tmp_path, stray):
    rows = seed_rows()
    header = rows[row_of(1275) - 1]
    assert header[17] == "42705"
    header[17] = stray
    before = database_state()
    report = import_appendix(write_appendix(tmp_path / "excel.xlsx", rows), 2016)
    assert report.changed == 0 and database_state() == before
    assert any(note.startswith(f"{SHEET}!{row_of(1275)} column R: ") and "is Dec-16 again" in note
               for note in report.notes)


def test_a_sum_indicator_keeps_each_quarters_own_amount_of_a_running_total(imported):
    assert [reading("LAC", m).value for m in ("2016-06", "2016-09", "2016-12")] == [359, 117, 193]
    assert reading("LAC", "2016-09").note == "476 to date, as printed"
    assert [published("LAC", q, "figure") for q in (1, 2, 3)] == ["359", "476", "669"]
    assert (f"{SHEET}!{row_of(1249)} Qtr 3 YTD: '11,037' -> 3818 for Qtr 3 alone: a sum holds each quarter's own "
            "amount (11,037 to date less 7219 before)") in imported.notes
    # Admissions are judged on each quarter alone, so the council prints the quarter's own figure.
    assert [reading("ADM", m).value for m in ("2016-06", "2016-09", "2016-12")] == [37, 35, 30]


def test_odd_cells_are_read_and_noted(imported):
    waste = reading("WASTE", "2016-05")
    assert (waste.value, waste.note) == (45, "(YTD 41.9)")
    assert reading("SDSC", "2016-06").value == Decimal("92.30")
    assert (reading("HRA", "2016-04").flag, reading("HRA", "2016-04").note) == ("not_due", "n/a")
    assert reading("NEET", "2016-08").flag == "new_method"
    assert reading("TWOA", "2016-09").flag == "not_due"
    assert models.Outturn.objects.get(indicator__code="HOMES", year=2015).value == 5838
    assert models.Target.objects.get(indicator__code="HOMES", period="Q3").value == 450
    assert not models.Outturn.objects.filter(indicator__code="HOMES", year=2014).exists()
    for note in [
        f"{SHEET}!{row_of(1261)} May-16: '45 (YTD 41.9)' -> 45, '(YTD 41.9)' kept as the note",
        f"{SHEET}!{row_of(1255)} Apr-16: 'n/a' -> flag not due, the text kept as the note",
        f"{SHEET}!{row_of(1232)} 2014/15 Outturn: 'n/a' -> no outturn for 2014/15",
        f"{SHEET}!{row_of(1232)} 2015/16 Outturn: '58% (5838)' -> 5838: 58% is a share; the count is the 5838 "
        "in brackets",
        f"{SHEET}!{row_of(1232)} Qtr 3 Target: '50 per month' -> target of kind absolute 450: 50 a month for 9 "
        "months = 450",
        f"{SHEET}!{row_of(1236)} Qtr 3 Target: 'fixed at 80' -> target of kind none: no value could be read (it "
        "does not start with a number), so it is not judged",
        f"{SHEET}!{row_of(1284)}: 'This page is intentionally left blank' has nothing beside it: not an indicator "
        "row; not read",
    ]:
        assert note in imported.notes
    rows = [int(re.match(r"\d+", note.split("!", 1)[1])[0]) for note in imported.notes]
    assert rows == sorted(rows)  # in the order of the sheet


def test_commentary_is_kept_for_the_quarter_appendix_1b_reports(imported):
    commentary = models.Commentary.objects.get(indicator__code="CAP")  # 1b names it "% overall spend ..."
    assert (commentary.year, commentary.quarter) == (2016, 3)
    assert commentary.text.startswith("This is based on actual payments to date")
    assert models.Commentary.objects.count() == 18


def test_a_commentary_repeated_word_for_word_is_read_once(demo_indicators, tmp_path):
    rows = seed_rows()
    rows.append(list(rows[row_of(1303) - 1]))  # the 1b obesity row again
    report = import_appendix(write_appendix(tmp_path / "repeated.xlsx", rows), 2016)
    assert f"{SHEET}!{len(rows)} Commentary: repeats row {row_of(1303)}; read once" in report.notes
    assert models.Commentary.objects.filter(indicator__code="OBES").count() == 1


# --- bad spreadsheets ----------------------------------------------------------------------


def edit(line: int, column: int, value):
    def change(rows):
        rows[row_of(line) - 1][column] = value
    return change


def add_1b_row(title: str, commentary: str):
    def change(rows):
        row = list(rows[find_row(rows, title, after=row_of(1286) - 1)])
        row[9] = commentary
        rows.append(row)
    return change


BAD = [
    ("unknown title", edit(1229, 0, "Permanent admissions to care homes"),
     [f"{SHEET}!4 Performance Indicator Title: 'Permanent admissions to care homes' is not the title or an alias of "
      "a known indicator"]),
    ("text under a month", edit(1230, 6, "abc"),
     [f"{SHEET}!5 Apr-16: 'abc' is not a figure: a number, a number with a remark in brackets, or a flag (Not due, "
      "Qtr in arrears, new govt. method, n/a)"]),
    ("percentage above 100", edit(1230, 6, "120%"), [f"{SHEET}!5 Apr-16: 120 is outside 0-100 for a percentage"]),
    ("percentage of a count", edit(1232, 6, "19%"),
     [f"{SHEET}!7 Apr-16: '19%' is a percentage, but the unit of HOMES is count"]),
    ("month outside the year", edit(1228, 6, "Apr-15"),
     [f"{SHEET}!3 Apr-15: is not a month of 2016/17 (April 2016 to March 2017), the year imported"]),
    ("year target of another year", edit(1252, 19, "2017/18 Target"),
     [f"{SHEET}!27 2017/18 Target: is not a target of 2016/17, the year imported"]),
    ("a word among the arrows", edit(1231, 20, "up"),
     [f"{SHEET}!6 Qtr 3 DOT (since last year): 'up' is not an arrow or a flag, and no shift of the row's cells by "
      "one column puts its arrows and statuses under their headers"]),
    ("a running total that falls", edit(1247, 13, "300"),
     [f"{SHEET}!22 Qtr 2 YTD: '300' is less than the 359 counted before Qtr 2: not a running total"]),
    ("two commentaries for one indicator", add_1b_row("% Rent collected", "Collection is improving."),
     [f"{SHEET}!82 Commentary: differs from the commentary for RENT at row 69"]),
    ("an indicator twice", lambda rows: rows.insert(row_of(1251) - 1, list(rows[row_of(1229) - 1])),
     [f"{SHEET}!26 Performance Indicator Title: ADM is already in the appendix (row 4)"]),
]


@pytest.mark.parametrize("change, expected", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_a_bad_appendix_names_sheet_row_column_and_reason_and_writes_nothing(imported, tmp_path, change, expected):
    rows = seed_rows()
    rows[row_of(1230) - 1][7] = "50"  # a real change (SDSC May-16) that must not be written
    change(rows)
    before = database_state()
    with pytest.raises(WorkbookError) as error:
        import_appendix(write_appendix(tmp_path / "bad.xlsx", rows), 2016)
    assert [str(problem) for problem in error.value.problems] == expected
    assert database_state() == before


def test_every_month_of_another_year_is_a_problem(demo_indicators, appendix):
    with pytest.raises(WorkbookError) as error:
        import_appendix(appendix, 2015)
    problems = [str(problem) for problem in error.value.problems]
    assert f"{SHEET}!3 Apr-16: is not a month of 2015/16 (April 2015 to March 2016), the year imported" in problems
    assert f"{SHEET}!3 2016/17 Target: is not a target of 2015/16, the year imported" in problems
    assert models.Reading.objects.count() == 0


def test_a_file_that_is_not_a_workbook_is_refused(demo_indicators, tmp_path):
    path = tmp_path / "appendix.xlsx"
    path.write_text("Performance Indicator Title\tApr-16\n")
    with pytest.raises(WorkbookError) as error:
        import_appendix(path, 2016)
    assert [str(p) for p in error.value.problems] == [
        "Workbook: not a readable .xlsx workbook (File is not a zip file)"]
    assert models.Reading.objects.count() == 0


def test_a_workbook_with_no_appendix_table_is_refused(demo_indicators, tmp_path):
    with pytest.raises(WorkbookError) as error:
        import_appendix(write_appendix(tmp_path / "empty.xlsx", [["Just a title"]]), 2016)
    assert [str(p) for p in error.value.problems] == [
        "Workbook: no appendix table found: a header row starts with the indicator title and has month columns "
        "such as Apr-16"]


# --- writing -------------------------------------------------------------------------------


def test_importing_the_same_appendix_again_changes_nothing(imported, appendix):
    before = database_state()
    report = import_appendix(appendix, 2016)
    assert report.changed == 0 and report.changes == []
    assert database_state() == before


def test_a_dry_run_reports_and_writes_nothing(demo_indicators, appendix):
    before = database_state()
    report = import_appendix(appendix, 2016, dry_run=True)
    assert database_state() == before
    assert report.counts["Readings"]["created"] == len([c for c in report.changes if c.sheet == "Readings"]) > 300
    assert report.lines()[-1] == "Dry run: nothing was written."


def test_an_uploaded_file_object_is_read_like_a_path(demo_indicators, appendix, performance):
    with appendix.open("rb") as upload:
        report = import_appendix(upload, 2016, dry_run=False, user=performance, reason="upload appendix.xlsx")
    assert report.changed > 0
    record = models.Reading.history.filter(indicator__code="SICK").first()
    assert (record.history_user, record.history_change_reason) == (performance, "upload appendix.xlsx")


# --- the command ---------------------------------------------------------------------------


def test_the_command_prints_its_notes_and_what_it_wrote(demo_indicators, appendix):
    status, out, _ = run_command(appendix, "--year", "2016")
    lines = out.splitlines()
    assert status == 0
    assert f"{SHEET}!{row_of(1261)} May-16: '45 (YTD 41.9)' -> 45, '(YTD 41.9)' kept as the note" in lines
    assert "Readings: 302 created, 0 updated, 0 unchanged" in lines
    written = sum(model.objects.count() for model in (models.Reading, models.Target, models.Outturn,
                                                      models.Benchmark, models.Commentary, models.PublishedValue))
    assert lines[-1] == f"{written} changes written."
    assert models.Reading.objects.count() == 302


def test_the_command_dry_run_writes_nothing(demo_indicators, appendix):
    status, out, _ = run_command(appendix, "--year", "2016", "--dry-run")
    assert status == 0 and out.splitlines()[-1] == "Dry run: nothing was written."
    assert models.Reading.objects.count() == 0


def test_the_command_prints_each_problem_and_exits_1(demo_indicators, tmp_path):
    rows = seed_rows()
    edit(1230, 6, "abc")(rows)
    edit(1229, 0, "Nobody's indicator")(rows)
    status, _, err = run_command(write_appendix(tmp_path / "bad.xlsx", rows), "--year", "2016")
    assert status == 1
    assert err.splitlines() == [
        f"{SHEET}!4 Performance Indicator Title: \"Nobody's indicator\" is not the title or an alias of a known "
        "indicator",
        f"{SHEET}!5 Apr-16: 'abc' is not a figure: a number, a number with a remark in brackets, or a flag (Not due, "
        "Qtr in arrears, new govt. method, n/a)",
        "bad.xlsx: 2 problem(s) found; nothing was written.",
    ]
    assert models.Reading.objects.count() == 0


def test_the_command_needs_the_year(demo_indicators, appendix):
    with pytest.raises(CommandError, match="--year"):
        call_command("import_appendix", str(appendix), stdout=io.StringIO(), stderr=io.StringIO())
