"""A workbook uploaded in the browser, kept between its dry run and the performance team's "Confirm".

The file waits in settings.KPI_UPLOAD_DIR (private: never static or media) under a random
token; the token and what to do with the file are kept in the uploader's own session, so
nobody else can confirm, cancel or even name it.
"""

import os
import re
import secrets
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from django.conf import settings
from django.db import models

from kpis.domain.periods import year_label
from kpis.services import imports

SESSION_KEY = "pending_imports"
# Long enough to read a preview over lunch; an abandoned upload is swept after this.
KEPT_FOR_SECONDS = 2 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class Layout(models.TextChoices):
    CONTRACT = "contract", "Import contract (Indicators, Targets, Readings … sheets)"
    APPENDIX = "appendix", "Appendix layout (one row per indicator, months as columns)"


@dataclass(frozen=True)
class PendingUpload:
    token: str
    name: str  # the file's name on the uploader's computer, for the page and the history
    layout: str
    year: int | None  # the appendix layout's financial year (2016 for 2016/17)
    reopen: str  # why a locked quarter the workbook changes may be reopened, if the uploader said
    kept_at: float
    preview: str = ""  # the fingerprint of what its dry run showed (ImportReport.fingerprint)

    @property
    def path(self) -> Path:
        return _folder() / f"{self.token}.xlsx"

    @property
    def description(self) -> str:
        """What the uploader said the file is: "Appendix layout (…), financial year 2016/17"."""
        layout = Layout(self.layout).label
        return f"{layout}, financial year {year_label(self.year)}" if self.year is not None else layout

    @property
    def reason(self) -> str:
        """What the change history says about every value the import writes."""
        return f"upload {self.name}"


def keep(session, uploaded_file, *, layout: str, year: int | None = None, reopen: str = "") -> PendingUpload:
    """Store the uploaded bytes under a new token and remember it in `session`."""
    _sweep()
    upload = PendingUpload(secrets.token_urlsafe(24), uploaded_file.name, layout, year, reopen.strip(), time.time())
    # Readable by this process's user only, and never overwriting another file.
    with os.fdopen(os.open(upload.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as kept:
        for chunk in uploaded_file.chunks():
            kept.write(chunk)
    _remember(session, upload)
    return upload


def _remember(session, upload: PendingUpload):
    pending = session.get(SESSION_KEY, {})
    pending[upload.token] = asdict(upload)
    session[SESSION_KEY] = pending


def pending(session, token: str) -> PendingUpload | None:
    """The upload `token` names, if this session kept it, it is still on disk and not too old."""
    if not _TOKEN.match(token or ""):
        return None
    kept = session.get(SESSION_KEY, {}).get(token)
    if kept is None:
        return None
    upload = PendingUpload(**kept)
    if time.time() - upload.kept_at > KEPT_FOR_SECONDS or not upload.path.is_file():
        discard(session, upload)
        return None
    return upload


def discard(session, upload: PendingUpload):
    """Delete the kept file and forget its token: it cannot be confirmed twice."""
    upload.path.unlink(missing_ok=True)
    pending = session.get(SESSION_KEY, {})
    if pending.pop(upload.token, None) is not None:
        session[SESSION_KEY] = pending


def preview(session, upload: PendingUpload, user) -> imports.ImportReport:
    """The dry run the uploader checks. What it would change is remembered with the upload, so
    that confirming writes exactly that or nothing."""
    report = run_import(upload, user, dry_run=True)
    _remember(session, replace(upload, preview=report.fingerprint))
    return report


def run_import(upload: PendingUpload, user, *, dry_run: bool):
    """The import the upload asked for, as the command line runs it; a dry run writes nothing.
    Returns kpis.services.imports.ImportReport; raises kpis.importing.problems.WorkbookError listing every problem,
    or (confirming) kpis.services.imports.ImportConflict when the figures changed since the preview."""
    checked = None if dry_run else upload.preview
    with upload.path.open("rb") as source:
        if upload.layout == Layout.APPENDIX:
            return imports.import_appendix(source, upload.year, dry_run=dry_run, user=user, reason=upload.reason,
                                            reopen=upload.reopen, preview=checked)
        return imports.import_workbook(source, dry_run=dry_run, user=user, reason=upload.reason,
                                        reopen=upload.reopen, preview=checked)


def _folder() -> Path:
    folder = Path(settings.KPI_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _sweep():
    """Delete uploads nobody confirmed or cancelled in time (whoever's session they were in)."""
    too_old = time.time() - KEPT_FOR_SECONDS
    for path in _folder().glob("*.xlsx"):
        if _TOKEN.match(path.stem) and path.stat().st_mtime < too_old:
            path.unlink(missing_ok=True)
