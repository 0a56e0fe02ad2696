"""The recommendations tracker's pages: the tracker (filtered), the overdue view, a
recommendation with its progress, its forms, and the workbook. Reads in scrutiny.selectors,
writes in scrutiny.services, who may do what in scrutiny.permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from scrutiny import selectors, services
from scrutiny.excel import tracker_workbook
from scrutiny.filters import TrackerFilter, filter_query, summary_links
from scrutiny.forms import OverdueForm, ProgressForm, RecommendationForm
from scrutiny.models import COMMITTEE, Recommendation
from scrutiny.permissions import manages_tracker, may_update

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request) -> TrackerFilter:
    return TrackerFilter(request.GET or None, queryset=selectors.recommendations())


def tracker(request):
    """The committee's tracker, filtered by open/closed, meeting and assignee; the forward plan below."""
    filters = _filtered(request)
    return render(request, "scrutiny/tracker.html", {
        "filters": filters, "error_links": summary_links(filters), "rows": selectors.tracker_rows(filters.qs),
        "query": filter_query(request.GET),
        "filtered": bool(filter_query(request.GET)), "mine": selectors.assignee_of(request.user),
        "forward_plan": selectors.forward_plan(), "manages": manages_tracker(request.user), "committee": COMMITTEE})


def tracker_overdue(request):
    """Open recommendations with no dated progress in the last `weeks` weeks (8 unless asked)."""
    form = OverdueForm(request.GET or None, initial={"weeks": selectors.DEFAULT_WEEKS})
    weeks = (form.cleaned_data.get("weeks") if form.is_valid() else None) or selectors.DEFAULT_WEEKS
    today = selectors.today()
    rows = selectors.overdue_rows(today, weeks) if not form.errors else []
    return render(request, "scrutiny/overdue.html", {
        "form": form, "weeks": weeks, "today": today, "since": selectors.overdue_since(today, weeks), "rows": rows})


def recommendation(request, number):
    return _detail(request, selectors.recommendation_row(number))


def _detail(request, row, form=None, status=200):
    rec = row.recommendation
    if form is None and may_update(request.user, rec):
        form = _progress_form(request, rec)
    return render(request, "scrutiny/recommendation.html", {
        "row": row, "rec": rec, "form": form, "manages": manages_tracker(request.user), "today": selectors.today()},
        status=status)


def _progress_form(request, rec, data=None) -> ProgressForm:
    return ProgressForm(data, today=selectors.today(), manages=manages_tracker(request.user), recommendation=rec)


@login_required
def recommendation_progress(request, number):
    """A progress update posted from the recommendation's page; a GET goes to that page."""
    if request.method != "POST":
        return redirect("recommendation", number=number)
    row = selectors.recommendation_row(number)
    rec = row.recommendation
    if not may_update(request.user, rec):
        raise PermissionDenied("Only the committee's officers, the performance team and its assignees update this.")
    form = _progress_form(request, rec, request.POST)
    if not form.is_valid():
        return _detail(request, row, form)
    data = form.cleaned_data
    services.add_progress(request.user, rec, data["written_on"], data["text"], data.get("status"))
    messages.success(request, f"Progress on recommendation {rec.number} saved.")
    return redirect("recommendation", number=number)


def manager_required(view):
    def check(request, *args, **kwargs):
        if not manages_tracker(request.user):
            raise PermissionDenied("Only the committee's officers and the performance team manage the tracker.")
        return view(request, *args, **kwargs)
    return login_required(check)


@manager_required
def recommendation_add(request):
    return _edit(request, None)


@manager_required
def recommendation_edit(request, number):
    return _edit(request, get_object_or_404(Recommendation, number=number))


def _edit(request, rec: Recommendation | None):
    if request.method == "POST":
        form = RecommendationForm(request.POST, recommendation=rec)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.save_recommendation(
                    request.user, rec, **{name: data[name] for name in (
                        "number", "meeting_date", "report_title", "discussion", "recommendations", "status",
                        "assignees", "new_assignees")})
            except services.NumberTaken as taken:  # by someone else since the form was checked
                form.add_error("number", str(taken))
                if rec is not None:
                    rec.refresh_from_db()  # as stored: the page names the recommendation being changed
            else:
                messages.success(request, f"Recommendation {saved.number} saved.")
                return redirect("recommendation", number=saved.number)
    else:
        form = RecommendationForm(initial=_initial(rec), recommendation=rec)
    return render(request, "scrutiny/recommendation_form.html", {"form": form, "rec": rec})


def _initial(rec: Recommendation | None) -> dict:
    if rec is None:
        return {"number": selectors.next_number(), "status": Recommendation.Status.OPEN}
    day = rec.meeting.date
    return {"number": rec.number, "meeting_day": day.day, "meeting_month": day.month, "meeting_year": day.year,
            "report_title": rec.report_title, "discussion": rec.discussion, "recommendations": rec.recommendations,
            "status": rec.status, "assignees": list(rec.assignees.all())}


def tracker_download(request):
    """The tracker as the council's workbook, with the page's filters; the whole forward plan."""
    filters = _filtered(request)
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="scrutiny-recommendations-tracker.xlsx"'
    tracker_workbook(selectors.tracker_rows(filters.qs), selectors.forward_plan()).save(response)
    return response
