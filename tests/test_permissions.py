"""Every URL x every role -> the expected response. The URLs come from the URL conf itself:
a new URL fails here until its row is added."""

import pytest

from tests.people import PASSWORD, make_user
from tests.url_patterns import named_patterns

ROLES = ("anonymous", "officer", "other_officer", "performance", "councillor", "scrutiny")
SAMPLE_KWARGS = {"code": "HOMES", "month": "2016-12", "year": "2016", "quarter": "3", "slug": "housing",
                 "token": "A" * 32, "number": "1", "objective": "schools", "deliverable": "1"}

# name: (GET response per role, POST response per role or None where the URL is GET-only)
EXPECTED = {
    "home": ((200, 200, 200, 200, 200, 200), None),
    "indicator": ((200, 200, 200, 200, 200, 200), None),
    "quarter_summary": ((200, 200, 200, 200, 200, 200), None),
    "scorecard_table": ((200, 200, 200, 200, 200, 200), None),
    "scorecard_csv": ((200, 200, 200, 200, 200, 200), None),  # what the table shows, to whoever reads it
    "in_focus": ((200, 200, 200, 200, 200, 200), (403, 403, 403, 302, 403, 403)),
    # Where the product differs from the printed report (issue 17): the performance team's, to correct.
    "consistency_report": ((302, 403, 403, 200, 403, 403), None),
    "portfolio": ((200, 200, 200, 200, 200, 200), None),
    # A change of process (issue 17): the performance team's; HOMES has no figures, so no month to choose (200, said).
    "record_change_of_process": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 200, 403, 403)),
    # Finding things (issue 15): what anyone may read.
    "indicator_list": ((200, 200, 200, 200, 200, 200), None),
    "portfolio_list": ((200, 200, 200, 200, 200, 200), None),
    "how_to_read": ((200, 200, 200, 200, 200, 200), None),
    # Open data (issue 17): public files, the same for everyone. The matrix's council publishes no
    # quarter, so 2016/17 Quarter 3's files are not found; HOMES's file is its header row alone.
    "open_data": ((200, 200, 200, 200, 200, 200), None),
    "open_data_quarter_csv": ((404, 404, 404, 404, 404, 404), None),
    "open_data_quarter_json": ((404, 404, 404, 404, 404, 404), None),
    "open_data_indicator_csv": ((200, 200, 200, 200, 200, 200), None),
    "open_data_indicator_json": ((200, 200, 200, 200, 200, 200), None),
    # Published figures only, as the pages show them: anyone may download.
    "appendix_download": ((200, 200, 200, 200, 200, 200), None),
    "portfolio_download": ((404, 404, 404, 404, 404, 404), None),  # no figures yet in the matrix's council
    "login": ((200, 200, 200, 200, 200, 200), None),
    "logout": ((405, 405, 405, 405, 405, 405), (302, 302, 302, 302, 302, 302)),
    "after_login": ((302, 302, 302, 302, 302, 302), None),
    "my_data": ((302, 200, 200, 200, 403, 403), None),  # the months with their state (issue 15)
    "month_entry": ((302, 200, 200, 200, 403, 403), None),
    "review_queue": ((302, 403, 403, 200, 403, 403), None),
    "review_decision": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 200, 403, 403)),  # nothing ticked: said on the page
    "quarters": ((302, 403, 403, 200, 403, 403), None),
    # The matrix's council has no figures or targets: a lock, a reopening (of a quarter not
    # locked), a copy of targets and a publication without a committee date are each refused
    # on the Quarters page, saying why, in the GOV.UK error pattern.
    "lock_quarter": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 200, 403, 403)),
    "reopen_quarter": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 200, 403, 403)),
    "copy_targets": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 200, 403, 403)),
    "publish_quarter": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 200, 403, 403)),
    "withdraw_publication": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 302, 403, 403)),
    # A performance POST without a file shows the form again, its error beside the file field.
    "upload_workbook": ((302, 403, 403, 200, 403, 403), (302, 403, 403, 200, 403, 403)),
    "confirm_import": ((405, 405, 405, 405, 405, 405), (302, 403, 403, 302, 403, 403)),
    # Where an upload stands, its uploader's alone: a token nobody uploaded goes back to the form.
    "upload_status": ((302, 403, 403, 302, 403, 403), None),
    # The recommendations tracker (issue 16): a public committee paper. Recommendation 1 is
    # assigned to the officer; a POST without a date or text shows its errors on the page (200).
    "tracker": ((200, 200, 200, 200, 200, 200), None),
    "tracker_overdue": ((200, 200, 200, 200, 200, 200), None),
    "tracker_download": ((200, 200, 200, 200, 200, 200), None),
    "recommendation": ((200, 200, 200, 200, 200, 200), None),
    "recommendation_progress": ((302, 302, 302, 302, 302, 302), (302, 200, 403, 200, 403, 200)),
    "recommendation_add": ((302, 403, 403, 200, 403, 200), (302, 403, 403, 200, 403, 200)),
    "recommendation_edit": ((302, 403, 403, 200, 403, 200), (302, 403, 403, 200, 403, 200)),
    # The corporate plan (issue 16): public, with a quarter's progress once published; deliverable 1
    # is the officer's to update (a POST without a status is refused on the page, 200). 2016/17
    # Quarter 3 is not published: its workbook is the staff's alone.
    "plan": ((200, 200, 200, 200, 200, 200), None),
    "plan_quarter": ((200, 200, 200, 200, 200, 200), None),
    "objective": ((200, 200, 200, 200, 200, 200), None),
    "deliverable": ((200, 200, 200, 200, 200, 200), None),
    "deliverable_progress": ((302, 200, 403, 200, 403, 403), (302, 200, 403, 200, 403, 403)),
    "risk_register": ((200, 200, 200, 200, 200, 200), None),
    "plan_download": ((404, 200, 200, 200, 404, 200), None),
    "accessibility": ((200, 200, 200, 200, 200, 200), None),  # the accessibility statement, for everyone
    "healthz": ((200, 200, 200, 200, 200, 200), None),  # the load balancer's, asked by anyone (tests/test_health.py)
}
# The admin is Django's: only the performance team (staff) gets in.
ADMIN_URLS = {"/admin/": (302, 302, 302, 200, 302, 302), "/admin/kpis/reading/": (302, 302, 302, 200, 302, 302),
              "/admin/kpis/target/add/": (302, 302, 302, 200, 302, 302),
              "/admin/auth/user/": (302, 302, 302, 200, 302, 302)}  # people, their roles and services
POST_DATA = {"year": "2016", "quarter": "3", "reason": "matrix", "action": "approve"}


def url_of(route: str) -> str:
    path = route
    for converter in ("<str:code>", "<str:month>", "<int:year>", "<int:quarter>", "<slug:slug>", "<str:token>",
                      "<int:number>", "<slug:objective>", "<int:deliverable>"):
        name = converter.split(":")[1].rstrip(">")
        path = path.replace(converter, SAMPLE_KWARGS[name])
    assert "<" not in path, f"give a sample value for {route}"
    return "/" + path


def test_every_url_has_its_row():
    assert {name for name, _ in named_patterns()} == set(EXPECTED)


@pytest.fixture
def people(db):
    from kpis.models import Indicator, Portfolio

    Indicator.objects.create(code="HOMES", title="No of homes transformed",  # for /indicators/HOMES/
                             portfolio=Portfolio.objects.create(name="Housing", holder="Cllr R Gledhill"))
    officer = make_user("olivia", "officer", ["AHH - Housing"])
    _recommendation_1(officer)  # for /scrutiny/recommendations/1/
    _deliverable_1(officer)  # for /plan/deliverables/1/ and the objective "schools"
    return {
        "anonymous": None,
        "officer": officer,
        "other_officer": make_user("ed", "officer", ["E&P - H&T"]),
        "performance": make_user("pat", "performance"),
        "councillor": make_user("chris", "councillor"),
        "scrutiny": make_user("sam", "scrutiny"),  # the committee's officer: reads the figures as a councillor
    }


def _recommendation_1(assignee):
    from datetime import date

    from scrutiny.models import Assignee, Meeting, Recommendation

    rec = Recommendation.objects.create(number=1, meeting=Meeting.objects.create(date=date(2024, 7, 30)),
                                        report_title="Communication Strategy", recommendations="<p>Agreed.</p>")
    rec.assignees.set([Assignee.objects.create(name="Olivia", user=assignee)])


def _deliverable_1(lead):
    from plan.models import Deliverable, Objective, Priority

    priority = Priority.objects.create(number=1, title="Learning", slug="learning")
    objective = Objective.objects.create(priority=priority, number=1, title="Schools", slug="schools")
    Deliverable.objects.create(number=1, objective=objective, title="School places", lead=lead)


CASES = [(name, route, method, role_index)
         for name, route in named_patterns()
         for method in ("get", "post") if method == "get" or EXPECTED[name][1] is not None
         for role_index in range(len(ROLES))]


@pytest.mark.parametrize("name, route, method, role_index", CASES,
                         ids=[f"{m.upper()} {n} as {ROLES[r]}" for n, _, m, r in CASES])
def test_permission_matrix(client, people, name, route, method, role_index):
    role = ROLES[role_index]
    if people[role]:
        client.force_login(people[role])
    url = url_of(route)
    response = client.get(url) if method == "get" else client.post(url, POST_DATA)
    expected = EXPECTED[name][0 if method == "get" else 1][role_index]
    assert response.status_code == expected, (method, url, role)
    if expected == 302 and role == "anonymous" and name not in ("logout", "after_login"):
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", list(ADMIN_URLS))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_the_admin_is_the_performance_teams(client, people, url, role_index):
    role = ROLES[role_index]
    if people[role]:
        client.force_login(people[role])
    assert client.get(url).status_code == ADMIN_URLS[url][role_index]


def test_failed_log_ins_are_throttled(client, db):
    user = make_user("olivia", "officer", ["AHH - Housing"])
    for _ in range(5):
        client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "olivia", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.is_authenticated  # the account exists; only the attempts from here are locked out


def test_a_good_log_in_starts_where_the_work_is(client, db):
    make_user("olivia", "officer", ["AHH - Housing"])
    response = client.post("/accounts/login/", {"username": "olivia", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/entry/")
