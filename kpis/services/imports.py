"""Writes. Each runs in one transaction: all of it happens, or none of it."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

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
    SpcPeriodRow,
    TargetRow,
    WorkbookData,
)
from kpis.models import (
    Benchmark,
    ChangeOfProcess,
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
from kpis.services import bulk, freshness
from kpis.services.workflow import lock_indicators, locked_quarters, set_lock

SHEET_ORDER = ("Years", "Indicators", "Targets", "Readings", "Outturns", "Benchmarks", "Commentary", "Published",
               "PublishedSummary", "Focus", "SpcPeriods")


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
    """Write rows a reader has checked (kpis.importing.reader, kpis.importing.appendix.reader) in one transaction.
    Each sheet's rows are compared with what the database holds, in one query per sheet, and
    only what is new or changed is written, in bulk, each with its history row (who, when,
    why). A dry run makes the same comparison and the same report, and writes nothing.
    `notes` say what the reader made of odd cells. `preview` is the fingerprint of the dry run
    the user confirmed: if the import would now write anything else, ImportConflict, and
    nothing is written."""
    report = ImportReport(dry_run=dry_run, notes=list(notes))
    # A dry run only reads: it takes no lock (on SQLite a transaction would hold the database's
    # write lock), so officers save while an upload is previewed.
    with nullcontext() if dry_run else transaction.atomic():
        if not dry_run:
            lock_indicators()  # officers' saves wait for the import, and it for them (kpis.services.workflow)
        plan = _Plan(report)
        plan.compare(data)
        plan.check_locks(reopen)
        if preview is not None and report.fingerprint != preview:
            raise ImportConflict()
        if not dry_run:
            plan.write(data, bulk.Stamp(timezone.now(), user, reason), reopen.strip())
            if report.changed:
                freshness.changed()  # bulk writes send no signal: the pages are told here
    return report


# Fields that name another record: compared by what the workbook calls it (an indicator's
# code, a portfolio's or directorate's name), written as its id.
_NAMED_BY = {"indicator_id": "indicator__code", "portfolio_id": "portfolio__name",
             "directorate_id": "directorate__name"}


@dataclass
class _Sheet:
    """What one sheet creates and changes."""

    name: str
    model: type
    key: tuple[str, ...]  # the fields that find a row (a unique constraint)
    creates: list[dict] = field(default_factory=list)  # attname -> value, references by name
    updates: dict[int, dict] = field(default_factory=dict)  # id -> {attname: new value}


class _Plan:
    def __init__(self, report: ImportReport):
        self.report = report
        self.locked = locked_quarters()
        self.touched_locked: dict[Quarter, list[Problem]] = {}
        self.sheets: list[_Sheet] = []

    def guard(self, sheet: str, row, quarter: Quarter):
        """Note a change to a locked quarter; check_locks decides whether it may stand."""
        if quarter in self.locked:
            self.touched_locked.setdefault(quarter, []).append(Problem(
                sheet, row.row, "month" if sheet == "Readings" else "quarter",
                f"{quarter.label} is locked: give a reason to reopen it (on the command line, --reopen \"reason\")"))

    def check_locks(self, reopen: str):
        if self.touched_locked and not reopen.strip():
            raise WorkbookError([p for problems in self.touched_locked.values() for p in problems])

    def compare(self, data: WorkbookData):
        self.sheet("Years", ReportingYear, ("year",), data.years,
                   lambda r: {"year": r.year, "scheme": r.scheme.value})
        self.sheet("Indicators", Indicator, ("code",), data.indicators, lambda r: {
            "code": r.code, "title": r.title, "aliases": list(r.aliases), "definition": r.definition,
            "portfolio_id": r.portfolio or r.portfolio_holder or None, "directorate_id": r.directorate or None,
            "owner": r.owner, "category": r.category.value, "unit": r.unit.value, "decimals": r.decimals,
            "polarity": r.polarity.value, "frequency": r.frequency.value, "rollup": r.rollup.value,
            "target_basis": r.target_basis.value, "tolerance": r.tolerance, "per": r.per,
            "active": r.active, "position": r.row, "spc_baseline": r.spc_baseline,
        })
        self.sheet("Targets", Target, ("indicator_id", "year", "period"), data.targets,
                   lambda r: {"indicator_id": r.code, "year": r.year, "period": r.period, "value": r.value,
                              "kind": r.kind.value, "text": r.text})
        self.sheet("Readings", Reading, ("indicator_id", "month"), data.readings,
                   lambda r: {"indicator_id": r.code, "month": r.month.first_day, "value": r.value,
                              "numerator": r.numerator, "denominator": r.denominator, "flag": r.flag.value,
                              "note": r.note, "state": Reading.State.APPROVED.value},
                   guard=lambda r: self.guard("Readings", r, r.month.quarter))
        self.sheet("Outturns", Outturn, ("indicator_id", "year"), data.outturns,
                   lambda r: {"indicator_id": r.code, "year": r.year, "value": r.value, "text": r.text})
        self.sheet("Benchmarks", Benchmark, ("indicator_id", "year", "kind"), data.benchmarks,
                   lambda r: {"indicator_id": r.code, "year": r.year, "kind": r.kind, "value": r.value,
                              "text": r.text})
        # Imported words are the council's published ones, as imported figures are; an officer's
        # draft words, not yet approved, stay on their month sheet.
        drafting = set(Commentary.objects.exclude(text=F("published_text"))
                       .values_list("indicator__code", "year", "quarter")) if data.commentary else set()
        self.sheet("Commentary", Commentary, ("indicator_id", "year", "quarter"), data.commentary,
                   lambda r: {"indicator_id": r.code, "year": r.year, "quarter": r.quarter,
                              "published_text": r.text,
                              **({} if (r.code, r.year, r.quarter) in drafting else {"text": r.text})},
                   guard=lambda r: self.guard("Commentary", r, Quarter(r.year, r.quarter)))
        self.sheet("Published", PublishedValue, ("indicator_id", "year", "quarter", "field"), data.published,
                   lambda r: {"indicator_id": r.code, "year": r.year, "quarter": r.quarter, "field": r.field,
                              "value": r.value})
        self.sheet("PublishedSummary", PublishedSummary, ("year", "quarter", "measure", "value"),
                   data.published_summary,
                   lambda r: {"year": r.year, "quarter": r.quarter, "measure": r.measure.value, "value": r.value,
                              "percent": r.percent, "count": r.count})
        self.sheet("Focus", FocusIndicator, ("indicator_id", "year", "quarter"), data.focus,
                   lambda r: {"indicator_id": r.code, "year": r.year, "quarter": r.quarter,
                              "position": r.position})
        self.sheet("SpcPeriods", ChangeOfProcess, ("indicator_id", "month"), data.spc_periods,
                   lambda r: {"indicator_id": r.code, "month": r.month.first_day, "reason": r.reason})

    def sheet(self, name: str, model, key: tuple[str, ...], rows: list, values: Callable,
              guard: Callable | None = None):
        """What the sheet's rows create and change, compared with the database in one query;
        a row that is already as the sheet has it is left alone (so a re-import writes nothing
        and history records only real changes)."""
        counts = self.report.counts.setdefault(name, Counter(created=0, updated=0, unchanged=0))
        if not rows:
            return
        sheet = _Sheet(name, model, key)
        self.sheets.append(sheet)
        wanted = [values(row) for row in rows]
        names = list(dict.fromkeys(name for values in wanted[:1] for name in values))
        for more in wanted:  # a commentary row may leave out a field (an officer's draft words)
            if len(more) != len(names):
                names = list(dict.fromkeys([*names, *more]))
        at = {name: index for index, name in enumerate(names, start=1)}
        key_at = [at[name] for name in key]
        existing = {tuple(found[i] for i in key_at): found
                    for found in model.objects.order_by().values_list("pk", *(_NAMED_BY.get(n, n) for n in names))
                    .iterator(2000)}
        changes = self.report.changes
        for row, want in zip(rows, wanted, strict=True):
            found = existing.get(tuple(want[name] for name in key))
            if found is None:
                sheet.creates.append(want)
                changes.append(ImportChange(name, row.row, _what(row), "", "", ""))
                if guard:
                    guard(row)
                continue
            changed = {n: v for n, v in want.items() if found[at[n]] != v}
            if not changed:
                counts["unchanged"] += 1
                continue
            changes.extend(ImportChange(name, row.row, _what(row), n.removesuffix("_id"), _shown(found[at[n]]),
                                        _shown(v)) for n, v in changed.items())
            sheet.updates[found[0]] = changed
            if guard:
                guard(row)
        counts["created"] += len(sheet.creates)
        counts["updated"] += len(sheet.updates)

    def write(self, data: WorkbookData, stamp: bulk.Stamp, reopen: str):
        for quarter in self.touched_locked:
            set_lock(stamp.user, quarter, False, reopen)
        ids = {"portfolio_id": self.portfolios(data.indicators), "directorate_id": self.directorates(data.indicators)}
        for sheet in self.sheets:
            if "indicator_id" in sheet.key and "indicator_id" not in ids:  # the Indicators sheet is written first
                ids["indicator_id"] = dict(Indicator.objects.values_list("code", "id"))

            def resolved(values: dict) -> dict:
                return {n: ids[n][v] if n in ids and v is not None else v for n, v in values.items()}

            creates, sheet.creates = sheet.creates, []
            for index, values in enumerate(creates):  # resolved in place: a big sheet is not held twice
                creates[index] = resolved(values)
                if sheet.model is ChangeOfProcess:  # who recorded it: whoever imported it
                    creates[index]["recorded_by_id"] = getattr(stamp.user, "pk", None)
            bulk.create(sheet.model, creates, sheet.key, stamp)
            bulk.update(sheet.model, {pk: resolved(values) for pk, values in sheet.updates.items()}, stamp)

    @staticmethod
    def portfolios(rows: list[IndicatorRow]) -> dict[str, int]:
        """Each portfolio the Indicators sheet names, made if new, its holder as the sheet says."""
        portfolios = {}
        for row in rows:
            name = row.portfolio or row.portfolio_holder
            if name and name not in portfolios:
                portfolio, _ = Portfolio.objects.get_or_create(name=name, defaults={"holder": row.portfolio_holder})
                if row.portfolio_holder and portfolio.holder != row.portfolio_holder:
                    portfolio.holder = row.portfolio_holder
                    portfolio.save(update_fields=["holder"])
                portfolios[name] = portfolio.id
        return portfolios

    @staticmethod
    def directorates(rows: list[IndicatorRow]) -> dict[str, int]:
        return {name: Directorate.objects.get_or_create(name=name)[0].id for name in {r.directorate for r in rows}
                if name}


def _what(row) -> str:
    """The row's key in a council officer's words: "RENT 2016-12", "SDSU 2016/17 Q3", "RENT 2016/17 year"."""
    if isinstance(row, ReadingRow | SpcPeriodRow):
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
