"""Pages of the monthly cycle: an officer's month, the performance team's queue, quarter locks."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kpis.domain.periods import Month, year_label
from kpis.entry.month_sheet import MonthSheet
from kpis.entry.publication_forms import PublicationError, PublicationForm, posted_period
from kpis.entry.quarter_forms import CopyTargetsForm, LockForm, ReopenForm
from kpis.entry.review_forms import ReviewDecisionForm
from kpis.models import Role
from kpis.permissions import can_enter_data, is_performance_team, role_of
from kpis.selectors import review
from kpis.selectors.calendar import as_of
from kpis.selectors.my_data import my_months, next_to_enter
from kpis.selectors.publication import publications
from kpis.selectors.quarters import figures_in
from kpis.selectors.scorecard import quarters_with_data
from kpis.services import publication, workflow
from kpis.templatetags.kpi_tags import figure, status_word


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404("Write the month as YYYY-MM, e.g. 2016-12.") from None


def entry_required(view):
    def check(request, *args, **kwargs):
        if not can_enter_data(request.user):
            raise PermissionDenied("Only data officers and the performance team enter figures.")
        return view(request, *args, **kwargs)
    return login_required(check)


def performance_team_required(view):
    def check(request, *args, **kwargs):
        if not is_performance_team(request.user):
            raise PermissionDenied("Only the performance team can do this.")
        return view(request, *args, **kwargs)
    return login_required(check)


@entry_required
def my_data(request):
    """The user's months with their state and due date, returned ones first, and the month that
    most needs their work (selectors.my_data.next_to_enter)."""
    today = as_of()
    months = my_months(request.user, today)
    returned = [(row, figure) for row in months for figure in row.returned]
    return render(request, "kpis/my_data.html", {
        "months": months, "returned": returned, "next": next_to_enter(months), "as_of": today,
        "this_month": Month.of(today), "this_month_due": review.due_date(Month.of(today))})


@entry_required
def month_entry(request, month):
    month = _month(month)
    action = request.POST.get("action")
    locked = month.quarter in workflow.locked_quarters()
    sheet = MonthSheet(request.user, month, request.POST or None, submitting=action == "submit", locked=locked)
    if request.method == "POST" and sheet.check() and action in ("save", "submit"):
        try:
            sheet.save(submit=action == "submit")
        except workflow.WorkflowError:
            pass
        else:
            done = "submitted" if action == "submit" else "saved as draft"
            messages.success(request, f"{month.label} figures {done}.")
            return redirect("month_entry", month=str(month))
    elif request.method == "GET":
        sheet.add_statuses()
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(_statuses_json(sheet))
    return render(request, "kpis/month_entry.html", {"sheet": sheet, "month": month, "locked": locked,
                                                     "due": review.due_date(month), "as_of": as_of()})


def _statuses_json(sheet: MonthSheet) -> dict:
    """The statuses of what was typed, in the page's own words, for its script."""
    statuses = {}
    for row in sheet.rows:
        quarter = row.status.quarter
        statuses[row.indicator.code] = {
            "month": status_word(row.status.month_status),
            "quarter": status_word(quarter.status)
            + (f" ({figure(quarter.figure, row.indicator)})" if quarter.figure is not None else ""),
        }
    return statuses


@performance_team_required
def review_queue(request):
    return _review_page(request, ReviewDecisionForm())


@require_POST
@performance_team_required
def review_decision(request):
    """Done: back to the queue with a message. Refused (nothing ticked, no reason to return, a
    locked quarter): the queue again, saying why, with the ticks and the reason kept."""
    form = ReviewDecisionForm(request.POST)
    if form.is_valid():
        try:
            messages.success(request, form.decide(request.user))
        except workflow.WorkflowError:
            pass
        else:
            return redirect("review_queue")
    return _review_page(request, form)


def _review_page(request, form):
    return render(request, "kpis/review.html", {**review.review_queue(as_of()), "form": form})


@performance_team_required
def quarters(request):
    return _quarters_page(request)


def _quarters_page(request, refused=None):
    """The page; a refused form (its errors, what was typed) in place of its blank one."""
    rows = publications(quarters_with_data(include_drafts=True))
    forms = {"lock_form": LockForm(), "copy_form": CopyTargetsForm(), "publish_form": PublicationForm(),
             "reopen_form": None}
    if refused is not None:
        forms[refused.context_name] = refused
    forms["publish_form"].offer(rows)
    return render(request, "kpis/quarters.html", {
        "quarters": review.quarter_locks(), "publications": rows, "refused": refused, **forms})


@require_POST
@performance_team_required
def publish(request):
    form = PublicationForm(request.POST)
    if not form.is_valid():
        return _quarters_page(request, form)
    quarter, day = form.cleaned_data["period"], form.cleaned_data["published_on"]
    publication.publish_quarter(request.user, quarter, day)
    with_figure, indicators = figures_in(quarter)
    messages.success(request, f"{quarter.label} published on {day:%-d %B %Y}. "
                              f"{with_figure} of {indicators} indicators have a figure.")
    return redirect("quarters")


@require_POST
@performance_team_required
def withdraw(request):
    try:
        quarter = posted_period(request.POST)
    except PublicationError as error:
        messages.error(request, str(error))
    else:
        publication.withdraw_publication(request.user, quarter)
        messages.success(request, f"{quarter.label} withdrawn: the public reads it as in progress.")
    return redirect("quarters")


@require_POST
@performance_team_required
def lock(request):
    form = LockForm(request.POST)
    if not form.is_valid():
        return _quarters_page(request, form)
    quarter = form.cleaned_data["period"]
    workflow.lock_quarter(request.user, quarter)
    messages.success(request, f"{quarter.label} locked.")
    return redirect("quarters")


@require_POST
@performance_team_required
def reopen(request):
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _quarters_page(request, form)
    quarter = form.cleaned_data["period"]
    workflow.reopen_quarter(request.user, quarter, form.cleaned_data["reason"])
    messages.success(request, f"{quarter.label} reopened.")
    return redirect("quarters")


@require_POST
@performance_team_required
def copy_targets(request):
    form = CopyTargetsForm(request.POST)
    if not form.is_valid():
        return _quarters_page(request, form)
    year = form.cleaned_data["year"]
    created = workflow.copy_targets_to_next_year(request.user, year)
    messages.success(request, f"{created} target(s) copied to {year_label(year + 1)}: review them in the admin.")
    return redirect("quarters")


def after_login(request):
    """Each role starts where its work is."""
    if is_performance_team(request.user):
        return redirect("review_queue")
    if can_enter_data(request.user):
        return redirect("my_data")
    if role_of(request.user) is Role.SCRUTINY:
        return redirect("tracker")  # by its name alone: kpis never imports scrutiny
    return redirect("home")
