"""Writes. Each runs in one transaction: all of it happens, or none of it."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from kpis.domain.periods import Quarter, year_label
from kpis.domain.writing import plain_number
from kpis.importing.appendix.reader import KnownIndicator, read_appendix
from kpis.importing.problems import Problem, WorkbookError
from kpis.importing.reader import read_workbook
from kpis.importing.rows import (
    BenchmarkRow,
    IndicatorRow,
    PublishedRow,
    PublishedSummaryRow,
    ReadingRow,
    TargetRow,
    WorkbookData,
)
from kpis.models import (
    Benchmark,
    Commentary,
    Directorate,
    FocusIndicator,
    Indicator,
    Outturn,
    Portfolio,
    PublishedSummary,
    PublishedValue,
    Reading,
    ReportingYear,
    Target,
)
from kpis.services import freshness
from kpis.services.workflow import lock_indicators, locked_quarters, set_lock

SHEET_ORDER = ("Years", "Indicators", "Targets", "Readings", "Outturns", "Benchmarks", "Commentary", "Published",
               "PublishedSummary", "Focus")


@dataclass(frozen=True)
class ImportChange:
    """One value an import creates or changes, as a dry run previews it: where in the file it
    came from. Not kpis.selectors.history.HistoryChange, a change already made and recorded."""

    sheet: str
    row: int  # the row of the file it came from
    what: str  # "RENT 2016-12", "SDSU 2016 Q3"
    field: str  # "" for a new row
    old: str
    new: str

    def __str__(self) -> str:
        if not self.field:
            return f"{self.sheet}!{self.row} {self.what}: new"
        return f"{self.sheet}!{self.row} {self.what} {self.field}: {self.old} -> {self.new}"


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict[str, Counter] = field(default_factory=dict)
    changes: list[ImportChange] = field(default_factory=list)
    # What a reader did with cells it could not take as they stood ("45 (YTD 41.9)": 45, the rest kept as a note).
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())

    @property
    def fingerprint(self) -> str:
        """Every value the import creates or changes, and from what, in one short string: a
        confirm writes what its preview showed, or nothing."""
        return hashlib.sha256("\n".join(map(str, self.changes)).encode()).hexdigest()

    def lines(self) -> list[str]:
        lines = [
            f"{sheet}: {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged"
            for sheet in SHEET_ORDER
            if (c := self.counts.get(sheet))
        ]
        lines.append("Dry run: nothing was written." if self.dry_run else f"{self.changed} changes written.")
        return lines


class ImportConflict(Exception):
    """What the import would write now is not what its preview showed: someone changed the
    figures in between. Nothing was written."""

    def __str__(self) -> str:
        return ("Changed by someone else since this preview: nothing was saved. What confirming would change "
                "now is below: check it, then confirm again.")


def import_workbook(source, *, dry_run=False, user=None, reason="", progress: Callable | None = None,
                    reopen: str = "", preview: str | None = None) -> ImportReport:
    """Import a workbook all or nothing (raises kpis.importing.problems.WorkbookError listing every problem).

    Imported figures are the council's published history, so they arrive approved.
    Re-importing the same file changes nothing; a changed value is updated and the
    change kept in history with `user` and `reason`. A figure or commentary of a locked
    quarter is refused unless `reopen` gives the reason to reopen that quarter.
    """
    existing = {indicator.code: indicator.spec() for indicator in Indicator.objects.all()}
    data = read_workbook(source, existing, progress, Portfolio.objects.values_list("name", flat=True))
    return write_data(data, dry_run=dry_run, user=user, reason=reason, reopen=reopen, preview=preview)


def write_data(data: WorkbookData, *, dry_run=False, user=None, reason="", reopen="",
               notes: Iterable[str] = (), preview: str | None = None) -> ImportReport:
    """Write rows a reader has checked (kpis.importing.reader, kpis.importing.appendix.reader) in one transaction;
    a dry run rolls it back and only reports. `notes` say what the reader made of odd cells.
    `preview` is the fingerprint of the dry run the user confirmed: if the import would now
    write anything else, ImportConflict, and nothing is written."""
    report = ImportReport(dry_run=dry_run, notes=list(notes))
    with transaction.atomic():
        lock_indicators()  # officers' saves wait for the import, and it for them (kpis.services.workflow)
        writer = _Writer(report, user, reason)
        writer.write(data)
        writer.settle_locks(reopen)
        if preview is not None and report.fingerprint != preview:
            raise ImportConflict()
        if dry_run:
            transaction.set_rollback(True)
        elif report.changed:
            freshness.changed()  # bulk writes send no signal: the pages are told here
    return report


class _Writer:
    def __init__(self, report: ImportReport, user, reason: str):
        self.report, self.user, self.reason = report, user, reason
        self.locked = locked_quarters()
        self.touched_locked: dict[Quarter, list[Problem]] = {}

    def guard(self, sheet: str, row, quarter: Quarter):
        """Note a change to a locked quarter; settle_locks decides whether it may stand."""
        if quarter in self.locked:
            self.touched_locked.setdefault(quarter, []).append(Problem(
                sheet, row.row, "month" if sheet == "Readings" else "quarter",
                f"{quarter.label} is locked: give a reason to reopen it (on the command line, --reopen \"reason\")"))

    def settle_locks(self, reopen: str):
        if not self.touched_locked:
            return
        if not reopen.strip():
            raise WorkbookError([p for problems in self.touched_locked.values() for p in problems])
        for quarter in self.touched_locked:
            set_lock(self.user, quarter, False, reopen.strip())

    def write(self, data: WorkbookData):
        self.sync("Years", ReportingYear, data.years, lambda r: r.year, ("year",),
                  lambda r: {"year": r.year, "scheme": r.scheme.value})
        self.sync_indicators(data.indicators)
        ids = dict(Indicator.objects.values_list("code", "id"))
        self.sync("Targets", Target, data.targets, lambda r: (ids[r.code], r.year, r.period),
                  ("indicator_id", "year", "period"),
                  lambda r: {"indicator_id": ids[r.code], "year": r.year, "period": r.period, "value": r.value,
                             "kind": r.kind.value, "text": r.text})
        now = timezone.now()
        self.sync("Readings", Reading, data.readings, lambda r: (ids[r.code], r.month.first_day),
                  ("indicator_id", "month"),
                  lambda r: {"indicator_id": ids[r.code], "month": r.month.first_day, "value": r.value,
                             "numerator": r.numerator, "denominator": r.denominator, "flag": r.flag.value,
                             "note": r.note, "state": Reading.State.APPROVED},
                  touch={"updated_at": now}, guard=lambda r: self.guard("Readings", r, r.month.quarter))
        self.sync("Outturns", Outturn, data.outturns, lambda r: (ids[r.code], r.year), ("indicator_id", "year"),
                  lambda r: {"indicator_id": ids[r.code], "year": r.year, "value": r.value, "text": r.text})
        self.sync("Benchmarks", Benchmark, data.benchmarks, lambda r: (ids[r.code], r.year, r.kind),
                  ("indicator_id", "year", "kind"),
                  lambda r: {"indicator_id": ids[r.code], "year": r.year, "kind": r.kind, "value": r.value,
                             "text": r.text})
        # Imported words are the council's published ones, as imported figures are; an officer's
        # draft words, not yet approved, stay on their month sheet.
        drafting = set(Commentary.objects.exclude(text=F("published_text"))
                       .values_list("indicator_id", "year", "quarter"))
        self.sync("Commentary", Commentary, data.commentary, lambda r: (ids[r.code], r.year, r.quarter),
                  ("indicator_id", "year", "quarter"),
                  lambda r: {"indicator_id": ids[r.code], "year": r.year, "quarter": r.quarter,
                             "published_text": r.text,
                             **({} if (ids[r.code], r.year, r.quarter) in drafting else {"text": r.text})},
                  guard=lambda r: self.guard("Commentary", r, Quarter(r.year, r.quarter)))
        self.sync("Published", PublishedValue, data.published, lambda r: (ids[r.code], r.year, r.quarter, r.field),
                  ("indicator_id", "year", "quarter", "field"),
                  lambda r: {"indicator_id": ids[r.code], "year": r.year, "quarter": r.quarter, "field": r.field,
                             "value": r.value})
        self.sync("PublishedSummary", PublishedSummary, data.published_summary,
                  lambda r: (r.year, r.quarter, r.measure.value, r.value), ("year", "quarter", "measure", "value"),
                  lambda r: {"year": r.year, "quarter": r.quarter, "measure": r.measure.value, "value": r.value,
                             "percent": r.percent, "count": r.count})
        self.sync("Focus", FocusIndicator, data.focus, lambda r: (ids[r.code], r.year, r.quarter),
                  ("indicator_id", "year", "quarter"),
                  lambda r: {"indicator_id": ids[r.code], "year": r.year, "quarter": r.quarter,
                             "position": r.position})

    def sync_indicators(self, rows: list[IndicatorRow]):
        portfolios = {}
        for row in rows:
            name = row.portfolio or row.portfolio_holder
            if name and name not in portfolios:
                portfolio, _ = Portfolio.objects.get_or_create(name=name, defaults={"holder": row.portfolio_holder})
                if row.portfolio_holder and portfolio.holder != row.portfolio_holder:
                    portfolio.holder = row.portfolio_holder
                    portfolio.save(update_fields=["holder"])
                portfolios[name] = portfolio.id
        directorates = {
            name: Directorate.objects.get_or_create(name=name)[0].id for name in {r.directorate for r in rows} if name
        }
        self.sync("Indicators", Indicator, rows, lambda r: r.code, ("code",), lambda r: {
            "code": r.code, "title": r.title, "aliases": list(r.aliases), "definition": r.definition,
            "portfolio_id": portfolios.get(r.portfolio or r.portfolio_holder),
            "directorate_id": directorates.get(r.directorate), "owner": r.owner,
            "category": r.category.value, "unit": r.unit.value, "decimals": r.decimals,
            "polarity": r.polarity.value, "frequency": r.frequency.value, "rollup": r.rollup.value,
            "target_basis": r.target_basis.value, "tolerance": r.tolerance, "per": r.per,
            "active": r.active, "position": r.row,
        })

    def sync(self, sheet: str, model, rows: Iterable, key: Callable, key_fields: tuple[str, ...],
             values: Callable, touch: dict | None = None, guard: Callable | None = None):
        """Create what is new, update what changed, leave the rest untouched (so a re-import
        writes nothing and history records only real changes)."""
        counts = self.report.counts.setdefault(sheet, Counter(created=0, updated=0, unchanged=0))
        rows = list(rows)
        if not rows:
            return
        existing = {tuple(getattr(o, f) for f in key_fields): o for o in model.objects.all()}
        creates, updates, changed_fields = [], [], set()
        for row in rows:
            wanted = values(row)
            k = key(row)
            obj = existing.get(k if isinstance(k, tuple) else (k,))
            what = _what(row)
            if obj is None:
                creates.append(model(**wanted, **(touch or {})))
                self.report.changes.append(ImportChange(sheet, row.row, what, "", "", ""))
                if guard:
                    guard(row)
                continue
            changed = [name for name, value in wanted.items() if getattr(obj, name) != value]
            if not changed:
                counts["unchanged"] += 1
                continue
            self.report.changes.extend(
                ImportChange(sheet, row.row, what, name.removesuffix("_id"),
                             _shown(getattr(obj, name)), _shown(wanted[name]))
                for name in changed
            )
            for name in changed:
                setattr(obj, name, wanted[name])
            for name, value in (touch or {}).items():
                setattr(obj, name, value)
            changed_fields.update(changed, touch or {})
            if hasattr(obj, "version"):  # a page opened before the import must not overwrite it
                obj.version += 1
                changed_fields.add("version")
            updates.append(obj)
            if guard:
                guard(row)
        history = {"default_user": self.user, "default_change_reason": self.reason}
        if creates:
            bulk_create_with_history(creates, model, batch_size=500, **history)
        if updates:
            bulk_update_with_history(updates, model, sorted(changed_fields), batch_size=500, **history)
        counts["created"] += len(creates)
        counts["updated"] += len(updates)


def _what(row) -> str:
    """The row's key in a council officer's words: "RENT 2016-12", "SDSU 2016/17 Q3", "RENT 2016/17 year"."""
    if isinstance(row, ReadingRow):
        return f"{row.code} {row.month}"
    parts = [getattr(row, "code", ""), year_label(row.year) if hasattr(row, "year") else ""]
    if hasattr(row, "quarter"):
        parts.append(f"Q{row.quarter}")
    parts += [str(getattr(row, name)) for name in _KEY_DETAIL.get(type(row), ())]
    return " ".join(p for p in parts if p)


_KEY_DETAIL = {TargetRow: ("period",), BenchmarkRow: ("kind",), PublishedRow: ("field",),
               PublishedSummaryRow: ("measure", "value")}


def _shown(value) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, Decimal):
        return plain_number(value)
    return str(value)


def import_appendix(source, year: int, *, dry_run=False, user=None, reason="", progress: Callable | None = None,
                    reopen: str = "", preview: str | None = None) -> ImportReport:
    """Import a committee appendix (one row per indicator, months as columns; kpis/appendix.py)
    for financial year `year` (2016 = 2016/17), all or nothing (raises WorkbookError listing
    every problem). Rows are matched to the indicators already in the database by title or
    alias; only what the appendix prints is written, nothing is deleted. The report's notes
    say what was made of each cell that could not be taken as it stood.
    """
    known = {indicator.code: KnownIndicator(indicator.title, tuple(indicator.aliases), indicator.spec())
             for indicator in Indicator.objects.all()}
    appendix = read_appendix(source, year, known, progress)
    return write_data(appendix.data, dry_run=dry_run, user=user, reason=reason, reopen=reopen, notes=appendix.notes,
                      preview=preview)
