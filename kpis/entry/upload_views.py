"""The performance team's workbook upload: a dry run shows what would change; "Confirm" writes it.

Both steps run as tasks (kpis.tasks): at once when no worker is configured, so the page that
answers the form shows the result; otherwise the page says the upload is waiting and
refreshes itself (/imports/<token>/) until the worker has finished."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kpis import tasks
from kpis.entry.forms import WorkbookUploadForm
from kpis.entry.views import performance_team_required
from kpis.services import uploads
from kpis.services.workflow import locked_quarters

Stage = uploads.Stage
REFRESH_SECONDS = 2  # how often a waiting page looks again
GONE = ("That upload is no longer waiting to be confirmed: it was confirmed or cancelled already, or kept too long. "
        "Upload the workbook again.")


@performance_team_required
def upload_workbook(request):
    form = WorkbookUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "kpis/upload.html", {"form": form, "locked": _locked()})
    data = form.cleaned_data
    upload = uploads.keep(data["workbook"], request.user, layout=data["layout"], year=data["year"],
                          reopen=data["reopen"])
    tasks.check_upload.enqueue(upload.token)
    return _show(request, upload.token)


@require_GET
@performance_team_required
def upload_status(request, token):
    """Where a waiting upload's page refreshes to: still waiting, or its result."""
    return _show(request, token)


@require_POST
@performance_team_required
def confirm_import(request):
    upload = uploads.find(request.POST.get("token", ""), request.user)
    if upload is None:
        messages.error(request, GONE)
        return redirect("upload_workbook")
    if request.POST.get("action") == "cancel":
        if uploads.cancel(upload):
            messages.success(request, f"Import of {upload.name} cancelled: nothing was written.")
            return redirect("upload_workbook")
        messages.error(request, f"{upload.name} is already being written: it can no longer be cancelled.")
    if uploads.mark_confirmed(upload):
        tasks.confirm_upload.enqueue(upload.token)
    return _show(request, upload.token)  # confirmed twice (a second click): how the first is doing


def _show(request, token):
    """The upload's page for where it stands. A result from which nothing more can be done is
    shown once, then forgotten."""
    upload = uploads.find(token, request.user)
    if upload is None:
        messages.error(request, GONE)
        return redirect("upload_workbook")
    if upload.stage in uploads.WAITING:
        response = render(request, "kpis/upload_progress.html", {"upload": upload, "refresh": REFRESH_SECONDS})
        # The Refresh header does what <meta http-equiv="refresh"> does, with no script for the
        # Content-Security-Policy to allow, and by GET: a refreshed POST would upload again.
        response["Refresh"] = f"{REFRESH_SECONDS}; url={reverse('upload_status', args=[upload.token])}"
        return response
    if upload.stage == Stage.WRITTEN:
        uploads.forget(upload)
        changed = upload.outcome["changed"]
        messages.success(request, f"{upload.name} imported: {changed} change{'s' if changed != 1 else ''} written.")
        return redirect("upload_workbook")
    if upload.stage == Stage.CHECKED:
        outcome = upload.outcome
        if not outcome["changed"]:  # nothing to confirm: keep nothing
            uploads.forget(upload)
        report = uploads.report_of(upload)
        return render(request, "kpis/upload_preview.html", {
            "upload": upload, "report": report, "changes": report.changes, "more": outcome["more"],
            "conflict": outcome["conflict"]})
    uploads.forget(upload)
    if upload.stage == Stage.REFUSED:
        outcome = upload.outcome
        return render(request, "kpis/upload_preview.html", {
            "upload": upload, "problems": outcome["problems"], "more": outcome["more"], "count": outcome["count"],
            "locked": _locked()})
    return render(request, "kpis/upload_progress.html", {"upload": upload, "failed": upload.outcome["message"]})


def _locked():
    return sorted(locked_quarters(), key=lambda q: (q.year, q.number))
