"""The plan's and the tracker's pages and workbooks read in a fixed number of queries, however many
deliverables, risks, recommendations, assignees and progress updates there are (no query per row)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plan.models import Deliverable, Progress, Risk
from scrutiny.models import Assignee, Meeting, ProgressUpdate, Recommendation
from tests.plan.plan_data import make_plan, report_q2
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db

URLS = ["/plan/", "/plan/2014/q2/", "/plan/2014/q2/objectives/schools/", "/plan/deliverables/1/", "/plan/risks/",
        "/plan/2014/q2/progress.xlsx", "/scrutiny/", "/scrutiny/?status=open", "/scrutiny/overdue/?weeks=1",
        "/scrutiny/tracker.xlsx", "/scrutiny/recommendations/3/"]


def queries(client) -> dict[str, int]:
    counts = {}
    for url in URLS:
        client.get(url)  # the scorecards' cache filled, as a second reader finds it
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts[url] = len(captured)
    return counts


def grow(plan: dict, n: int):
    """`n` more deliverables (each with a risk and progress) and recommendations (each with its own
    meeting, assignees and dated progress)."""
    for i in range(n):
        deliverable = Deliverable.objects.create(number=100 + i, objective=plan["schools"], title=f"More {i}",
                                                 lead_officer="Head of Learning")
        deliverable.risks.set([Risk.objects.create(number=100 + i, kind=Risk.Kind.RISK, title=f"Risk {i}",
                                                   impact=Risk.Impact.MARGINAL, likelihood=Risk.Likelihood.LIKELY)])
        Progress.objects.create(deliverable=deliverable, year=2014, quarter=2, status="amber", commentary="Late.")
        rec = Recommendation.objects.create(number=100 + i, report_title=f"Report {i}", recommendations="<p>Do.</p>",
                                            meeting=Meeting.objects.create(date=date(2023, 1, 1) + timedelta(i)))
        rec.assignees.set([Assignee.objects.create(name=f"Officer {i}"), Assignee.objects.create(name=f"Team {i}")])
        for day in (1, 2):
            ProgressUpdate.objects.create(recommendation=rec, written_on=date(2024, 1, day), text="<p>Done.</p>")


@pytest.mark.parametrize("who", [None, "pat"])
def test_pages_read_in_the_same_queries_for_more_rows(client, settings, who):
    settings.TRACKER_AS_OF = AS_OF
    tracker = make_tracker()
    plan = make_plan()
    report_q2(plan, published=True)
    if who:
        client.force_login(tracker[who])
    small = queries(client)
    grow(plan, 12)
    assert queries(client) == small
