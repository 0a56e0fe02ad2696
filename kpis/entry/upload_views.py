"""The performance team's workbook upload: a dry run shows what would change; "Confirm" writes it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kpis.entry.forms import WorkbookUploadForm
from kpis.entry.views import performance_team_required
from kpis.importing.problems import WorkbookError
from kpis.services import uploads
from kpis.services.imports import ImportConflict
from kpis.services.workflow import locked_quarters

PREVIEW_ROWS = 500  # a whole year's re-import lists thousands of values; the counts above say how many


@performance_team_required
def upload_workbook(request):
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "kpis/upload.html", {"form": form, "locked": _locked()})
    data = form.cleaned_data
    upload = uploads.keep(request.session, data["workbook"], layout=data["layout"], year=data["year"],
                          reopen=data["reopen"])
    return _preview(request, upload)


@require_POST
@performance_team_required
def confirm_import(request):
    upload = uploads.pending(request.session, request.POST.get("token", ""))
    if upload is None:
        messages.error(request, "That upload is no longer waiting to be confirmed: it was confirmed or cancelled "
                                "already, or kept too long. Upload the workbook again.")
        return redirect("upload_workbook")
    if request.POST.get("action") == "cancel":
        uploads.discard(request.session, upload)
        messages.success(request, f"Import of {upload.name} cancelled: nothing was written.")
        return redirect("upload_workbook")
    try:
        report = uploads.run_import(upload, request.user, dry_run=False)
    except ImportConflict as conflict:  # nothing written, the file kept: the newer figures, to confirm again
        return _preview(request, upload, conflict=str(conflict))
    except WorkbookError as error:  # the database changed since the dry run
        uploads.discard(request.session, upload)
        return _problems(request, upload, error)
    uploads.discard(request.session, upload)
    messages.success(request, f"{upload.name} imported: {report.changed} change{'s' if report.changed != 1 else ''} "
                              "written.")
    return redirect("upload_workbook")


def _preview(request, upload, conflict=""):
    """The dry run: what confirming would change, or every problem."""
    report = None
    try:
        report = uploads.preview(request.session, upload, request.user)
    except WorkbookError as error:
        return _problems(request, upload, error)
    finally:
        if report is None or not report.changed:  # nothing to confirm: keep nothing
            uploads.discard(request.session, upload)
    return render(request, "kpis/upload_preview.html", {
        "upload": upload, "report": report, "changes": report.changes[:PREVIEW_ROWS],
        "more": max(0, len(report.changes) - PREVIEW_ROWS), "conflict": conflict,
    })


def _problems(request, upload, error: WorkbookError):
    return render(request, "kpis/upload_preview.html",
                  {"upload": upload, "problems": error.problems, "more": error.more, "count": error.count,
                   "locked": _locked()})


def _locked():
    return sorted(locked_quarters(), key=lambda q: (q.year, q.number))
