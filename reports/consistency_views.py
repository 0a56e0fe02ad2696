"""The consistency report's page: the performance team's list, for a quarter, of where the
product's statuses and arrows differ from the council's printed ones (reports.consistency)."""

from django.http import Http404
from django.shortcuts import render

from kpis.domain.periods import Quarter
from kpis.entry.views import performance_team_required
from reports.consistency import consistency_of


@performance_team_required
def consistency_report(request, year, quarter):
    try:
        Quarter.known(year, quarter)
    except ValueError:
        raise Http404("No such quarter.") from None
    report = consistency_of(year, quarter)
    return render(request, "reports/consistency.html", {"report": report, "quarter": report.quarter})
