"""The plan's quarterly progress report as an Excel workbook: sheet "Progress" (every deliverable
with its RAG status and commentary for the quarter) and sheet "Risks" (the register). Built from
plan.selectors.ProgressReport, no query and no HTTP here; the cells, styles and formula-safe text
are reports.excel's (RowSheet keeps every text typed as text, never a formula)."""

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from plan.rag import rag_text, rag_tone
from plan.selectors import ProgressReport, risk_words
from reports.excel.appendix import COUNCIL, HEADER_STYLE, TITLE_FONT, TONE_FILLS, WRAPPED
from reports.excel.sheet import RowSheet

PROGRESS_COLUMNS = {"Priority": 30, "Objective": 40, "No.": 6, "Deliverable": 50, "Lead officer": 20, "RAG": 24,
                    "Commentary": 80, "Linked risks and opportunities": 40}
RISK_COLUMNS = {"No.": 6, "Kind": 12, "Title": 60, "Impact": 14, "Likelihood": 14, "As printed": 24,
                "Deliverables": 30}


def progress_workbook(report: ProgressReport) -> Workbook:
    """The report of `report.quarter`; a quarter not yet published says so under each sheet's title."""
    workbook = Workbook(write_only=True)
    title = f"Corporate plan progress, {report.quarter.label}"
    sheet = _start(workbook, "Progress", title, PROGRESS_COLUMNS, report.note)
    for line in report.deliverables:
        d, progress = line.deliverable, line.progress
        status = progress.status if progress else None
        tone = rag_tone(status)
        sheet.append([_text(sheet, d.objective.priority.title), _text(sheet, d.objective.title), d.number,
                      _text(sheet, d.title), _text(sheet, d.lead_officer),
                      sheet.cell(rag_text(status), alignment=WRAPPED, fill=TONE_FILLS.get(tone)),
                      _text(sheet, progress.commentary if progress else ""),
                      _text(sheet, "; ".join(f"{r.get_kind_display()} {r.number}: {r.title}" for r in line.risks))])
    sheet = _start(workbook, "Risks", f"Strategic risks and opportunities, {report.quarter.label}", RISK_COLUMNS,
                   report.note)
    for risk in report.risks:
        sheet.append([risk.number, risk.get_kind_display(), _text(sheet, risk.title),
                      risk.get_impact_display() if risk.impact else None,
                      risk.get_likelihood_display() if risk.likelihood else None,
                      _text(sheet, risk.as_printed or risk_words(risk)),
                      _text(sheet, ", ".join(str(d.number) for d in risk.deliverables.all()))])
    return workbook


def _start(workbook, name: str, title: str, columns: dict[str, float], note: str) -> RowSheet:
    """Title naming the council, the note under it (in progress), then the header row, as the
    committee appendix's sheets begin (reports.excel.appendix)."""
    sheet = RowSheet(workbook, name, {get_column_letter(i): width for i, width in enumerate(columns.values(), 1)})
    sheet.sheet.freeze_panes = "A4"
    # Printed for committee as the appendix is: A4 landscape, a page wide, the header row on each page.
    sheet.sheet.page_setup.orientation, sheet.sheet.page_setup.paperSize = "landscape", Worksheet.PAPERSIZE_A4
    sheet.sheet.page_setup.fitToWidth, sheet.sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.sheet.print_title_rows = "3:3"
    sheet.append([sheet.cell(f"{COUNCIL}: {title}", font=TITLE_FONT)])
    sheet.append([sheet.cell(note, font=TITLE_FONT)] if note else [])
    sheet.append([sheet.cell(column, **HEADER_STYLE) for column in columns])
    return sheet


def _text(sheet: RowSheet, text: str):
    """Wrapped at the top of its cell; kept as text whatever it begins with (RowSheet.cell)."""
    return sheet.cell(text or None, alignment=WRAPPED)
