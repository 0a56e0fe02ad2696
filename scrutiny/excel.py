"""The tracker as an Excel workbook, in the council's own columns (the seed's header row,
../shared/seeds/004_de7dc345a7c49949.txt), and the Cabinet forward plan on a second sheet.

Built from what scrutiny.selectors read, written row by row with reports.excel.sheet.RowSheet,
which keeps every text as text (reports.excel.text: a summary beginning "=cmd|…" is never a
formula). The HTML of the page becomes cell text: a line per paragraph and per list item."""

import re
from html.parser import HTMLParser

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from reports.excel.sheet import RowSheet

COLUMNS = ("No", "Meeting Date", "Report Title", "Summary of O&S discussion", "O&S recommendations",
           "Open / Closed", "Assigned to", "Progress of O&S recommendations")
FORWARD_PLAN_COLUMNS = ("No.", "Report Title", "Cabinet Date", "Information for Corporate O&S")
ASSIGNEE_SEPARATOR = " / "  # as the tracker writes "Dawn Calvert / O&S Officers"
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
BOLD = Font(bold=True)
DATE_FORMAT = "d mmmm yyyy"  # 30 July 2024, as the tracker writes it

_BLOCKS = {"p", "ul", "ol", "div"}
OWN_NUMBER = re.compile(r"\(?\d+[.)]\s")


class _Lines(HTMLParser):
    """Collects the text of sanitised tracker HTML as lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.lists: list[list] = []  # per open list: [kind, items so far]
        self.marker = ""  # the list item's number or bullet, for the line it starts

    def _end_line(self):
        line = " ".join("".join(self.current).split())
        if line:
            # An item that writes its own number ("1. Agreed …") keeps it, with no second one.
            self.lines.append(line if OWN_NUMBER.match(line) else self.marker + line)
        self.current, self.marker = [], ""

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS or tag in ("br", "li"):
            self._end_line()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            kind, count = self.lists[-1]
            self.marker = f"{count}. " if kind == "ol" else "• "

    def handle_endtag(self, tag):
        if tag in _BLOCKS or tag == "li":
            self._end_line()
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()

    def handle_data(self, data):
        self.current.append(data)

    def close(self):
        super().close()
        self._end_line()


def cell_text(html: str) -> str:
    """Sanitised tracker HTML as a cell's text: a line per paragraph and per list item. A
    numbered list's items are numbered as the page shows them, unless the item writes its own
    number (the tracker writes "1. Agreed …" in an unnumbered list): then it is kept as written."""
    parser = _Lines()
    parser.feed(html or "")
    parser.close()
    return "\n".join(parser.lines)


def progress_text(updates) -> str:
    """Each update "date: text", oldest first; an undated one (the paper's) its text alone."""
    parts = []
    for update in updates:
        text = cell_text(update.text)
        parts.append(f"{update.written_on:%-d %B %Y}: {text}" if update.written_on else text)
    return "\n".join(parts)


def tracker_workbook(rows, forward_plan) -> Workbook:
    """`rows` (scrutiny.selectors.tracker_rows) and the forward plan's items, as the council's workbook."""
    workbook = Workbook(write_only=True)
    sheet = RowSheet(workbook, "Recommendations tracker",
                     {"A": 6, "B": 16, "C": 36, "D": 60, "E": 60, "F": 12, "G": 24, "H": 60})
    sheet.sheet.freeze_panes = "A2"
    sheet.append([sheet.cell(name, font=BOLD, alignment=WRAPPED) for name in COLUMNS])
    for row in rows:
        recommendation = row.recommendation
        values = [recommendation.number, recommendation.meeting.date, recommendation.report_title,
                  cell_text(recommendation.discussion), cell_text(recommendation.recommendations),
                  recommendation.get_status_display(),
                  ASSIGNEE_SEPARATOR.join(assignee.name for assignee in recommendation.assignees.all()),
                  progress_text(row.updates)]
        sheet.append([sheet.cell(value, alignment=WRAPPED if isinstance(value, str) else TOP,
                                 number_format=DATE_FORMAT if index == 1 else None)
                      for index, value in enumerate(values)])
    plan = RowSheet(workbook, "Cabinet forward plan", {"A": 6, "B": 50, "C": 16, "D": 70})
    plan.sheet.freeze_panes = "A2"
    plan.append([plan.cell(name, font=BOLD, alignment=WRAPPED) for name in FORWARD_PLAN_COLUMNS])
    for item in forward_plan:
        plan.append([plan.cell(value, alignment=WRAPPED) for value in
                     (item.number, item.report_title, f"{item.cabinet_month:%B %Y}", item.information)])
    return workbook
