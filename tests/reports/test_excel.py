"""The committee appendix workbook, read back with openpyxl."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kpis.models import Directorate, Indicator, Portfolio, PublishedSummary, Reading, ReportingYear
from reports.scorecards import scorecard_for
from tests.reports.test_scorecard_pages import thurrock  # noqa: F401  (fixture)

CONTRACT_SHEETS = ["Data", "Indicators", "Targets", "Years", "Outturns", "Benchmarks", "Commentary", "Published",
                   "PublishedSummary", "Focus"]


def export(path, year=2016, quarter=3):
    call_command("export_appendix", "--year", str(year), "--quarter", str(quarter), "--out", str(path),
                 stdout=io.StringIO())
    return path


@pytest.fixture
def appendix(thurrock, tmp_path):
    return load_workbook(export(tmp_path / "appendix.xlsx"))


def rows_by_title(sheet):
    return {row[0].value: row for row in sheet.iter_rows(min_row=4) if row[0].value}


def test_the_sheets_and_the_seeds_columns_in_the_seeds_order(appendix):
    assert appendix.sheetnames == ["Appendix 1", "Appendix 1b", "Summary", *CONTRACT_SHEETS]
    sheet = appendix["Appendix 1"]
    assert sheet["A1"].value == "Thurrock Council: Appendix 1 – Corporate Performance KPIs Quarter 3 2016/17"
    assert [c.value for c in sheet[3]] == [
        "Performance Indicator Title", "Portfolio Holder", "Directorate", "2014/15 Outturn", "2015/16 Outturn",
        "Benchmark / Baseline", "Apr-16", "May-16", "Jun-16", "Qtr 1 YTD", "Jul-16", "Aug-16", "Sep-16", "Qtr 2 YTD",
        "Oct-16", "Nov-16", "Dec-16", "Qtr 3 YTD", "Qtr 3 Target", "2016/17 Target", "Qtr 3 DOT (since last year)",
        "DOT between Month 7 and Month 6", "DOT between Month 8 and Month 7", "DOT between Month 9 and Month 8",
        "Qtr 1 Achieved or Failed", "Qtr 2 Achieved or Failed", "Qtr 3 Achieved or Failed"]


def test_a_seed_row_with_its_figures_formats_and_worded_coloured_statuses(appendix):
    sheet = appendix["Appendix 1"]
    rent = rows_by_title(sheet)["% Rent collected"]
    values = [c.value for c in rent]
    assert values[6:18] == [77.9, 90.39, 93.3, 93.3, 93.6, 95.3, 95, 95, 95.76, 96.8, 97.1, 97.1]
    assert values[18:20] == [97.25, 99]
    assert rent[6].number_format == '0.00"%"'
    assert values[21:24] == ["↑ Better"] * 3 and values[26] == "Failed ✗"
    assert rent[26].fill.fgColor.rgb.endswith("FFC7CE")  # a colour beside the word, never instead


def test_sections_as_in_the_seed_and_rows_without_status_say_why(appendix):
    sheet = appendix["Appendix 1"]
    titles = [row[0].value for row in sheet.iter_rows(min_row=4)]
    failing = titles.index("Indicators failing target")
    neet = titles.index("% of 16-19 yr old Not in Education, Employment or Training")
    assert failing < neet < titles.index("Health/Wealth of the Borough Indicators")  # NEET stays among the failing
    assert titles.index("Demand Indicators") > titles.index("Health/Wealth of the Borough Indicators")
    rows = rows_by_title(sheet)
    neet_values = [c.value for c in rows["% of 16-19 yr old Not in Education, Employment or Training"]]
    assert neet_values[11] == "new govt. method" and neet_values[26] == "New method"
    reoffending = [c.value for c in rows["% of young people who reoffend after a previously recorded offence"]]
    assert reoffending[16:18] == ["Qtr in arrears", "Q2 2016/17: 8 (in arrears)"]
    two = [c.value for c in rows["Number of places accessed for two year olds for early years education in the "
                                 "borough"]]
    assert two[12] == "Not due (Termly)"


def test_frozen_header_and_print_set_up(appendix):
    sheet = appendix["Appendix 1"]
    assert sheet.freeze_panes == "B4"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$3:$3"


def test_the_summary_sheet(appendix):
    lines = {(r[0], r[1]): r[2:] for r in appendix["Summary"].iter_rows(min_row=4, values_only=True)}
    assert lines[("Performance against target", "Achieved ✓")] == (21, 39, 53.85)
    assert lines[("Compared to last quarter", "↓ Worse")] == (17, 34, 50)


def test_the_data_sheet_is_the_import_contracts_readings(appendix):
    data = appendix["Data"]
    assert [c.value for c in data[1]] == ["code", "month", "value", "numerator", "denominator", "flag", "note"]
    rows = list(data.iter_rows(min_row=2, values_only=True))
    assert ("SDSU", "2016-12", 76.51, 821, 1073, None, None) in rows
    assert ("TWOA", "2016-09", None, None, None, "not_due", "Not due (Termly)") in rows
    # Every month the quarter's scorecard reads: last year's obesity outturn is what Q3 is compared with.
    assert ("OBES", "2016-03", 37.8, None, None, None, "2015/16 outturn, the latest figure") in rows
    assert len(rows) == Reading.objects.filter(state="approved").count()
    assert all(cell.number_format == "General" for row in data.iter_rows() for cell in row)  # reads back as stored


def test_outturns_and_benchmarks_are_numbers_where_the_paper_prints_only_a_number(appendix):
    rows = rows_by_title(appendix["Appendix 1"])
    rent = rows["% Rent collected"]
    assert [c.value for c in rent[3:6]] == [99.44, 99.64, 99.64]  # "99.64%" as printed is the number 99.64
    assert rent[4].number_format == '0.00"%"'
    homes = [c.value for c in rows["No of homes transformed (NB target is given as a % of total stock as the actual "
                                   "figure changes as stock levels change)"]]
    assert homes[3:6] == [None, "58% (5838)", "60 per month"]  # more than a number: the text as printed
    obesity = [c.value for c in rows["% of children who are obese as measured through the National Childhood "
                                     "Measurement Programme at Year 6 (Annual)"]]
    assert obesity[5] == "national 34.2%; regional 31.7%"  # the latest year's averages, each named


def empty_the_database():
    Indicator.objects.all().delete()  # and with them their readings, targets, outturns, commentary ...
    for model in (Portfolio, Directorate, ReportingYear, PublishedSummary):
        model.objects.all().delete()


def test_the_file_imports_back_into_an_empty_database_and_gives_the_same_scorecard(thurrock, tmp_path):
    exported = export(tmp_path / "appendix.xlsx")
    before = [scorecard_for(2016, quarter) for quarter in (1, 2, 3)]
    empty_the_database()
    assert Reading.objects.count() == 0 and not scorecard_for(2016, 3).rows

    call_command("import_workbook", str(exported), stdout=io.StringIO())

    for old, new in zip(before, [scorecard_for(2016, quarter) for quarter in (1, 2, 3)]):
        assert [row.as_dict() for row in new.rows] == [row.as_dict() for row in old.rows]
        assert [row.sparkline for row in new.rows] == [row.sparkline for row in old.rows]
        assert (new.summary, new.published_summary) == (old.summary, old.published_summary)
    again = load_workbook(export(tmp_path / "again.xlsx"))
    first = load_workbook(exported)
    for name in first.sheetnames:
        assert [[c.value for c in row] for row in again[name].iter_rows()] == \
               [[c.value for c in row] for row in first[name].iter_rows()], name


def test_appendix_1b_lists_every_failed_indicator_with_its_commentary(appendix):
    sheet = appendix["Appendix 1b"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    # The 18 failing corporate KPIs with a status, and unemployment (health/wealth), failed.
    assert len(rows) == 19
    assert "Unemployment rate (data from ONS/NOMIS) (in arrears)" in rows
    bins = rows["% of refuse bins emptied on correct day"]
    assert bins[3:9] == (99.2, 97.7, 98.5, 98.5, None, "Failed ✗")
    assert bins[9].startswith("This has improved considerably in recent months")
    assert sheet.cell(row=4, column=10).alignment.wrap_text
    assert "% Rent collected" in rows and "% Council Tax collected" not in rows  # achieved: not here
    assert rows["% adults who smoke (Annual)"][9] == "commentary missing"  # the paper gives none
