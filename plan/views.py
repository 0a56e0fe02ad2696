"""The corporate plan's pages: the plan of a quarter, an objective's deliverables beside its KPIs,
a deliverable's quarters and its progress form, the risk register, and the quarter's workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kpis.domain.periods import Month, Quarter
from kpis.permissions import is_performance_team
from kpis.selectors.calendar import as_of
from kpis.selectors.publication import published_quarters
from plan import selectors
from plan.excel import progress_workbook
from plan.forms import ProgressForm
from plan.models import Deliverable, Objective, Progress
from plan.permissions import may_update, sees_unpublished
from plan.rag import ORDER, rag_text
from plan.services import ProgressRefused, quarter_problem, record_progress
from reports.charts import heat_map_chart
from reports.quarter_nav import quarter_nav

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEY = [(status, rag_text(status)) for status in ORDER]


def _quarter(year: int, quarter: int) -> Quarter:
    """The quarter of the URL, as the scorecards read theirs (kpis.domain.periods.Quarter.known)."""
    try:
        return Quarter.known(year, quarter)
    except ValueError:
        raise Http404("No such quarter.") from None


def plan(request):
    """The plan in the latest quarter the person may read with progress."""
    return _plan_page(request, selectors.opening_quarter(unpublished=sees_unpublished(request.user)))


def plan_quarter(request, year, quarter):
    return _plan_page(request, _quarter(year, quarter))


def _plan_page(request, quarter: Quarter):
    unpublished = sees_unpublished(request.user)
    state = selectors.quarter_state(quarter, unpublished=unpublished)
    return render(request, "plan/plan.html", {
        "state": state, "quarter": quarter, "priorities": selectors.plan_of(state), "key": KEY,
        "nav": quarter_nav(quarter, selectors.progress_quarters(unpublished=unpublished)),
    })


def objective(request, year, quarter, objective):
    state = selectors.quarter_state(_quarter(year, quarter), unpublished=sees_unpublished(request.user))
    objective = get_object_or_404(Objective.objects.select_related("priority"), slug=objective)
    # As on the scorecards: drafts for the performance team alone, marked.
    page = selectors.objective_page(objective, state, drafts=is_performance_team(request.user))
    return render(request, "plan/objective.html", {"page": page, "state": state, "quarter": state.quarter,
                                                   "objective": objective, "key": KEY})


def deliverable(request, deliverable):
    deliverable = get_object_or_404(Deliverable.objects.select_related("objective__priority"), number=deliverable)
    unpublished = sees_unpublished(request.user)
    return render(request, "plan/deliverable.html", {
        "deliverable": deliverable, "risks": deliverable.risks.all(), "staff": unpublished,
        "quarters": selectors.deliverable_quarters(deliverable, unpublished=unpublished),
        "published": published_quarters(), "may_update": may_update(request.user, deliverable),
        "opening": selectors.opening_quarter(unpublished=unpublished),
    })


@login_required
def deliverable_progress(request, deliverable):
    """GET: the form (?quarter=2014-Q2 opens that quarter, with what was reported); POST: saved,
    back to the deliverable with a banner, or the form again saying what is wrong, nothing written."""
    deliverable = get_object_or_404(Deliverable.objects.select_related("objective"), number=deliverable)
    if not may_update(request.user, deliverable):
        raise PermissionDenied("Only the deliverable's lead officer and the performance team update its progress.")
    quarters = selectors.quarters_to_report()
    if request.method == "POST":
        form = ProgressForm(request.POST, user=request.user, quarters=quarters)
        if form.is_valid():
            report = form.cleaned_data["report"]
            try:
                record_progress(request.user, deliverable, report)
            except ProgressRefused as refusal:
                form.refused(refusal.problems)
            else:
                messages.success(request, f"Progress of deliverable {deliverable.number} for "
                                          f"{report.quarter.label} saved: {rag_text(report.status)}.")
                return redirect("deliverable", deliverable=deliverable.number)
    else:
        form = ProgressForm(initial=_initial(request, deliverable, quarters), user=request.user, quarters=quarters)
    return render(request, "plan/progress_form.html", {"form": form, "deliverable": deliverable})


def _initial(request, deliverable, quarters) -> dict:
    """The quarter asked for, else the plan's latest if the person may change it, else the quarter
    under way; with what was reported for it, to change."""
    listed = {str(choice.quarter): choice.quarter for choice in quarters}
    quarter = listed.get(request.GET.get("quarter", "")) or selectors.opening_quarter(unpublished=True)
    if "quarter" not in request.GET and quarter_problem(request.user, quarter):
        quarter = Month.of(as_of()).quarter
    progress = Progress.objects.filter(deliverable=deliverable, year=quarter.year, quarter=quarter.number).first()
    return {"quarter": str(quarter), "status": progress.status if progress else "",
            "commentary": progress.commentary if progress else ""}


def risk_register(request):
    register = selectors.risk_register()
    maps = [(plural, heat_map, _heat_chart(heat_map), f"heat-map-{plural.lower()}")
            for plural, heat_map in register.maps]
    return render(request, "plan/risk_register.html", {
        "register": register, "maps": maps, "drawn": any(heat_map.placed for _, heat_map in register.maps)})


def _heat_chart(heat_map) -> dict:
    return heat_map_chart(
        [label for _, label in heat_map.impacts], [label for _, label in heat_map.likelihoods],
        [[cell.count for cell in row.cells] for row in heat_map.rows],
        [[cell.lines for cell in row.cells] for row in heat_map.rows], x_title="Likelihood", y_title="Impact")


def plan_download(request, year, quarter):
    """The quarter's progress report as a workbook: a published quarter for anyone, the quarter
    in progress for staff too (marked as such)."""
    state = selectors.quarter_state(_quarter(year, quarter), unpublished=sees_unpublished(request.user))
    if not state.shown:
        raise Http404("Not yet published.")
    response = HttpResponse(content_type=XLSX)
    filename = f"corporate-plan-{year}-{(year + 1) % 100:02d}-q{quarter}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    progress_workbook(selectors.progress_report(state)).save(response)
    return response
