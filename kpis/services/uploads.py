"""A workbook uploaded in the browser, kept between its dry run and the performance team's "Confirm".

The file waits in the database (kpis.models.PendingUpload) under a random token, so any app
server can show, confirm or cancel it and any task worker can check or write it. Only its
uploader may: every look-up is by token and user together.

Checking a workbook (the dry run) and writing it are long for a big workbook (README "Two or
more servers, and long imports"), so each is a task (kpis.tasks): `check` and `confirm` are
their bodies. Each moves the upload through PendingUpload.Stage and leaves what the page
shows in `outcome`: the dry run's report, every problem, or what went wrong.
"""

import io
import logging
import re
import secrets
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict
from datetime import timedelta

from django.utils import timezone

from kpis.importing.problems import WorkbookError
from kpis.models import PendingUpload, UploadLayout
from kpis.services import imports

Layout = UploadLayout
Stage = PendingUpload.Stage
# Long enough to read a preview over lunch; an abandoned upload is swept after this.
KEPT_FOR_SECONDS = 2 * 60 * 60
# A whole year's re-import lists thousands of values; the page lists these first, the counts say how many.
PREVIEW_ROWS = 500
# The stages a page waits through, refreshing, before it can show a result.
WAITING = (Stage.QUEUED, Stage.CHECKING, Stage.CONFIRMED, Stage.WRITING)
FAILED = ("The import stopped unexpectedly: nothing was written. Upload the workbook again; if it stops again, "
          "tell the system's administrators (the server's log has the details).")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
logger = logging.getLogger(__name__)


def keep(uploaded_file, user, *, layout: str, year: int | None = None, reopen: str = "") -> PendingUpload:
    """Store the uploaded bytes under a new random token, waiting to be checked."""
    _sweep()
    return PendingUpload.objects.create(
        token=secrets.token_urlsafe(24), uploaded_by=user, name=uploaded_file.name, layout=layout, year=year,
        reopen=reopen.strip(), content=b"".join(uploaded_file.chunks()), kept_at=timezone.now())


def find(token: str, user) -> PendingUpload | None:
    """The upload `token` names, if `user` uploaded it and it is not too old."""
    if not _TOKEN.match(token or ""):
        return None
    upload = PendingUpload.objects.filter(token=token, uploaded_by=user).defer("content").first()
    if upload is not None and upload.kept_at < _too_old():
        forget(upload)
        return None
    return upload


def forget(upload: PendingUpload):
    """Delete the upload, bytes and all: it cannot be confirmed again."""
    PendingUpload.objects.filter(pk=upload.pk).delete()


def cancel(upload: PendingUpload) -> bool:
    """Delete the upload unless a worker has begun writing it (one conditional DELETE, so a
    worker's claim and a cancel never both succeed). False: it is being, or has been, written."""
    deleted, _ = PendingUpload.objects.filter(pk=upload.pk).exclude(stage__in=(Stage.WRITING, Stage.WRITTEN)).delete()
    return deleted > 0


def mark_confirmed(upload: PendingUpload) -> bool:
    """The uploader confirmed the preview: it waits to be written. False when it was not waiting
    for that (confirmed already, by a second click or another tab, or never checked)."""
    return _move(upload.pk, Stage.CHECKED, Stage.CONFIRMED)


def check(token: str):
    """The dry run the uploader checks (a task's body). What it would change is remembered with
    the upload (its fingerprint), so that confirming writes exactly that or nothing."""
    upload = _claim(token, Stage.QUEUED, Stage.CHECKING)
    if upload is None:  # cancelled, swept, or already taken by another worker
        return
    with _failing_cleanly(upload):
        try:
            report = _run(upload, dry_run=True)
        except WorkbookError as error:
            _refused(upload, error)
            return
        _checked(upload, report)


def confirm(token: str):
    """The import the uploader confirmed (a task's body), all or nothing: it writes what the
    preview showed, or, when the figures changed since, nothing and the new preview."""
    upload = _claim(token, Stage.CONFIRMED, Stage.WRITING)
    if upload is None:
        return
    with _failing_cleanly(upload):
        try:
            report = _run(upload, dry_run=False)
        except imports.ImportConflict as conflict:  # nothing written, the file kept: the newer figures
            try:
                report = _run(upload, dry_run=True)
            except WorkbookError as error:
                _refused(upload, error)
                return
            _checked(upload, report, conflict=str(conflict))
            return
        except WorkbookError as error:  # the database changed since the dry run (a quarter locked)
            _refused(upload, error)
            return
        _finish(upload, Stage.WRITTEN, {"changed": report.changed})


def report_of(upload: PendingUpload) -> imports.ImportReport:
    """The dry run's report kept with a checked upload (its first PREVIEW_ROWS changes)."""
    kept = upload.outcome["report"]
    return imports.ImportReport(dry_run=True, counts={sheet: Counter(c) for sheet, c in kept["counts"].items()},
                                changes=[imports.ImportChange(**c) for c in kept["changes"]], notes=kept["notes"])


# --- the steps' bodies ------------------------------------------------------------------------------


def _run(upload: PendingUpload, *, dry_run: bool) -> imports.ImportReport:
    """The import the upload asked for, as the command line runs it; a dry run writes nothing.
    Raises kpis.importing.problems.WorkbookError listing every problem, or (confirming)
    kpis.services.imports.ImportConflict when the figures changed since the preview."""
    source = io.BytesIO(bytes(upload.content))
    options = {"dry_run": dry_run, "user": upload.uploaded_by, "reason": upload.reason, "reopen": upload.reopen,
               "preview": None if dry_run else upload.preview, "progress": _progress(upload.pk)}
    if upload.layout == Layout.APPENDIX:
        return imports.import_appendix(source, upload.year, **options)
    return imports.import_workbook(source, **options)


def _progress(pk):
    """What the reader calls around each sheet's rows: it writes how far it has read, once a
    second at most, for the progress page. Reading comes before the import's transaction, so
    the page sees it at once."""
    last = [time.monotonic()]

    def progress(rows, total=None, desc=""):
        for done, row in enumerate(rows, 1):
            if time.monotonic() - last[0] >= 1:
                last[0] = time.monotonic()
                of = f" of about {total:,}" if total else ""
                PendingUpload.objects.filter(pk=pk).update(progress=f"Reading sheet {desc}: row {done:,}{of}")
            yield row
    return progress


def _checked(upload: PendingUpload, report: imports.ImportReport, conflict: str = ""):
    kept = {"counts": {sheet: dict(c) for sheet, c in report.counts.items()}, "notes": report.notes,
            "changes": [asdict(c) for c in report.changes[:PREVIEW_ROWS]]}
    outcome = {"report": kept, "changed": report.changed, "more": max(0, len(report.changes) - PREVIEW_ROWS),
               "conflict": conflict}
    # Nothing to confirm: keep nothing but what the page says.
    PendingUpload.objects.filter(pk=upload.pk).update(
        stage=Stage.CHECKED, preview=report.fingerprint, outcome=outcome, progress="",
        **({} if report.changed else {"content": b""}))


def _refused(upload: PendingUpload, error: WorkbookError):
    _finish(upload, Stage.REFUSED, {"problems": [str(p) for p in error.problems], "more": error.more,
                                    "count": error.count})


def _finish(upload: PendingUpload, stage: str, outcome: dict):
    """A step's end from which nothing can be confirmed: the bytes go, the outcome stays for the page."""
    PendingUpload.objects.filter(pk=upload.pk).update(stage=stage, outcome=outcome, content=b"", progress="")


@contextmanager
def _failing_cleanly(upload: PendingUpload):
    """Anything unexpected (a bug, the worker told to stop) leaves the upload FAILED with a clear
    message, and is raised again for the task's result and the log. The import's own
    transaction has already rolled back: nothing was written."""
    try:
        yield
    except BaseException:
        logger.exception("upload %s (%s) failed while %s", upload.pk, upload.name, upload.stage)
        _finish(upload, Stage.FAILED, {"message": FAILED})
        raise


def _move(pk, stage: str, to: str) -> bool:
    """One conditional UPDATE: of two workers or two clicks, only one moves it."""
    return PendingUpload.objects.filter(pk=pk, stage=stage, kept_at__gte=_too_old()).update(stage=to) == 1


def _claim(token: str, stage: str, to: str) -> PendingUpload | None:
    upload = PendingUpload.objects.filter(token=token).select_related("uploaded_by").first()
    if upload is None or not _move(upload.pk, stage, to):
        return None
    upload.stage = to
    return upload


def _too_old():
    return timezone.now() - timedelta(seconds=KEPT_FOR_SECONDS)


def _sweep():
    """Delete uploads nobody confirmed or cancelled in time (whoever uploaded them)."""
    PendingUpload.objects.filter(kept_at__lt=_too_old()).delete()
