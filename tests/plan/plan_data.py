"""A small corporate plan for the plan's tests, written with the models: one priority, two
objectives, three deliverables (one led by the officer Olivia), three risks and an opportunity
(one not on the scale, as the 2014/15 report's Opportunity 27 "Major"), and progress in
Quarter 2 2014/15 (published or not, as the test asks)."""

from datetime import date

from kpis.domain.periods import Quarter
from kpis.services.publication import set_publication
from plan.models import Deliverable, Objective, Priority, Progress, Risk

Q2 = Quarter(2014, 2)
HOSTILE = "<script>alert('x')</script>\n\n=1+1"


def make_plan(lead=None) -> dict:
    """The plan; `lead` (a user) leads deliverable 1. Returns its rows by name."""
    priority = Priority.objects.create(number=1, title="Create a great place for learning and opportunity",
                                       slug="learning")
    schools = Objective.objects.create(priority=priority, number=1, slug="schools",
                                       title="Ensure that every child has a place in a good school")
    jobs = Objective.objects.create(priority=priority, number=2, slug="jobs",
                                    title="Raise levels of aspiration and attainment")
    places = Deliverable.objects.create(number=1, objective=schools, title="Deliver the new school places",
                                        lead_officer="Head of Learning", lead=lead)
    ofsted = Deliverable.objects.create(number=2, objective=schools, title="Improve Ofsted outcomes",
                                        lead_officer="Head of School Improvement")
    apprentices = Deliverable.objects.create(number=3, objective=jobs, title="Create 200 apprenticeships",
                                             lead_officer="Head of Skills")
    funding = Risk.objects.create(number=25, kind=Risk.Kind.RISK, title="School funding falls short",
                                  impact=Risk.Impact.CRITICAL, likelihood=Risk.Likelihood.LIKELY,
                                  as_printed="Critical / Likely")
    staff = Risk.objects.create(number=26, kind=Risk.Kind.RISK, title="Teachers are hard to recruit",
                                impact=Risk.Impact.CRITICAL, likelihood=Risk.Likelihood.LIKELY,
                                as_printed="Critical / Likely")
    delay = Risk.objects.create(number=28, kind=Risk.Kind.RISK, title="Building works run late",
                                impact=Risk.Impact.MARGINAL, likelihood=Risk.Likelihood.VERY_UNLIKELY,
                                as_printed="Marginal / Very unlikely")
    growth = Risk.objects.create(number=27, kind=Risk.Kind.OPPORTUNITY, title="Growth brings new employers",
                                 impact=None, likelihood=Risk.Likelihood.LIKELY, as_printed="Major / Likely")
    places.risks.set([funding, delay])
    ofsted.risks.set([staff])
    apprentices.risks.set([growth])
    return {"priority": priority, "schools": schools, "jobs": jobs, "places": places, "ofsted": ofsted,
            "apprentices": apprentices, "funding": funding, "growth": growth}


def report_q2(plan: dict, *, published: bool) -> None:
    """Quarter 2 2014/15's progress: 1 green, 2 red (hostile commentary), 3 n/a with its reason."""
    Progress.objects.create(deliverable=plan["places"], year=2014, quarter=2, status="green",
                            commentary="Two new primary schools opened in September.\n\nA third is on site.")
    Progress.objects.create(deliverable=plan["ofsted"], year=2014, quarter=2, status="red", commentary=HOSTILE)
    Progress.objects.create(deliverable=plan["apprentices"], year=2014, quarter=2, status="n/a",
                            commentary="The scheme starts in January.")
    if published:
        set_publication(None, Q2, date(2014, 11, 25), "published")
