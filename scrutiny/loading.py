"""Loading the council's recommendations tracker (fixtures/seeds/004_de7dc345a7c49949.txt, the
committee paper as text) into the tracker: read it whole, check it, then write it in one
transaction, so a bad file writes nothing and loading it again changes nothing.

The text is a table of tab-separated cells: No, Meeting Date, Report Title, Summary of O&S
discussion, O&S recommendations, Open / Closed, Assigned to, Progress of O&S recommendations.
A page break splits a row: the lines after it start with empty cells and continue the cells of
the row above. Then "Cabinet Forward Plan – Items for Corporate O&S": No., Report Title, Cabinet
Date ("March 2025"), Information for Corporate O&S."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kpis.selectors.people import active_users_by_full_name, full_name_key
from kpis.services.reference import Tally
from scrutiny.html import sanitise
from scrutiny.models import COMMITTEE, Assignee, ForwardPlanItem, Meeting, ProgressUpdate, Recommendation

TRACKER = Path(settings.BASE_DIR) / "fixtures" / "seeds" / "004_de7dc345a7c49949.txt"
REASON = "loaded from the tracker"
COLUMNS = ("No", "Meeting Date", "Report Title", "Summary of O&S discussion", "O&S recommendations",
           "Open / Closed", "Assigned to", "Progress of O&S recommendations")
FORWARD_PLAN_HEADING = "Cabinet Forward Plan"
FORWARD_PLAN_COLUMNS = ("No.", "Report Title", "Cabinet Date", "Information for Corporate O&S")
# The council writes "17 Sept 2024" and "22 Oct 2024" as well as "30 July 2024".
MONTHS = {name: number for number, month in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), start=1) for name in (month, month[:3], month[:4])}


class TrackerError(ValueError):
    """A cell the loader cannot read, named by its line in the file, its row's No. and its column."""

    def __init__(self, line: int, column: str, reason: str, row: str = ""):
        self.line, self.column, self.row = line, column, row
        where = f"line {line}" + (f", row {row}" if row else "")
        super().__init__(f"{where}, column {column!r}: {reason}")


@dataclass(frozen=True)
class TrackerRow:
    number: int
    meeting_date: datetime.date
    report_title: str
    discussion: str
    recommendations: str
    status: str  # Recommendation.Status
    assignees: tuple[str, ...]
    progress: str  # "" when the tracker reports none


@dataclass(frozen=True)
class ForwardPlanRow:
    number: int
    report_title: str
    cabinet_month: datetime.date
    information: str


@dataclass(frozen=True)
class Tracker:
    rows: tuple[TrackerRow, ...]
    forward_plan: tuple[ForwardPlanRow, ...]


# --- reading the text -------------------------------------------------------------------------


def read_tracker(text: str) -> Tracker:
    """The tracker and forward plan of the council's text; TrackerError at the first bad cell."""
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if line.split("\t")[0].strip() == COLUMNS[0]), None)
    if header is None:
        raise TrackerError(1, COLUMNS[0], f"no header row (a line starting {COLUMNS[0]!r} then a tab)")
    plan = next((i for i, line in enumerate(lines) if line.startswith(FORWARD_PLAN_HEADING)), len(lines))
    rows = _tracker_rows(lines, header + 1, plan)
    return Tracker(tuple(rows), tuple(_forward_plan_rows(lines, plan + 1)))


def _tracker_rows(lines, start, end) -> list[TrackerRow]:
    raw = []  # [line number, cells]
    for number, line in enumerate(lines[start:end], start=start + 1):
        cells = [cell.strip() for cell in line.split("\t")]
        if not any(cells) or all(cell == "--" for cell in cells if cell):
            continue  # a blank line, or the "--" rule the text puts at a page's foot
        if len(cells) > len(COLUMNS):
            raise TrackerError(number, COLUMNS[-1], f"{len(cells)} cells where the tracker has {len(COLUMNS)}")
        if cells[0]:
            raw.append([number, cells + [""] * (len(COLUMNS) - len(cells))])
            continue
        if not raw:
            raise TrackerError(number, COLUMNS[0], "a continued row with no row above it")
        # A page break's line may lose a leading empty cell: its cells are the row's last ones.
        below = [""] * (len(COLUMNS) - len(cells)) + cells
        raw[-1][1] = [continue_cell(above, more) for above, more in zip(raw[-1][1], below, strict=True)]
    rows, seen = [], set()
    for number, cells in raw:
        row = _tracker_row(number, cells)
        if row.number in seen:
            raise TrackerError(number, COLUMNS[0], f"No {row.number} appears twice", str(row.number))
        seen.add(row.number)
        rows.append(row)
    return rows


def _tracker_row(line: int, cells: list[str]) -> TrackerRow:
    no, date, title, discussion, recommendations, status, assigned, progress = cells
    if not no.isdigit():
        raise TrackerError(line, COLUMNS[0], f"{no!r} is not a number")
    try:
        meeting_date = parse_date(date)
    except ValueError as error:
        raise TrackerError(line, COLUMNS[1], str(error), no) from None
    if not title:
        raise TrackerError(line, COLUMNS[2], "the report title is empty", no)
    statuses = {choice.label.casefold(): choice for choice in Recommendation.Status}
    if status.casefold() not in statuses:
        raise TrackerError(line, COLUMNS[5], f"{status!r} is neither Open nor Closed", no)
    names = tuple(name for name in (part.strip() for part in assigned.split("/")) if name)
    return TrackerRow(int(no), meeting_date, title, tracker_html(discussion), tracker_html(recommendations),
                      statuses[status.casefold()].value, names, tracker_html(progress))


def _forward_plan_rows(lines, start) -> list[ForwardPlanRow]:
    rows = []
    for number, line in enumerate(lines[start:], start=start + 1):
        cells = [cell.strip() for cell in line.split("\t")]
        if not any(cells) or cells[0] in (FORWARD_PLAN_COLUMNS[0], "--"):
            continue
        no, title, month, information = (cells + [""] * len(FORWARD_PLAN_COLUMNS))[:len(FORWARD_PLAN_COLUMNS)]
        if not no.isdigit():
            raise TrackerError(number, f"Forward plan {FORWARD_PLAN_COLUMNS[0]}", f"{no!r} is not a number")
        try:
            cabinet_month = parse_month(month)
        except ValueError as error:
            raise TrackerError(number, f"Forward plan {FORWARD_PLAN_COLUMNS[2]}", str(error), no) from None
        rows.append(ForwardPlanRow(int(no), title, cabinet_month, information))
    return rows


def parse_date(text: str) -> datetime.date:
    """"30 July 2024", "17 Sept 2024", "22 Oct 2024" (the tracker's meeting dates)."""
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?\s+(\d{4})", text.strip())
    try:
        return datetime.date(int(match[3]), MONTHS[match[2].casefold()], int(match[1]))
    except (TypeError, KeyError, ValueError):
        raise ValueError(f"cannot read {text!r} as a date (e.g. 30 July 2024 or 17 Sept 2024)") from None


def parse_month(text: str) -> datetime.date:
    """"March 2025" as the first of that month (the forward plan names a Cabinet month)."""
    match = re.fullmatch(r"([A-Za-z]+)\.?\s+(\d{4})", text.strip())
    if not match or match[1].casefold() not in MONTHS:
        raise ValueError(f"cannot read {text!r} as a month (e.g. March 2025)")
    return datetime.date(int(match[2]), MONTHS[match[1].casefold()], 1)


# --- the cells' HTML --------------------------------------------------------------------------

PARAGRAPH_END = "</p>"


def continue_cell(above: str, below: str) -> str:
    """A cell a page break cut in two, whole again. Text goes on after a space; in HTML, a part
    below that starts in lower case finishes the paragraph or list item the page cut ("… shows any
    slippage on</p>" then "<p>projects and the direction of travel …"), otherwise it follows it."""
    if not (above and below):
        return above or below
    if "<" in above + below and _starts_lower(below):
        head, rest = _first_text(below)
        if above.endswith(PARAGRAPH_END):
            return f"{above[:-len(PARAGRAPH_END)]} {head}{PARAGRAPH_END}{rest}"
        return f"{above} {head}{rest}"
    return f"{above} {below}"


def _starts_lower(html: str) -> bool:
    text = re.sub(r"<[^>]*>", "", html).lstrip()
    return text[:1].islower()


def _first_text(html: str) -> tuple[str, str]:
    """The text that starts `html` (inside its first paragraph if it opens one), and the rest."""
    if html.startswith("<p>") and PARAGRAPH_END in html:
        head, rest = html[3:].split(PARAGRAPH_END, 1)
        return head, rest
    head, bracket, rest = html.partition("<")
    return head, bracket + rest


# The tracker's lists lost their <li> on the way to text: each item starts with its number ("1.",
# counted from 1 in order, so "December 2024. 4. Noted" splits before the 4 only) or a bullet "•".
BOUNDARY = re.compile(r"</?(?:p|ol|ul|li)(?:\s[^>]*)?>", re.IGNORECASE)
BULLET = re.compile(r"•\s*")


def tracker_html(cell: str) -> str:
    """The stored form of a cell: text without tags stays text; HTML becomes paragraphs and real
    lists (<ol>/<ul> of <li>), sanitised as the models store it."""
    cell = re.sub(r"\s+", " ", cell).strip()
    if "<" not in cell:
        return sanitise(cell)
    blocks, number = [], 1  # [kind, text]: kind "p", "ol" or "ul"
    for run in BOUNDARY.split(cell):
        number = _split_items(run.strip(), number, blocks)
    html = []
    for kind, text in blocks:
        if kind == "p":
            html.append(f"<p>{text}</p>")
        elif html and html[-1].startswith(f"<{kind}>"):
            html[-1] = html[-1][:-len(f"</{kind}>")] + f"<li>{text}</li></{kind}>"
        else:
            html.append(f"<{kind}><li>{text}</li></{kind}>")
    return sanitise("\n".join(html))


def _split_items(run: str, number: int, blocks: list) -> int:
    """Append `run`'s paragraph and list items to `blocks`; return the item number expected next."""
    while run:
        marker = _next_marker(run, number)
        if marker is None or marker.start() > 0:  # text before any item: a paragraph
            cut = len(run) if marker is None else marker.start()
            blocks.append(["p", run[:cut].strip()])
            run = run[cut:]
            continue
        kind = "ul" if marker[0].startswith("•") else "ol"
        number += kind == "ol"
        after = _next_marker(run[marker.end():], number)
        end = len(run) if after is None else marker.end() + after.start()
        blocks.append([kind, run[marker.end():end].strip()])
        run = run[end:]
    return number


def _next_marker(text: str, number: int):
    """The first list marker in `text`: the item numbered `number`, or a bullet."""
    found = [m for m in (re.search(rf"(?<!\S){number}\.\s+", text), BULLET.search(text)) if m]
    return min(found, key=lambda m: m.start(), default=None)


# --- writing ----------------------------------------------------------------------------------


KINDS = ("meetings", "assignees", "recommendations", "progress updates", "forward plan items")


def load_tracker(path: Path = TRACKER) -> Tally:
    """Load the tracker file at `path`: everything or nothing (TrackerError, nothing written)."""
    return write_tracker(read_tracker(Path(path).read_text(encoding="utf-8")))


@transaction.atomic
def write_tracker(tracker: Tracker) -> Tally:
    """Write what `tracker` holds; what is already as the tracker says is left untouched (no
    history row), so loading twice changes nothing. Nothing is deleted."""
    report = Tally(REASON, KINDS)
    assignees = {}
    for row in tracker.rows:
        meeting = Meeting.objects.filter(committee=COMMITTEE, date=row.meeting_date).first()
        if meeting is None:
            meeting = report.save(Meeting(date=row.meeting_date), "meetings")
        for name in row.assignees:
            if name not in assignees:
                assignees[name] = (Assignee.objects.filter(name=name).first()
                                   or report.save(Assignee(name=name), "assignees"))
        recommendation = Recommendation.objects.filter(number=row.number).first() or Recommendation(number=row.number)
        report.update(recommendation, "recommendations", meeting=meeting, report_title=row.report_title,
                discussion=row.discussion, recommendations=row.recommendations, status=row.status)
        report.link(recommendation, "assignees", "assignees of recommendations",
                    {assignees[name].pk for name in row.assignees})
        if row.progress:
            # The tracker's progress is undated and has no author: that update is the loaded one.
            update = (recommendation.updates.filter(written_on=None, author=None).first()
                      or ProgressUpdate(recommendation=recommendation))
            report.update(update, "progress updates", text=row.progress)
    for item in tracker.forward_plan:
        plan_item = ForwardPlanItem.objects.filter(number=item.number).first() or ForwardPlanItem(number=item.number)
        report.update(plan_item, "forward plan items", report_title=item.report_title,
                cabinet_month=item.cabinet_month, information=item.information)
    return report


@transaction.atomic
def link_assignees() -> list[tuple[Assignee, object]]:
    """Link each unlinked assignee to the active user whose full name is the assignee's name, when
    exactly one user has it (and is not already another assignee). The (assignee, user) linked."""
    by_name = active_users_by_full_name(tracker_assignee=None)
    linked = []
    for assignee in Assignee.objects.filter(user=None):
        users = by_name.get(full_name_key(assignee.name), [])
        if len(users) == 1:
            assignee.user = users[0]
            assignee._change_reason = "linked to the user of the same full name"
            assignee.save()
            linked.append((assignee, users[0]))
    return linked
