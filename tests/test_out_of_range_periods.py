"""Every URL that takes a year, quarter or month answers 404 for one outside the years the
product knows (kpis.domain.periods.FIRST_YEAR to LAST_YEAR), never a 500, whoever asks; a
form that offers years in a list refuses another on its page instead, saying why."""

from datetime import date

import pytest

from kpis.domain.periods import FIRST_YEAR, LAST_YEAR
from tests.people import make_user
from tests.url_patterns import named_patterns

BAD_QUARTERS = ["9999-Q4", "0001-Q1", f"{FIRST_YEAR - 1}-Q4", f"{LAST_YEAR + 1}-Q1"]
# A financial year runs April to March: March 1990 is in 1989/90, April 2101 in 2101/02.
BAD_MONTHS = ["0001-01", "9999-12", f"{FIRST_YEAR}-03", f"{LAST_YEAR + 1}-04", "0000-04"]
BAD_YEARS = ["99999", "0", "1", "0001", f"{FIRST_YEAR - 1}", f"{LAST_YEAR + 1}"]
# The Quarters page's lock, reopen and copy-targets forms offer the years the data knows.
REFUSED_ON_THE_PAGE = {"lock_quarter", "reopen_quarter", "copy_targets"}
SIGN_IN_FIRST = {"month_entry", "consistency_report", "lock_quarter", "reopen_quarter", "copy_targets",
                 "publish_quarter", "withdraw_publication"}

# (route name, method, URL, POST data): every URL of the URL conf that takes a period, in its
# path or its query string, with each out-of-range value.
CASES = [
    *[("home", "get", f"/?quarter={q}", None) for q in BAD_QUARTERS],
    *[("portfolio", "get", f"/portfolios/housing/?quarter={q}", None) for q in BAD_QUARTERS],
    *[("portfolio_download", "get", f"/portfolios/housing/table.xlsx?quarter={q}", None) for q in BAD_QUARTERS],
    *[("indicator", "get", f"/indicators/HOMES/?year={y}", None) for y in BAD_YEARS],
    *[(name, "get", f"/scorecards/{y}/q3/{rest}", None) for y in BAD_YEARS
      for name, rest in (("quarter_summary", ""), ("scorecard_table", "indicators/"), ("in_focus", "focus/"),
                         ("appendix_download", "appendix.xlsx"), ("scorecard_csv", "indicators.csv"),
                         ("consistency_report", "consistency/"))],
    *[("in_focus", "post", f"/scorecards/{y}/q3/focus/", {"indicator": ["1"]}) for y in BAD_YEARS],
    *[(name, "get", f"/plan/{y}/q3/{rest}", None) for y in BAD_YEARS
      for name, rest in (("plan_quarter", ""), ("objective", "objectives/schools/"), ("plan_download", "progress.xlsx"))],
    *[("plan_quarter", "get", f"/plan/2016/q{n}/", None) for n in (0, 5, 99999)],
    *[(name, "get", f"/open-data/{y}/q3/indicators.{kind}", None) for y in BAD_YEARS
      for name, kind in (("open_data_quarter_csv", "csv"), ("open_data_quarter_json", "json"))],
    *[("quarter_summary", "get", f"/scorecards/2016/q{n}/", None) for n in (0, 5, 99999)],
    *[("month_entry", method, f"/entry/{m}/", {"action": "check"}) for m in BAD_MONTHS for method in ("get", "post")],
    *[(name, "post", f"/quarters/{name.split('_')[0]}/", {"year": y, "quarter": "3", "reason": "r"})
      for name in ("lock_quarter", "reopen_quarter") for y in BAD_YEARS],
    *[("copy_targets", "post", "/targets/copy-to-next-year/", {"year": y}) for y in (*BAD_YEARS, str(LAST_YEAR))],
    *[(name, "post", f"/quarters/{action}/", {"period": f"{y}-Q3", "published-day": "14", "published-month": "3",
                                               "published-year": "2017"})
      for name, action in (("publish_quarter", "publish"), ("withdraw_publication", "withdraw")) for y in BAD_YEARS],
]
# Each named in the URL conf with a period in its path, or reading one from the query or the form.
TAKE_A_PERIOD = {"home", "portfolio", "portfolio_download", "indicator", "lock_quarter", "reopen_quarter",
                 "copy_targets", "publish_quarter", "withdraw_publication"}


def test_every_url_taking_a_period_is_tried():
    in_path = {name for name, route in named_patterns() if "year>" in route or "month>" in route}
    assert {name for name, *_ in CASES} == in_path | TAKE_A_PERIOD


@pytest.fixture
def council(db):
    from kpis.models import Directorate, Indicator, Portfolio, Reading

    housing = Portfolio.objects.create(name="Housing", slug="housing")
    homes = Indicator.objects.create(code="HOMES", title="No of homes transformed", portfolio=housing,
                                     directorate=Directorate.objects.create(name="AHH - Housing"))
    Reading.objects.create(indicator=homes, month=date(2016, 12, 1), value=31, state=Reading.State.APPROVED)
    return homes


@pytest.mark.parametrize("name, method, url, data", CASES, ids=[f"{m.upper()} {u} {d or ''}".strip() for _, m, u, d in CASES])
@pytest.mark.parametrize("role", ["anonymous", "performance"])
def test_an_out_of_range_period_is_not_found(client, council, role, name, method, url, data):
    if role == "performance":
        client.force_login(make_user("pat", "performance"))
    response = client.get(url) if method == "get" else client.post(url, data)
    if role == "anonymous" and name in SIGN_IN_FIRST:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif name in REFUSED_ON_THE_PAGE:
        assert response.status_code == 200 and "Financial year: " in response.content.decode()
        assert response.context["refused"].errors["year"]
    else:
        assert response.status_code == 404


EDGES = [f"/entry/{FIRST_YEAR}-04/", f"/entry/{LAST_YEAR + 1}-03/",
         *[f"/portfolios/housing/{table}?quarter={q}" for table in ("", "table.xlsx")
           for q in (f"{FIRST_YEAR}-Q1", f"{LAST_YEAR}-Q4")],
         *[f"/scorecards/{y}/q{n}/{rest}" for y, n in ((FIRST_YEAR, 1), (LAST_YEAR, 4))
           for rest in ("", "indicators/", "focus/", "appendix.xlsx", "consistency/")],
         *[f"/plan/{y}/q{n}/{rest}" for y, n in ((FIRST_YEAR, 1), (LAST_YEAR, 4)) for rest in ("", "progress.xlsx")]]


@pytest.mark.parametrize("url", EDGES)
def test_the_first_and_last_periods_are_served(client, council, url):
    client.force_login(make_user("pat", "performance"))
    assert client.get(url).status_code == 200
