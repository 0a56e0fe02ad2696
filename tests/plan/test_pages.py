"""The plan's pages as each role reads them: a quarter's progress is public once published, staff
read it before (marked in progress); an objective's deliverables beside its KPIs' results, as the
quarter's scorecard decides them; a deliverable's quarters; out-of-range quarters not found."""

import re
from datetime import date
from decimal import Decimal

import pytest

from kpis.domain.periods import Quarter
from kpis.models import Target
from kpis.services.publication import set_publication
from reports.presentation import display_row
from reports.scorecards import scorecard_for
from tests.month_sheet import approved, make_indicator
from tests.people import make_user
from tests.plan.plan_data import HOSTILE, make_plan, report_q2

pytestmark = pytest.mark.django_db

PLAN_Q2 = "/plan/2014/q2/"
SCHOOLS_Q2 = "/plan/2014/q2/objectives/schools/"


def text(response) -> str:
    """The page's words, tags stripped, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def olivia(db):
    return make_user("olivia", "officer", ["Children's Services"])


@pytest.fixture
def unpublished_plan(olivia):
    plan = make_plan(lead=olivia)
    report_q2(plan, published=False)
    return plan


@pytest.fixture
def published_plan(olivia):
    plan = make_plan(lead=olivia)
    report_q2(plan, published=True)
    return plan


def test_the_public_reads_a_published_quarters_progress_counted_by_rag(client, published_plan):
    page = text(client.get(PLAN_Q2))
    assert "Corporate plan: Quarter 2 2014/15" in page
    assert "Priority 1: Create a great place for learning and opportunity" in page
    assert "1 Green 1 Red" in page  # the schools objective, the key giving the words' meaning
    assert "1 n/a" in page  # the jobs objective
    assert "Green: progressing as planned" in page.split("Priority 1")[0]  # the key, above the counts
    assert "Not yet published" not in page
    assert 'href="/plan/2014/q2/objectives/schools/"' in client.get(PLAN_Q2).content.decode()
    assert "Download the progress report for Quarter 2 2014/15 (Excel)" in page


def test_the_key_gives_the_reports_words(client, published_plan):
    page = text(client.get(PLAN_Q2))
    for words in ("Green: progressing as planned", "Amber: some slippage but within tolerance",
                  "Red: requires remedial action", "n/a: no status this quarter, the commentary says why"):
        assert words in page


def test_the_plan_opens_on_the_latest_published_quarter_for_the_public(client, published_plan):
    from plan.models import Progress

    Progress.objects.create(deliverable=published_plan["places"], year=2014, quarter=3, status="amber",
                            commentary="Slipping")  # Q3 not published
    public = text(client.get("/plan/"))
    assert "Corporate plan: Quarter 2 2014/15" in public and "Amber" not in public.split("Key")[0]
    client.force_login(make_user("sam", "scrutiny"))
    staff = text(client.get("/plan/"))
    assert "Corporate plan: Quarter 3 2014/15" in staff and "In progress: not published" in staff
    assert "1 Amber" in staff
    assert "Previous quarter : Q2 2014/15" in staff


def test_the_public_reads_that_an_unpublished_quarter_is_not_published_and_none_of_its_progress(
        client, unpublished_plan):
    response = client.get(PLAN_Q2)
    assert response.status_code == 200
    page = text(response)
    assert "Quarter 2 2014/15 is not yet published" in page
    assert "1 Green" not in page and "1 Red" not in page
    assert "progress.xlsx" not in response.content.decode()
    objective = text(client.get(SCHOOLS_Q2))
    assert "Deliver the new school places" in objective  # the plan itself is public
    assert "Two new primary schools" not in objective and "Green: progressing" not in objective.split("Key")[0]


@pytest.mark.parametrize("role", ["officer", "performance", "scrutiny"])
def test_staff_read_the_quarter_in_progress_marked_as_such(client, unpublished_plan, role):
    client.force_login(make_user("someone", role))
    page = text(client.get(PLAN_Q2))
    assert "In progress: not published" in page
    assert "1 Green" in page
    assert "Two new primary schools opened in September." in text(client.get(SCHOOLS_Q2))


def test_while_no_quarter_is_published_the_public_opens_on_the_latest_and_reads_it_is_not_published(
        client, unpublished_plan):
    page = text(client.get("/plan/"))
    assert "Corporate plan: Quarter 2 2014/15" in page and "Quarter 2 2014/15 is not yet published" in page
    assert "1 Green" not in page


def test_a_councillor_reads_as_the_public(client, unpublished_plan):
    client.force_login(make_user("chris", "councillor"))
    page = text(client.get(PLAN_Q2))
    assert "Quarter 2 2014/15 is not yet published" in page and "1 Green" not in page


def test_the_objective_page_shows_its_deliverables_with_lead_rag_commentary_and_risks(client, published_plan):
    response = client.get(SCHOOLS_Q2)
    html, page = response.content.decode(), text(response)
    assert "Ensure that every child has a place in a good school" in page
    assert "1. Deliver the new school places" in page and "Head of Learning" in page
    assert "Green: progressing as planned" in page and "Red: requires remedial action" in page
    # Paragraphs kept, each its own.
    assert "<p>Two new primary schools opened in September.</p>\n\n<p>A third is on site.</p>" in html
    assert "Risk 25: School funding falls short (Critical / Likely)" in page
    assert "Risk 28: Building works run late (Marginal / Very unlikely)" in page
    assert "Create 200 apprenticeships" not in page  # another objective's


def test_commentary_typed_with_markup_is_shown_as_text(client, published_plan):
    html = client.get(SCHOOLS_Q2).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and "=1+1" in html
    assert "&lt;script&gt;" in client.get("/plan/deliverables/2/").content.decode()
    assert HOSTILE.startswith("<script>")


@pytest.fixture
def kpis(published_plan):
    """Two KPIs of the schools objective: one with figures in Quarter 2 2014/15; one with figures
    only in Quarter 3 2016/17, which is published."""
    places = make_indicator("PLACES", title="% of pupils offered a first-choice school", unit="percent")
    for month, value in (("2014-07", "90"), ("2014-08", "91"), ("2014-09", "92")):
        approved(places, month, value)
    Target.objects.create(indicator=places, year=2014, period="Q2", value=Decimal("95"))
    good = make_indicator("GOOD", title="% of schools rated good or better", unit="percent")
    for month, value in (("2016-10", "70"), ("2016-11", "71"), ("2016-12", "80")):
        approved(good, month, value)
    Target.objects.create(indicator=good, year=2016, period="Q3", value=Decimal("75"))
    set_publication(None, Quarter(2016, 3), date(2017, 3, 14), "published")
    published_plan["schools"].indicators.set([places, good])
    return places, good


def _scorecard_row(indicator, quarter):
    row = next(r for r in scorecard_for(quarter.year, quarter.number).rows if r.indicator_id == indicator.id)
    return display_row(row)


def test_the_objective_page_shows_its_kpis_results_as_the_quarters_scorecard_decides_them(client, kpis):
    places, good = kpis
    shown = _scorecard_row(places, Quarter(2014, 2))
    assert shown.status.text  # the scorecard decided one
    response = client.get(SCHOOLS_Q2)
    html, page = response.content.decode(), text(response)
    section = page[page.index("% of pupils offered a first-choice school"):page.index("% of schools rated")]
    assert f"Figure {shown.figure}" in section and f"Target {shown.target}" in section
    assert f"Status {shown.status.text}" in section
    assert f"Direction since last year {shown.dot_year.text}" in section
    assert 'href="/indicators/PLACES/"' in html


def test_a_kpi_with_no_result_in_the_quarter_gives_its_latest_published_one_naming_its_quarter(client, kpis):
    places, good = kpis
    latest = _scorecard_row(good, Quarter(2016, 3))
    page = text(client.get(SCHOOLS_Q2))
    section = page[page.index("% of schools rated good or better"):]
    assert ("No result for Quarter 2 2014/15. Its latest published result is for Quarter 3 2016/17:" in section)
    assert f"Figure {latest.figure}" in section and f"Status {latest.status.text}" in section


def test_a_kpi_with_no_published_result_at_all_says_so(client, published_plan):
    published_plan["jobs"].indicators.set([make_indicator("APPS", title="Apprenticeships started")])
    page = text(client.get("/plan/2014/q2/objectives/jobs/"))
    assert "No result for Quarter 2 2014/15. No published result yet." in page


def test_the_deliverable_page_gives_every_quarter_the_person_may_read(client, published_plan, olivia):
    from plan.models import Progress

    Progress.objects.create(deliverable=published_plan["places"], year=2014, quarter=3, status="amber",
                            commentary="Builder delayed", updated_by=olivia)
    public = text(client.get("/plan/deliverables/1/"))
    assert "Quarter 2 2014/15 Green: progressing as planned" in public
    assert "Builder delayed" not in public and "Olivia" not in public
    assert "Risk 25: School funding falls short (Critical / Likely)" in public
    assert "Update progress" not in public
    client.force_login(olivia)
    staff = text(client.get("/plan/deliverables/1/"))
    assert "Quarter 3 2014/15 In progress: not published Amber: some slippage but within tolerance" in staff
    assert "Builder delayed" in staff and "Olivia, " in staff
    assert "Update progress" in staff


def test_only_those_who_may_update_are_offered_the_form(client, published_plan):
    client.force_login(make_user("ed", "officer"))
    assert "/plan/deliverables/1/progress/" not in client.get("/plan/deliverables/1/").content.decode()
    client.force_login(make_user("pat", "performance"))
    assert "/plan/deliverables/1/progress/" in client.get("/plan/deliverables/1/").content.decode()


def test_previous_and_next_link_only_quarters_with_progress(client, published_plan):
    from plan.models import Progress

    Progress.objects.create(deliverable=published_plan["places"], year=2015, quarter=1, status="green")
    set_publication(None, Quarter(2015, 1), date(2015, 9, 1), "published")
    html = client.get(PLAN_Q2).content.decode()
    assert 'href="/plan/2015/q1/" rel="next"' in html and 'rel="prev"' not in html


@pytest.mark.parametrize("url", ["/plan/1989/q4/", "/plan/2101/q1/", "/plan/2014/q5/", "/plan/0/q1/",
                                 "/plan/9999/q2/objectives/schools/", "/plan/2014/q2/objectives/nothing/",
                                 "/plan/1989/q1/progress.xlsx", "/plan/deliverables/99/",
                                 "/plan/deliverables/99/progress/"])
def test_what_is_not_there_is_not_found(client, published_plan, url):
    client.force_login(make_user("pat", "performance"))
    assert client.get(url).status_code == 404


def test_an_empty_plan_opens_on_the_quarter_of_today(client, db, settings):
    settings.KPI_AS_OF = date(2017, 2, 1)
    response = client.get("/plan/")
    assert response.status_code == 200
    assert "Corporate plan: Quarter 4 2016/17" in text(response)
    assert "The corporate plan has no priorities yet." in text(response)
