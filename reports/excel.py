"""The committee appendix as an Excel workbook, built with openpyxl from the scorecard rows.
No HTTP here: the command and the scorecard page's button both call appendix_workbook, and
the tests read the file back.

Sheets: "Appendix 1" (the seed's columns and sections), "Appendix 1b" (failed indicators
with their commentary), "Summary" (section 3.2), then the import contract's sheets with
"Data" first (reports/contract_sheets.py), so the file pivots and imports back. The
portfolio holder's table is a workbook of its own (portfolio_workbook).
"""

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from kpis.models import Reading
from kpis.periods import Month, Quarter, year_label, year_months
from kpis.published import SECTION
from kpis.selectors import latest_benchmarks, outturns_of
from kpis.terms import Flag, Section, Unit, label
from reports.contract_sheets import add_contract_sheets
from reports.presentation import COMMENTARY_MISSING, TONES, direction_text, says_only, status_text
from reports.scorecards import scorecard_for

COUNCIL = "Thurrock Council"
SECTIONS = (
    (Section.ACHIEVING, "Indicators achieving target"),
    (Section.FAILING, "Indicators failing target"),
    (Section.NO_STATUS, "Corporate KPIs with no status this quarter"),
    (Section.CONTEXT, "Health/Wealth of the Borough Indicators"),
    (Section.DEMAND, "Demand Indicators"),
)
# Status cells are coloured and worded (never colour alone); pale fills keep black text legible.
FILLS = {"good": "C6EFCE", "bad": "FFC7CE", "warn": "FFEB9C"}


def number_format(unit: Unit, decimals: int) -> str:
    """The indicator's own format: 76.51%, £432k, 1:57, 5,838."""
    places = "0" + ("." + "0" * decimals if decimals else "")
    if unit is Unit.TIME:
        return "mm:ss"
    if unit is Unit.PERCENT:
        return f'{places}"%"'  # figures are kept 0-100, not as Excel fractions
    if unit is Unit.CURRENCY:
        return f'"£"#,##{places}"k"'
    return f"#,##{places}"


def cell_value(value: Decimal | None, unit: Unit):
    """A figure as Excel holds it: a number, a time as a fraction of a day."""
    if value is None:
        return None
    return value / 86400 if unit is Unit.TIME else value


def appendix_workbook(year: int, quarter: int) -> Workbook:
    """Appendix 1 of financial year `year` (2016 = 2016/17), quarters 1 to `quarter`."""
    period = Quarter(year, quarter)
    scorecards = [scorecard_for(year, q) for q in range(1, quarter + 1)]
    current = scorecards[-1]
    months = [m for m in year_months(year) if m <= period.last_month]
    readings = {
        (r.indicator_id, Month.of(r.month)): r
        for r in Reading.objects.filter(state=Reading.State.APPROVED, month__gte=months[0].first_day,
                                        month__lte=months[-1].first_day)
    }
    workbook = Workbook()
    _appendix_sheet(workbook.active, current, scorecards, months, readings, year)
    _failed_sheet(workbook.create_sheet("Appendix 1b"), current, readings)
    _summary_sheet(workbook.create_sheet("Summary"), current)
    add_contract_sheets(workbook, period)
    return workbook


def _columns(period: Quarter, months: list[Month], year: int) -> list[str]:
    columns = ["Performance Indicator Title", "Portfolio Holder", "Directorate", f"{year_label(year - 2)} Outturn",
               f"{year_label(year - 1)} Outturn", "Benchmark / Baseline"]
    for month in months:
        columns.append(month.label)
        if month == month.quarter.last_month:
            columns.append(month.quarter.ytd_label)
    columns += [f"Qtr {period.number} Target", f"{year_label(year)} Target",
                f"Qtr {period.number} DOT (since last year)"]
    columns += [f"DOT between Month {m.number} and Month {m.previous().number}" for m in period.months]
    columns += [f"Qtr {q} Achieved or Failed" for q in range(1, period.number + 1)]
    return columns


def _appendix_sheet(sheet, current, scorecards, months, readings, year):
    period = current.quarter
    sheet.title = "Appendix 1"
    sheet.append([f"{COUNCIL}: Appendix 1 – Corporate Performance KPIs {period.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    columns = _columns(period, months, year)
    sheet.append(columns)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    outturns = (outturns_of(year - 2), outturns_of(year - 1))
    benchmarks = latest_benchmarks(year)
    by_quarter = [{row.indicator_id: row for row in scorecard.rows} for scorecard in scorecards]
    for section, heading in SECTIONS:
        rows = [row for row in current.rows if _section(row) is section]
        if not rows:
            continue
        sheet.append([heading])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        for row in rows:
            _indicator_row(sheet, row, by_quarter, months, readings, outturns, benchmarks)
    sheet.freeze_panes = "B4"
    sheet.column_dimensions["A"].width = 60
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:3"


def _section(row) -> Section:
    """Rows with no status stay where the council's appendix put them (the NEET row sits
    among the failing indicators); otherwise the rules' section."""
    printed = row.published.get(SECTION)
    if row.section is Section.NO_STATUS and printed in (Section.ACHIEVING, Section.FAILING):
        return Section(printed)
    return row.section


def _indicator_row(sheet, row, by_quarter, months, readings, outturns, benchmarks):
    number = number_format(row.unit, row.decimals)
    values = [row.title, row.portfolio_holder, row.directorate,
              *(_printed_cell(*years.get(row.indicator_id, (None, "")), row.unit) for years in outturns),
              _benchmark_cell(benchmarks.get(row.indicator_id, []), row.unit)]
    formats = [None, None, None, number, number, number]
    for month in months:
        values.append(_month_cell(readings.get((row.indicator_id, month)), row.unit))
        formats.append(number)
        if month == month.quarter.last_month:
            quarter_row = by_quarter[month.quarter.number - 1].get(row.indicator_id)
            values.append(_quarter_cell(quarter_row, row.unit))
            formats.append(number)
    r = row.result
    values += [cell_value(r.target, row.unit) if r.target is not None else (r.target_text or None),
               cell_value(r.year_target, row.unit) if r.year_target is not None else (r.year_target_text or None),
               direction_text(r.dot_year) if r.dot_year else None]
    formats += [number, number, None]
    values += [direction_text(d) if d else None for _, d in row.dot_months]
    formats += [None] * len(row.dot_months)
    statuses = [quarters.get(row.indicator_id) for quarters in by_quarter]
    values += [status_text(q.result.status) if q and q.result.status else
               (label(q.result.no_status_reason) if q and q.result.no_status_reason else None) for q in statuses]
    formats += [None] * len(statuses)
    sheet.append(values)
    line = sheet.max_row
    for column, fmt in enumerate(formats, start=1):
        if fmt and isinstance(values[column - 1], (int, float, Decimal)):
            sheet.cell(row=line, column=column).number_format = fmt
    first_status = len(values) - len(statuses) + 1
    for offset, quarter_row in enumerate(statuses):
        tone = TONES.get(quarter_row.result.status) if quarter_row and quarter_row.result.status else None
        if tone:
            sheet.cell(row=line, column=first_status + offset).fill = PatternFill("solid", fgColor=FILLS[tone])


def _month_cell(reading, unit: Unit):
    """A month's figure, or the flag in words where the appendix prints one ("Not due (Termly)")."""
    if reading is None:
        return None
    if reading.value is not None:
        return cell_value(reading.value, unit)
    if Flag(reading.flag) is Flag.NONE:
        return None
    return reading.note or label(Flag(reading.flag))


def _quarter_cell(quarter_row, unit: Unit):
    if quarter_row is None:
        return None
    r = quarter_row.result
    if r.figure is None:
        return label(r.no_status_reason) if r.no_status_reason else None
    if r.in_arrears:
        return f"Q{r.period.number} {year_label(r.period.year)}: {r.figure.normalize():f} (in arrears)"
    return cell_value(r.figure, unit)


def _printed_cell(value: Decimal | None, text: str, unit: Unit):
    """An outturn or benchmark: a number where the printed text says no more ("98.58", "70%"),
    otherwise the text as printed ("58% (5838)", "National average 38")."""
    if value is not None and says_only(text, value):
        return cell_value(value, unit)
    return text or None


def _benchmark_cell(benchmarks: list, unit: Unit):
    """One benchmark as a number or its text; several of a year ("regional", "national") as their texts."""
    if len(benchmarks) == 1:
        _, value, text = benchmarks[0]
        return _printed_cell(value, text, unit)
    texts = {text for _, _, text in benchmarks}
    if len(texts) == 1 and "" not in texts:  # one printed cell that names them all
        return texts.pop()
    return "; ".join(f"{kind} {text or f'{value.normalize():f}'}" for kind, value, text in benchmarks) or None


def _failed_sheet(sheet, scorecard, readings):
    """Appendix 1b: every failed indicator (corporate KPIs and health/wealth ones) with the
    quarter's commentary, wrapped; "commentary missing" where the service gave none."""
    period = scorecard.quarter
    sheet.append([f"{COUNCIL}: Appendix 1b – commentary on failed indicators, {period.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["Performance Indicator Title", "Portfolio Holder", "Directorate", period.last_month.label,
                  period.ytd_label, f"Qtr {period.number} Target", f"{year_label(period.year)} Target",
                  f"Qtr {period.number} DOT (since last year)", f"Qtr {period.number} Achieved or Failed",
                  "Commentary"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in scorecard.rows:
        r = row.result
        if _section(row) is Section.DEMAND or r.status is None or TONES.get(r.status) == "good":
            continue
        number = number_format(row.unit, row.decimals)
        latest = readings.get((row.indicator_id, period.last_month))
        values = [row.title, row.portfolio_holder, row.directorate, _month_cell(latest, row.unit),
                  _quarter_cell(row, row.unit), cell_value(r.target, row.unit), cell_value(r.year_target, row.unit),
                  direction_text(r.dot_year) if r.dot_year else None, status_text(r.status),
                  row.commentary or COMMENTARY_MISSING]
        sheet.append(values)
        line = sheet.max_row
        for column in (4, 5, 6, 7):
            if isinstance(values[column - 1], (int, float, Decimal)):
                sheet.cell(row=line, column=column).number_format = number
        sheet.cell(row=line, column=9).fill = PatternFill("solid", fgColor=FILLS[TONES[r.status]])
        sheet.cell(row=line, column=10).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["J"].width = 100
    sheet.freeze_panes = "B4"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:3"


def _summary_sheet(sheet, scorecard):
    sheet.append([f"{COUNCIL}: summary of corporate KPI performance, {scorecard.quarter.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["Measure", "Result", "Count", "Of", "Percent"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for title, shares, words in (
        ("Performance against target", scorecard.summary.statuses, status_text),
        ("Compared to last year", scorecard.summary.dot_year, direction_text),
        ("Compared to last quarter", scorecard.summary.dot_quarter, direction_text),
    ):
        for value, share in shares.items():
            sheet.append([title, words(value), share.count, share.total, share.percent])
            sheet.cell(row=sheet.max_row, column=5).number_format = '0.00"%"'
    sheet.freeze_panes = "A4"
