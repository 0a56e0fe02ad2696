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
from openpyxl.utils import get_column_letter

from kpis.domain.periods import Month, Quarter, year_label, year_months
from kpis.domain.rules import needs_commentary
from kpis.domain.terms import Flag, Frequency, Section, Unit, label
from kpis.domain.writing import decimal_places, plain_number
from reports.excel.contract_sheets import add_contract_sheets
from reports.excel.text import as_text
from reports.presentation import (
    NOTHING,
    TONES,
    Shown,
    direction_text,
    display_row,
    says_only,
    shown_direction,
    shown_status,
)
from reports.scorecards import AppendixData, PortfolioData
from reports.summary import summary_lines

COUNCIL = "Thurrock Council"
SECTIONS = tuple((section, label(section)) for section in Section)
# Status cells are coloured and worded (never colour alone); pale fills keep black text legible.
FILLS = {"good": "C6EFCE", "bad": "FFC7CE", "warn": "FFEB9C"}
HEADER_FILL, SECTION_FILL = "D9D9D9", "DDEBF7"
WRAPPED = Alignment(wrap_text=True, vertical="top")
MAX_ROW_HEIGHT = 409  # points: the tallest row Excel draws
TOP = Alignment(vertical="top")


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


def _format_numbers(cells, unit: Unit, decimals: int):
    """The indicator's format on each number, with at least the places the figure has: an
    outturn of 31.5 days is shown 31.5, not rounded to the indicator's 32 (nothing is rounded away)."""
    for cell in cells:
        if isinstance(cell.value, (int, float, Decimal)):
            places = decimal_places(Decimal(cell.value)) if unit is not Unit.TIME else 0
            cell.number_format = number_format(unit, max(decimals, min(places, 6)))


def cell_value(value: Decimal | None, unit: Unit):
    """A figure as Excel holds it: a number, a time as a fraction of a day."""
    if value is None:
        return None
    return value / 86400 if unit is Unit.TIME else value


def appendix_workbook(data: AppendixData) -> Workbook:
    """Appendix 1 of a quarter (reports.scorecards.appendix_data), with 1b, the summary and the
    contract's sheets."""
    current = data.current
    period = current.quarter
    months = [m for m in year_months(period.year) if m <= period.last_month]
    workbook = Workbook()
    _appendix_sheet(workbook.active, data, months)
    _failed_sheet(workbook.create_sheet("Appendix 1b"), current, data.readings)
    _summary_sheet(workbook.create_sheet("Summary"), current)
    add_contract_sheets(workbook, data.contract)
    return as_text(workbook)


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


def _appendix_sheet(sheet, data: AppendixData, months: list[Month]):
    period = data.current.quarter
    sheet.title = "Appendix 1"
    columns = _columns(period, months, period.year)
    _start(sheet, f"Appendix 1 – Corporate Performance KPIs {period.label}", columns,
           {get_column_letter(i): _width(i, header) for i, header in enumerate(columns, start=1)})
    readings, outturns, benchmarks = data.readings, data.outturns, data.benchmarks
    by_quarter = [{row.indicator_id: row for row in scorecard.rows} for scorecard in data.scorecards]
    for section, heading in SECTIONS:
        rows = [row for row in data.current.rows if row.section is section]
        if not rows:
            continue
        sheet.append([heading])
        for cell in sheet[sheet.max_row]:  # a band across the page, as the seed's tables begin
            cell.font, cell.fill = Font(bold=True, size=12), PatternFill("solid", fgColor=SECTION_FILL)
        for row in rows:
            _indicator_row(sheet, row, by_quarter, months, readings, outturns, benchmarks)
    _print_set_up(sheet)


def _width(column: int, header: str) -> int:
    """Room for the title, the holder and directorate, figures, and a worded arrow or status."""
    if column <= 3:
        return (40, 15, 18)[column - 1]
    return 15 if "DOT" in header or "Achieved" in header else 10


HEADER_ROW = 3  # under the title row and a blank one


def _start(sheet, title: str, columns: list[str], widths: dict[str, int]):
    """The title row naming the council, the report and the quarter, then the column headers,
    and the columns' widths (before any row is sized to its text)."""
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.append([f"{COUNCIL}: {title}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(columns)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[HEADER_ROW].height = 62  # "DOT between Month 7 and Month 6" on four lines


def _print_set_up(sheet):
    """Headers frozen; A4 landscape fit to the page's width with gridlines, the header row on
    every page and the page number in the footer."""
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.gridLines = True
    sheet.oddFooter.center.text = "&A – page &P of &N"


def _fit_height(sheet, line: int):
    """Text wraps at the top of its cell, and the row is tall enough to show it all: a
    spreadsheet program does not always grow a row for wrapped text."""
    lines = 1
    for cell in sheet[line]:
        if isinstance(cell.value, str):
            cell.alignment = WRAPPED
            width = sheet.column_dimensions[cell.column_letter].width or 10
            lines = max(lines, -(-len(cell.value) // max(int(width * 1.1) - 2, 1)))
        elif cell.value is not None:
            cell.alignment = TOP
    if lines > 1:
        sheet.row_dimensions[line].height = min(15 * lines, MAX_ROW_HEIGHT)


def _put_shown(cell, shown: Shown):
    """A status or an arrow as the pages write it, word and mark, coloured beside them (never
    colour alone); the council's printed one, where the rules cannot compute it, says so."""
    if shown.text != NOTHING:
        cell.value = f"{shown.text} ({shown.note})" if shown.note else shown.text
    if shown.tone in FILLS:
        cell.fill = PatternFill("solid", fgColor=FILLS[shown.tone])


def _quarter_status(quarter_row) -> Shown:
    if quarter_row is None:
        return Shown(NOTHING)
    return shown_status(quarter_row.status, quarter_row.result.no_status_reason)


def _indicator_row(sheet, row, by_quarter, months, readings, outturns, benchmarks):
    values = [row.title, row.portfolio_holder, row.directorate,
              *(_printed_cell(*years.get(row.indicator_id, (None, "")), row.unit) for years in outturns),
              _benchmark_cell(benchmarks.get(row.indicator_id, []), row.unit)]
    numbers = [4, 5, 6]  # the columns (1-based) that hold figures in the indicator's unit
    # A quarterly, termly or annual figure is printed in its quarter's column only, as in the seed.
    monthly = row.frequency is Frequency.MONTHLY
    for month in months:
        values.append(_month_cell(readings.get((row.indicator_id, month)), row.unit) if monthly else None)
        if month == month.quarter.last_month:
            quarter_row = by_quarter[month.quarter.number - 1].get(row.indicator_id)
            values.append(_quarter_cell(quarter_row, row.unit, readings))
    r = row.result
    values += [_target_cell(r.target, r.target_text, row.unit),
               _target_cell(r.year_target, r.year_target_text, row.unit)]
    numbers += range(7, len(values) + 1)
    shown = [shown_direction(row.dot_year),
             *(Shown(direction_text(d), tone=TONES.get(d, "")) for _, d in row.dot_months),
             *(_quarter_status(quarters.get(row.indicator_id)) for quarters in by_quarter)]
    sheet.append(values)
    line = sheet.max_row
    _format_numbers((sheet.cell(row=line, column=column) for column in numbers), row.unit, row.decimals)
    for column, words in enumerate(shown, start=len(values) + 1):
        _put_shown(sheet.cell(row=line, column=column), words)
    _fit_height(sheet, line)


def _month_cell(reading, unit: Unit):
    """A month's figure, or the flag in words where the appendix prints one ("Not due (Termly)")."""
    if reading is None:
        return None
    if reading.value is not None:
        return cell_value(reading.value, unit)
    if Flag(reading.flag) is Flag.NONE:
        return None
    return reading.note or label(Flag(reading.flag))


def _target_cell(value: Decimal | None, text: str, unit: Unit):
    """A target as a number; one with no value as printed ("74% of DWP total*", "no target")."""
    return cell_value(value, unit) if value is not None else (text or None)


def _quarter_cell(quarter_row, unit: Unit, readings):
    """The quarter's figure; with none, the flag as the service wrote it ("Not due (Termly)") or the reason."""
    if quarter_row is None:
        return None
    r = quarter_row.result
    if r.figure is None:
        flagged = [_month_cell(readings.get((quarter_row.indicator_id, m)), unit) for m in r.period.months]
        return next((text for text in flagged if isinstance(text, str)), None) or (
            label(r.no_status_reason) if r.no_status_reason else None)
    if r.in_arrears:
        return f"Q{r.period.number} {year_label(r.period.year)}: {plain_number(r.figure)} (in arrears)"
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
    return "; ".join(f"{kind} {text or plain_number(value)}" for kind, value, text in benchmarks) or None


def _failed_sheet(sheet, scorecard, readings):
    """Appendix 1b: every failed indicator (corporate KPIs and health/wealth ones) with the
    quarter's commentary, wrapped; "commentary missing" where the service gave none."""
    period = scorecard.quarter
    _start(sheet, f"Appendix 1b – commentary on failed indicators, {period.label}", [
        "Performance Indicator Title", "Portfolio Holder", "Directorate", period.last_month.label, period.ytd_label,
        f"Qtr {period.number} Target", f"{year_label(period.year)} Target",
        f"Qtr {period.number} DOT (since last year)", f"Qtr {period.number} Achieved or Failed", "Commentary"],
        {"A": 40, "B": 15, "C": 15, "H": 15, "I": 15, "J": 90})
    for row in scorecard.rows:
        r = row.result
        if row.section is Section.DEMAND or not needs_commentary(row.status.value):
            continue
        latest = readings.get((row.indicator_id, period.last_month))
        shown = display_row(row)
        values = [row.title, row.portfolio_holder, row.directorate, _month_cell(latest, row.unit),
                  _quarter_cell(row, row.unit, readings), _target_cell(r.target, r.target_text, row.unit),
                  _target_cell(r.year_target, r.year_target_text, row.unit)]
        sheet.append(values)
        line = sheet.max_row
        _format_numbers((sheet.cell(row=line, column=column) for column in (4, 5, 6, 7)), row.unit, row.decimals)
        _put_shown(sheet.cell(row=line, column=8), shown.dot_year)
        _put_shown(sheet.cell(row=line, column=9), shown.status)
        sheet.cell(row=line, column=10, value=row.commentary or shown.commentary_note)
        _fit_height(sheet, line)
    _print_set_up(sheet)


def _summary_sheet(sheet, scorecard):
    """Section 3.2 as the summary page has it: each share of what the rows show, how many rest
    on the council's printed values, and the council's printed share beside it where there is one."""
    _start(sheet, f"summary of corporate KPI performance, {scorecard.quarter.label}",
           ["Measure", "Result", "Count", "Of", "Percent", "Basis", "As published by the council"],
           {"A": 36, "B": 16, "C": 8, "D": 8, "E": 10, "F": 28, "G": 14})
    for line in summary_lines(scorecard):
        printed = Decimal(line.published_percent) if line.published_percent else None
        sheet.append([line.measure, line.value, line.count, line.total, line.percent, line.basis or None, printed])
        for column in (5, 7):
            sheet.cell(row=sheet.max_row, column=column).number_format = '0.00"%"'
    _print_set_up(sheet)


def portfolio_workbook(data: PortfolioData) -> Workbook:
    """The portfolio holder's table for their report to full council: KPI, last outturn,
    the quarter's figure and target, performance and direction of travel since last year."""
    portfolio, quarter, outturns, readings = data.portfolio, data.scorecard.quarter, data.outturns, data.readings
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Portfolio"
    holder = f" ({portfolio.holder})" if portfolio.holder and portfolio.holder != portfolio.name else ""
    _start(sheet, f"{portfolio.name}{holder} – key performance indicators, {quarter.label}", [
        "KPI", f"{year_label(quarter.year - 1)} Outturn", f"Quarter {quarter.number} Figure",
        f"Quarter {quarter.number} Target", "Performance", "Direction of travel (since last year)"],
        {"A": 60, "B": 14, "C": 18, "D": 18, "E": 22, "F": 26})
    for row in data.rows:
        r, shown = row.result, display_row(row)
        values = [row.title, _printed_cell(*outturns.get(row.indicator_id, (None, "")), row.unit),
                  _quarter_cell(row, row.unit, readings), _target_cell(r.target, r.target_text, row.unit)]
        sheet.append(values)
        line = sheet.max_row
        _format_numbers((sheet.cell(row=line, column=column) for column in (2, 3, 4)), row.unit, row.decimals)
        _put_shown(sheet.cell(row=line, column=5), shown.status)
        _put_shown(sheet.cell(row=line, column=6), shown.dot_year)
        _fit_height(sheet, line)
    _print_set_up(sheet)
    return as_text(workbook)
