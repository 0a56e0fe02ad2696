"""The committee appendix workbook, read back with openpyxl."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from kpis.models import Reading
from reports.scorecards import scorecard_for
from tests.database import empty_the_database
from tests.people import make_user

CONTRACT_SHEETS = ["Data", "Indicators", "Targets", "Years", "Outturns", "Benchmarks", "Commentary", "Published",
                   "PublishedSummary", "Focus", "SpcPeriods"]


def export(path, year=2016, quarter=3):
    call_command("export_appendix", "--year", str(year), "--quarter", str(quarter), "--out", str(path),
                 stdout=io.StringIO())
    return path


@pytest.fixture
def appendix(thurrock, kept_data, tmp_path):
    """The demo's Q3 appendix, exported once for the tests that read it as the demo left it."""
    return load_workbook(io.BytesIO(kept_data.made_once(
        "appendix 2016 Q3", lambda: export(tmp_path / "appendix.xlsx").read_bytes())))


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
    assert reoffending[16:18] == [None, "Q2 2016/17: 8 (in arrears)"]  # the paper: "Qtr in arrears", no figure
    two = [c.value for c in rows["Number of places accessed for two year olds for early years education in the "
                                 "borough"]]
    assert two[6:18] == [None, None, None, 700, None, None, None, "Not due (Termly)", None, None, None, 741]


@pytest.mark.parametrize("name", ["Appendix 1", "Appendix 1b", "Summary"])
def test_frozen_header_and_print_set_up(appendix, name):
    sheet = appendix[name]
    assert sheet.freeze_panes == "B4"
    assert (sheet.page_setup.orientation, int(sheet.page_setup.paperSize)) == ("landscape", 9)  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$3:$3" and sheet.print_options.gridLines
    assert sheet.oddFooter.center.text == "&A – page &P of &N"
    assert sheet.row_dimensions[3].height == 62 and sheet["B3"].alignment.wrap_text  # headings shown whole


def test_sections_are_bands_and_long_text_wraps_in_rows_tall_enough(appendix):
    sheet = appendix["Appendix 1"]
    failing = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == "Indicators failing target")
    assert all(cell.fill.fgColor.rgb.endswith("DDEBF7") for cell in failing)
    assert sheet.column_dimensions["A"].width == 40 and sheet.column_dimensions["U"].width == 15
    homes = next(row for row in sheet.iter_rows(min_row=4) if row[0].value.startswith("No of homes transformed"))
    # "65% of all stock by year end", the printed year target, takes four lines of its column
    assert homes[0].alignment.wrap_text and sheet.row_dimensions[homes[0].row].height == 60
    commentary = appendix["Appendix 1b"]
    rent = next(row for row in commentary.iter_rows(min_row=4) if row[0].value == "% Rent collected")
    assert rent[9].alignment.wrap_text and rent[9].alignment.vertical == "top"
    assert commentary.row_dimensions[rent[0].row].height == 60  # 396 characters at 97 a line


def test_a_figure_keeps_every_decimal_it_has_whatever_the_indicators_precision(appendix):
    rows = rows_by_title(appendix["Appendix 1"])
    voids = rows["Average time to turnaround/re-let voids (in days)"]  # 0 decimals; outturn 31.5
    assert (voids[3].value, voids[3].number_format) == (31.5, "#,##0.0")
    assert voids[4].number_format == "#,##0"
    repair = rows["Average time taken to complete a non-urgent repair (in days)"]  # 1 decimal; December 8.25
    assert (repair[16].value, repair[16].number_format) == (8.25, "#,##0.00")
    local_area = rows["Number of people supported by a Local Area Coordinator (LAC)"]
    assert (local_area[18].value, local_area[18].number_format) == (487.5, "#,##0.0")  # 650 x 9/12


def test_the_summary_sheet(appendix):
    lines = {(r[0], r[1]): r[2:] for r in appendix["Summary"].iter_rows(min_row=4, values_only=True)}
    # As the summary page has it: what the rows show, how much rests on printed values, and
    # the council's printed share beside it (the README explains each difference).
    assert lines[("Performance against target", "Achieved ✓")] == (22, 40, 55, "21 computed, 1 as published", 55)
    assert lines[("Direction of travel since last quarter", "↓ Worse")] == (
        18, 35, 51.43, "17 computed, 1 as published", 41.67)
    assert appendix["Summary"]["G5"].number_format == '0.00"%"'



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


def test_the_file_imports_back_into_an_empty_database_and_gives_the_same_scorecard(thurrock, tmp_path):
    exported = export(tmp_path / "appendix.xlsx")
    before = [scorecard_for(2016, quarter) for quarter in (1, 2, 3)]
    empty_the_database()
    assert Reading.objects.count() == 0 and not scorecard_for(2016, 3).rows

    call_command("import_workbook", str(exported), stdout=io.StringIO())

    for old, new in zip(before, [scorecard_for(2016, quarter) for quarter in (1, 2, 3)], strict=True):
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
    # No 2015/16 months to compare with: the council's printed arrow, marked as such, as on the pages.
    assert bins[3:9] == (99.2, 97.7, 98.5, 98.5, "↑ Better (as published)", "Failed ✗")
    assert bins[9].startswith("This has improved considerably in recent months")
    assert sheet.cell(row=4, column=10).alignment.wrap_text
    assert "% Rent collected" in rows and "% Council Tax collected" not in rows  # achieved: not here
    assert rows["% adults who smoke (Annual)"][9] == "commentary missing"  # the paper gives none


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_status_or_arrow_the_rules_cannot_compute_is_the_councils_marked_as_published(appendix):
    values = [c.value for c in rows_by_title(appendix["Appendix 1"])["% Council Tax collected"]]
    assert values[20] == "↑ Better (as published)"  # no 2015/16 months: the paper's arrow, said to be the paper's
    # Q1 and Q2 are judged on the year target: the paper prints no Q1/Q2 targets (see test_thurrock_agreement).
    assert values[24:27] == ["Failed ✗", "Failed ✗", "Achieved ✓"]


def test_the_scorecard_pages_offer_the_appendix_and_it_downloads(client, thurrock):
    for page in ("/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/"):
        assert 'href="/scorecards/2016/q3/appendix.xlsx"' in client.get(page).content.decode()
    response = client.get("/scorecards/2016/q3/appendix.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="appendix-1-2016-17-q3.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Appendix 1"]["A1"].value.endswith("Quarter 3 2016/17")
    assert client.get("/scorecards/2016/q5/appendix.xlsx").status_code == 404


def test_a_draft_never_reaches_the_appendix_even_for_the_performance_team(client, thurrock):
    Reading.objects.filter(indicator__code="RENT", month=date(2016, 12, 1)).update(value=Decimal("98.12"),
                                                                                   state="draft")
    client.force_login(make_user("pat", "performance"))
    workbook = load_workbook(io.BytesIO(client.get("/scorecards/2016/q3/appendix.xlsx").content))
    cells = [c.value for name in workbook.sheetnames for row in workbook[name].iter_rows() for c in row]
    assert 98.12 not in cells
    rent = [c.value for c in rows_by_title(workbook["Appendix 1"])["% Rent collected"]]
    assert rent[16] is None and rent[17] == 96.8  # December left blank; Q3 on the latest published month


def test_the_portfolio_holders_table_downloads_with_numbers_formats_and_worded_statuses(client, thurrock):
    page = client.get("/portfolios/education-and-health/?quarter=2016-Q3").content.decode()
    assert 'href="/portfolios/education-and-health/table.xlsx?quarter=2016-Q3"' in page
    response = client.get("/portfolios/education-and-health/table.xlsx?quarter=2016-Q3")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content))["Portfolio"]
    assert sheet["A1"].value == ("Thurrock Council: Education and Health (Cllr J Halden) – key performance "
                                 "indicators, Quarter 3 2016/17")
    assert [c.value for c in sheet[3]] == ["KPI", "2015/16 Outturn", "Quarter 3 Figure", "Quarter 3 Target",
                                           "Performance", "Direction of travel (since last year)"]
    rows = rows_by_title(sheet)
    primary = rows['% of primary schools judged "good" or better']
    assert [c.value for c in primary[1:5]] == [75.7, 94.4, 80, "Achieved ✓"]
    assert primary[2].number_format == '0.0"%"' and primary[4].fill.fgColor.rgb.endswith("C6EFCE")
    assert [c.value for c in rows["No of new apprenticeships within the council"][1:6]] == [
        55, 21, 48, "Failed ✗", "↓ Worse (as published)"]  # its months add to 21; the paper prints 23
    assert sheet.freeze_panes == "B4" and sheet.page_setup.orientation == "landscape"
    assert len(rows) == 10  # the holder's KPIs and health/wealth indicators, no demand indicator
    assert [c.value for c in rows["% of 16-19 yr old Not in Education, Employment or Training"][2:5]] == [
        "new govt. method", 5.9, "New method"]
    assert client.get("/portfolios/education-and-health/table.xlsx?quarter=2016-Q9").status_code == 404


def test_the_command_writes_a_portfolio_table_or_names_the_portfolios(thurrock, tmp_path):
    out = tmp_path / "portfolio.xlsx"
    call_command("export_appendix", "--year", "2016", "--quarter", "3", "--out", str(out),
                 "--portfolio", "environment", stdout=io.StringIO())
    assert "% of refuse bins emptied on correct day" in rows_by_title(load_workbook(out)["Portfolio"])
    with pytest.raises(Exception, match="no such portfolio .there are: .*education-and-health"):
        call_command("export_appendix", "--year", "2016", "--quarter", "3", "--out", str(out), "--portfolio", "x")


def test_a_quarter_in_progress_says_so_under_each_sheets_title_and_a_published_one_does_not(client, thurrock):
    """Q3 is published in the demo; Q2 withdrawn is in progress again: the workbook never gives its
    shares as the quarter's result."""
    from kpis.domain.periods import Quarter
    from kpis.services.publication import withdraw_publication

    published = load_workbook(io.BytesIO(client.get("/scorecards/2016/q2/appendix.xlsx").content))
    assert [published[name]["A2"].value for name in ("Appendix 1", "Appendix 1b", "Summary")] == [None] * 3
    withdraw_publication(make_user("pat", "performance"), Quarter(2016, 2))
    in_progress = load_workbook(io.BytesIO(client.get("/scorecards/2016/q2/appendix.xlsx").content))
    scorecard = scorecard_for(2016, 2)
    note = (f"In progress, not yet published: {scorecard.with_figure} of {len(scorecard.rows)} indicators have a "
            "figure. These are the figures so far, not the quarter's result.")
    assert [in_progress[name]["A2"].value for name in ("Appendix 1", "Appendix 1b", "Summary")] == [note] * 3
    assert in_progress["Appendix 1"]["A3"].value == "Performance Indicator Title"  # the header row stays put
    assert scorecard.in_progress and f" {scorecard.with_figure} of 49 " in note
