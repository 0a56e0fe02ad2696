"""What councillors read: the quarter summary and the scorecard table."""

from django.http import Http404
from django.shortcuts import render
from django_tables2 import RequestConfig

from kpis.models import Indicator
from kpis.periods import Quarter
from kpis.permissions import is_performance_team
from reports.filters import ScorecardFilter
from reports.presentation import table_record
from reports.scorecards import scorecard_for
from reports.summary import summary_lines
from reports.tables import ScorecardTable


def _scorecard(request, year, quarter):
    if not (1 <= quarter <= 4 and 1990 <= year <= 2100):
        raise Http404("No such quarter.")
    # Drafts only for the performance team, marked as such; everyone else reads published figures.
    return scorecard_for(year, quarter, include_drafts=is_performance_team(request.user))


def quarter_summary(request, year, quarter):
    scorecard = _scorecard(request, year, quarter)
    return render(request, "reports/summary.html", {
        "scorecard": scorecard, "lines": summary_lines(scorecard), "quarter": scorecard.quarter,
    })


def scorecard_table(request, year, quarter):
    scorecard = _scorecard(request, year, quarter)
    filters = ScorecardFilter(request.GET or None, queryset=Indicator.objects.filter(active=True),
                              rows=scorecard.rows)
    kept = set(filters.qs.values_list("id", flat=True))
    table = ScorecardTable([table_record(row) for row in scorecard.rows if row.indicator_id in kept])
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "reports/scorecard.html", {
        "scorecard": scorecard, "quarter": scorecard.quarter, "filters": filters, "table": table,
        "caption": f"{scorecard.quarter.label}: {len(table.rows)} of {len(scorecard.rows)} indicators",
    })
