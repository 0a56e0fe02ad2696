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
from openpyxl.worksheet.worksheet import Worksheet

from kpis.domain.periods import Month, Quarter, year_label, year_months
from kpis.domain.rules import needs_commentary
from kpis.domain.terms import Flag, Frequency, Section, Unit, label
from kpis.domain.writing import decimal_places, plain_number
from reports.excel.contract_sheets import add_contract_sheets
from reports.excel.sheet import DEFAULT_WIDTH, RowSheet
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
# One object of each style, shared by every cell that has it.
TONE_FILLS = {tone: PatternFill("solid", fgColor=colour) for tone, colour in FILLS.items()}
TITLE_FONT, BAND_FONT, BOLD = Font(bold=True, size=14), Font(bold=True, size=12), Font(bold=True)
HEADER_STYLE = dict(font=BOLD, fill=PatternFill("solid", fgColor=HEADER_FILL),
                    alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
BAND_STYLE = dict(font=BAND_FONT, fill=PatternFill("solid", fgColor=SECTION_FILL))


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


def _number_formats(values: list, columns, unit: Unit, decimals: int) -> dict[int, str]:
    """The indicator's format for each number of `columns` (1-based), with at least the places
    the figure has: an outturn of 31.5 days is shown 31.5, not rounded to the indicator's 32
    (nothing is rounded away)."""
    formats = {}
    for column in columns:
        value = values[column - 1] if column <= len(values) else None
        if isinstance(value, (int, float, Decimal)):
            places = decimal_places(Decimal(value)) if unit is not Unit.TIME else 0
            formats[column] = number_format(unit, max(decimals, min(places, 6)))
    return formats


def cell_value(value: Decimal | None, unit: Unit):
    """A figure as Excel holds it: a number, a time as a fraction of a day."""
    if value is None:
        return None
    return value / 86400 if unit is Unit.TIME else value


def appendix_workbook(data: AppendixData) -> Workbook:
    """Appendix 1 of a quarter (reports.scorecards.appendix_data), with 1b, the summary and the
    contract's sheets. Written row by row (openpyxl's write-only mode): save it once."""
    current = data.current
    period = current.quarter
    months = [m for m in year_months(period.year) if m <= period.last_month]
    workbook = Workbook(write_only=True)
    _appendix_sheet(workbook, data, months)
    _failed_sheet(workbook, current, data.readings)
    _summary_sheet(workbook, current)
    add_contract_sheets(workbook, data.contract)
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


def _appendix_sheet(workbook, data: AppendixData, months: list[Month]):
    period = data.current.quarter
    columns = _columns(period, months, period.year)
    sheet = _start(workbook, "Appendix 1", f"Appendix 1 – Corporate Performance KPIs {period.label}", columns,
                   {get_column_letter(i): _width(i, header) for i, header in enumerate(columns, start=1)},
                   note=data.current.progress_note)
    readings, outturns, benchmarks = data.readings, data.outturns, data.benchmarks
    by_quarter = [{row.indicator_id: row for row in scorecard.rows} for scorecard in data.scorecards]
    for section, heading in SECTIONS:
        rows = [row for row in data.current.rows if row.section is section]
        if not rows:
            continue
        # A band across the page, as the seed's tables begin.
        sheet.append([sheet.cell(heading, **BAND_STYLE), *(sheet.cell(None, **BAND_STYLE) for _ in columns[1:])])
        for row in rows:
            _indicator_row(sheet, row, by_quarter, months, readings, outturns, benchmarks)


def _width(column: int, header: str) -> int:
    """Room for the title, the holder and directorate, figures, and a worded arrow or status."""
    if column <= 3:
        return (40, 15, 18)[column - 1]
    return 15 if "DOT" in header or "Achieved" in header else 10


HEADER_ROW = 3  # under the title row and a blank one


def _start(workbook, name: str, title: str, columns: list[str], widths: dict[str, int], note: str = "") -> RowSheet:
    """A sheet with the columns' widths and its print set-up (before its first row), the title row
    naming the council, the report and the quarter, a note under it (a quarter in progress says
    so: Scorecard.progress_note), then the column headers."""
    sheet = RowSheet(workbook, name, widths)
    _print_set_up(sheet.sheet)
    sheet.append([sheet.cell(f"{COUNCIL}: {title}", font=TITLE_FONT)])
    sheet.append([sheet.cell(note, font=TITLE_FONT)] if note else [])
    sheet.append([sheet.cell(column, **HEADER_STYLE) for column in columns],
                 height=62)  # "DOT between Month 7 and Month 6" on four lines
    return sheet


def _print_set_up(sheet):
    """Headers frozen; A4 landscape fit to the page's width with gridlines, the header row on
    every page and the page number in the footer."""
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.gridLines = True
    sheet.oddFooter.center.text = "&A – page &P of &N"


def _fitted_row(sheet: RowSheet, values: list, formats: dict[int, str] | None = None,
                fills: dict[int, PatternFill] | None = None):
    """A row whose text wraps at the top of its cell, tall enough to show it all (a spreadsheet
    program does not always grow a row for wrapped text); figures sit at the top too."""
    formats, fills = formats or {}, fills or {}
    lines, cells = 1, []
    for column, value in enumerate(values, start=1):
        fill = fills.get(column)
        if isinstance(value, str):
            alignment = WRAPPED
            width = sheet.widths.get(get_column_letter(column), DEFAULT_WIDTH)
            lines = max(lines, -(-len(value) // max(int(width * 1.1) - 2, 1)))
        elif value is not None:
            alignment = TOP
        elif fill is None:
            cells.append(None)
            continue
        else:
            alignment = None
        cells.append(sheet.cell(value, alignment=alignment, fill=fill, number_format=formats.get(column)))
    sheet.append(cells, height=min(15 * lines, MAX_ROW_HEIGHT) if lines > 1 else None)


def _shown_cell(values: list, fills: dict, shown: Shown):
    """A status or an arrow as the pages write it, word and mark, coloured beside them (never
    colour alone); the council's printed one, where the rules cannot compute it, says so."""
    text = None
    if shown.text != NOTHING:
        text = f"{shown.text} ({shown.note})" if shown.note else shown.text
    values.append(text)
    if shown.tone in TONE_FILLS:
        fills[len(values)] = TONE_FILLS[shown.tone]


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
    formats, fills = _number_formats(values, numbers, row.unit, row.decimals), {}
    for shown in [shown_direction(row.dot_year),
                  *(Shown(direction_text(d), tone=TONES.get(d, "")) for _, d in row.dot_months),
                  *(_quarter_status(quarters.get(row.indicator_id)) for quarters in by_quarter)]:
        _shown_cell(values, fills, shown)
    _fitted_row(sheet, values, formats, fills)


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


def _failed_sheet(workbook, scorecard, readings):
    """Appendix 1b: every failed indicator (corporate KPIs and health/wealth ones) with the
    quarter's commentary, wrapped; "commentary missing" where the service gave none."""
    period = scorecard.quarter
    sheet = _start(workbook, "Appendix 1b", f"Appendix 1b – commentary on failed indicators, {period.label}", [
        "Performance Indicator Title", "Portfolio Holder", "Directorate", period.last_month.label, period.ytd_label,
        f"Qtr {period.number} Target", f"{year_label(period.year)} Target",
        f"Qtr {period.number} DOT (since last year)", f"Qtr {period.number} Achieved or Failed", "Commentary"],
        {"A": 40, "B": 15, "C": 15, "D": DEFAULT_WIDTH, "E": DEFAULT_WIDTH, "F": DEFAULT_WIDTH, "G": DEFAULT_WIDTH,
         "H": 15, "I": 15, "J": 90}, note=scorecard.progress_note)
    for row in scorecard.rows:
        r = row.result
        if row.section is Section.DEMAND or not needs_commentary(row.status.value):
            continue
        latest = readings.get((row.indicator_id, period.last_month))
        shown = display_row(row)
        values = [row.title, row.portfolio_holder, row.directorate, _month_cell(latest, row.unit),
                  _quarter_cell(row, row.unit, readings), _target_cell(r.target, r.target_text, row.unit),
                  _target_cell(r.year_target, r.year_target_text, row.unit)]
        formats, fills = _number_formats(values, (4, 5, 6, 7), row.unit, row.decimals), {}
        _shown_cell(values, fills, shown.dot_year)
        _shown_cell(values, fills, shown.status)
        values.append(row.commentary or shown.commentary_note)
        _fitted_row(sheet, values, formats, fills)


def _summary_sheet(workbook, scorecard):
    """Section 3.2 as the summary page has it: each share of what the rows show, how many rest
    on the council's printed values, and the council's printed share beside it where there is one."""
    sheet = _start(workbook, "Summary", f"summary of corporate KPI performance, {scorecard.quarter.label}",
                   ["Measure", "Result", "Count", "Of", "Percent", "Basis", "As published by the council"],
                   {"A": 36, "B": 16, "C": 8, "D": 8, "E": 10, "F": 28, "G": 14}, note=scorecard.progress_note)
    for line in summary_lines(scorecard):
        printed = Decimal(line.published_percent) if line.published_percent else None
        sheet.append([sheet.cell(line.measure), sheet.cell(line.value), line.count, line.total,
                      sheet.cell(line.percent, number_format='0.00"%"'), sheet.cell(line.basis or None),
                      sheet.cell(printed, number_format='0.00"%"')])


def portfolio_workbook(data: PortfolioData) -> Workbook:
    """The portfolio holder's table for their report to full council: KPI, last outturn,
    the quarter's figure and target, performance and direction of travel since last year.
    Written row by row (openpyxl's write-only mode): save it once."""
    portfolio, quarter, outturns, readings = data.portfolio, data.scorecard.quarter, data.outturns, data.readings
    workbook = Workbook(write_only=True)
    holder = f" ({portfolio.holder})" if portfolio.holder and portfolio.holder != portfolio.name else ""
    sheet = _start(workbook, "Portfolio", f"{portfolio.name}{holder} – key performance indicators, {quarter.label}", [
        "KPI", f"{year_label(quarter.year - 1)} Outturn", f"Quarter {quarter.number} Figure",
        f"Quarter {quarter.number} Target", "Performance", "Direction of travel (since last year)"],
        {"A": 60, "B": 14, "C": 18, "D": 18, "E": 22, "F": 26}, note=data.scorecard.progress_note)
    for row in data.rows:
        r, shown = row.result, display_row(row)
        values = [row.title, _printed_cell(*outturns.get(row.indicator_id, (None, "")), row.unit),
                  _quarter_cell(row, row.unit, readings), _target_cell(r.target, r.target_text, row.unit)]
        formats, fills = _number_formats(values, (2, 3, 4), row.unit, row.decimals), {}
        _shown_cell(values, fills, shown.status)
        _shown_cell(values, fills, shown.dot_year)
        _fitted_row(sheet, values, formats, fills)
    return workbook
