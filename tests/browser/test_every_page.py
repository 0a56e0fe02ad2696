"""Every HTML page of the service, as the role that sees it, at 1366 and 390 px wide, in the states
a user reaches it in (issue 15, "Phones" and "Tests that must exist"): no WCAG 2.2 A/AA
violation (axe, no rule switched off), a screenshot kept in test-artifacts/pages/, no sideways
scroll at 390 px, and a Plotly chart there no wider than the phone, its axis titles still drawn.

The pages come from the URL conf (tests/url_patterns.py): a new URL fails
test_every_page_is_visited_or_excused until it is visited here or excused in NOT_PAGES with its
reason. One test per role and width, one browser context each, on one data set written for it
(a live-server test commits, so the data cannot outlive the test); a page that fails is named
with the others that fail, not hidden behind the first."""

import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from kpis.domain.periods import Quarter
from kpis.models import Indicator, Portfolio, Reading
from kpis.services import workflow
from plan.models import Deliverable, Progress
from tests.datasets import DEMO, DEMO_PUBLISHED, PLAN_DEMO_PUBLISHED, demo_indicators
from tests.people import PASSWORD, make_user
from tests.url_patterns import named_patterns
from tests.workbooks import months, small_council, write_workbook

from .conftest import login_through_form

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

WIDTHS = (1366, 390)
PHONE = 390
ROLES = ("anonymous", "officer", "performance", "councillor", "scrutiny")
USERS = {"officer": "olivia", "performance": "pat", "councillor": "chris", "scrutiny": "sam"}

# Named URLs that are not HTML pages a person reads, or only lead to one that is visited. (Django's
# admin is left out by named_patterns: its pages are Django's own, tests/test_csp.py opens some.)
NOT_PAGES = {
    "scorecard_csv": "a download (CSV), not a page",
    "appendix_download": "a download (Excel), not a page",
    "portfolio_download": "a download (Excel), not a page",
    "logout": "POST only: signs out and redirects home",
    "after_login": "only redirects each role to where its work is (home, my data or the review queue)",
    "review_decision": "POST only: redirects to the review queue, or shows it again with its error (visited: "
                       "review_queue nothing-selected)",
    "lock_quarter": "POST only: redirects to the quarters page, or shows it again with its error",
    "reopen_quarter": "POST only: redirects to the quarters page, or shows it again with its error (visited: "
                      "quarters no-reason)",
    "publish_quarter": "POST only: redirects to the quarters page, or shows it again with its error (visited: "
                       "quarters early-committee-date)",
    "withdraw_publication": "POST only: redirects to the quarters page",
    "copy_targets": "POST only: redirects to the quarters page, or shows it again with its error",
    "record_change_of_process": "POST only: redirects to the indicator page, or shows it again with its error "
                                "(visited: indicator as the performance team)",
    "confirm_import": "POST only: shows the upload's status page (visited: upload_status)",
    "healthz": "the load balancer's plain-text answer, not a page",
    "open_data_quarter_csv": "a download (CSV, open data), not a page",
    "open_data_quarter_json": "a download (JSON, open data), not a page",
    "open_data_indicator_csv": "a download (CSV, open data), not a page",
    "open_data_indicator_json": "a download (JSON, open data), not a page",
    "plan_download": "a download (Excel), not a page",
    "tracker_download": "a download (Excel), not a page",
    "recommendation_progress": "POST only: redirects to the recommendation, or shows it again with its error "
                               "(visited: recommendation no-progress-text)",
}

# The states of the data set (council below).
PUBLISHED = "/scorecards/2016/q3/"  # Q1-Q3 2016/17 published, as the demo does; Q3 also locked
IN_PROGRESS = "/scorecards/2016/q4/"  # January 2017 begun: a few figures approved, not published
EMPTY = "/scorecards/2017/q1/"  # 2017/18: no figure at all
RETURNED_MONTH = "/entry/2017-01/"  # RENT returned to its officer with a reason
LOCKED_MONTH = "/entry/2016-12/"  # in Q3, locked
# With an address typed whole: a word wider than a phone, to wrap rather than widen the page.
RETURN_REASON = ("The figure does not match the rent ledger for January: please check the arrears against "
                 "https://intranet.thurrock.gov.uk/finance/rent-ledger/2017-01/arrears-reconciliation.xlsx")


@dataclass(frozen=True)
class Visit:
    name: str  # the URL's name in the URL conf (or "not_found")
    state: str
    role: str
    path: str
    act: object = None  # what the person does on the page to reach the state: act(page, council)
    wait_for: str = ""  # a selector shown once the page is ready
    extra: dict = field(default_factory=dict)


def _type_a_comma_decimal(page, council):
    page.locator('#row-RENT [name="RENT-value"]').fill("97,5")
    page.get_by_role("button", name="Check").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def _wrong_password(page, council):
    page.fill("input[name=username]", "olivia")
    page.fill("input[name=password]", "not-the-password")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page.locator(".govuk-error-summary, .errorlist, [role=alert]").first).to_be_visible()


def _approve_nothing(page, council):
    page.get_by_role("button", name=re.compile("^Approve")).click()
    expect(page.locator(".govuk-error-summary, [role=alert]").first).to_be_visible()


def _reopen_without_a_reason(page, council):
    page.get_by_role("button", name="Reopen Quarter 3 2016/17").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a reason for reopening the quarter")


def _publish_before_the_quarter_ends(page, council):
    page.get_by_label("Quarter to publish").select_option("2016-Q3")
    for box, value in (("Day", "1"), ("Month", "12"), ("Year", "2016")):
        page.get_by_label(box, exact=True).fill(value)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The committee date must be on or after")


def _upload_nothing(page, council):
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator(".govuk-error-summary, [role=alert]").first).to_be_visible()


def _upload(page, workbook):
    page.get_by_label("Workbook (.xlsx)").set_input_files(str(workbook))
    page.get_by_label("Import contract (Indicators, Targets, Readings … sheets)").check()
    page.get_by_role("button", name="Upload and check").click()


def _upload_into_a_locked_quarter(page, council):
    _upload(page, council["workbook"])
    expect(page.get_by_role("heading", level=1)).to_contain_text("cannot be imported")


def _upload_a_workbook(page, council):
    """Checked at once (no task worker in the tests): the dry run, then its own address."""
    _upload(page, council["january"])
    token = page.locator("input[name=token]").first.input_value()
    page.goto(f"/imports/{token}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import")


def _progress_without_text(page, council):
    for box, value in (("Day", "1"), ("Month", "1"), ("Year", "2017")):
        page.get_by_label(box, exact=True).fill(value)
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the progress")


def _add_a_taken_number(page, council):
    page.get_by_label("No.", exact=True).fill("1")
    page.get_by_role("button", name="Save recommendation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("No. 1 is already taken")


def _not_applicable_without_a_reason(page, council):
    page.get_by_label("Quarter", exact=True).select_option("2014-Q3")
    page.get_by_label("n/a: no status this quarter, the commentary says why").check()
    page.get_by_label("Commentary", exact=True).fill("")
    page.get_by_role("button", name="Save progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Commentary: say why the deliverable has no status this quarter")


def _record_a_change_without_a_reason(page, council):
    page.get_by_label("First month of the new process").select_option(index=1)
    page.get_by_role("button", name="Record change of process").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason the process changed")


CHART = ".js-plotly-plot .main-svg"
SPC_CHART = "[data-chart='spc-chart'] .main-svg"  # the indicator page's second chart, drawn after the first

VISITS = [
    Visit("home", "published", "anonymous", "/"),
    Visit("home", "councillor", "councillor", "/"),
    Visit("quarter_summary", "published", "anonymous", PUBLISHED, wait_for=CHART),
    Visit("quarter_summary", "in-progress", "anonymous", IN_PROGRESS),
    Visit("quarter_summary", "empty", "anonymous", EMPTY),
    Visit("quarter_summary", "drafts", "performance", IN_PROGRESS),
    Visit("scorecard_table", "published", "anonymous", PUBLISHED + "indicators/"),
    Visit("scorecard_table", "in-progress", "anonymous", IN_PROGRESS + "indicators/"),
    Visit("scorecard_table", "empty", "anonymous", EMPTY + "indicators/"),
    Visit("in_focus", "published", "anonymous", PUBLISHED + "focus/"),
    Visit("in_focus", "chooser", "performance", PUBLISHED + "focus/"),
    Visit("consistency_report", "published", "performance", PUBLISHED + "consistency/"),
    Visit("indicator_list", "all", "anonymous", "/indicators/"),
    Visit("indicator", "rent-2016", "anonymous", "/indicators/RENT/?year=2016", wait_for=SPC_CHART),
    Visit("indicator", "change-of-process-form", "performance", "/indicators/RENT/?year=2016", wait_for=CHART),
    Visit("indicator", "change-of-process-no-reason", "performance", "/indicators/RENT/?year=2016",
          act=_record_a_change_without_a_reason),
    Visit("portfolio_list", "all", "anonymous", "/portfolios/"),
    Visit("portfolio", "first", "anonymous", "/portfolios/{portfolio}/"),
    Visit("how_to_read", "page", "anonymous", "/help/how-to-read/"),
    Visit("open_data", "published", "anonymous", "/open-data/"),
    Visit("accessibility", "statement", "anonymous", "/accessibility/"),
    Visit("login", "form", "anonymous", "/accounts/login/"),
    Visit("login", "wrong-password", "anonymous", "/accounts/login/", act=_wrong_password),
    Visit("not_found", "page", "anonymous", "/no-such-page/"),
    Visit("my_data", "returned", "officer", "/entry/"),
    Visit("month_entry", "returned", "officer", RETURNED_MONTH),
    Visit("month_entry", "locked", "officer", LOCKED_MONTH),
    Visit("month_entry", "errors", "officer", RETURNED_MONTH, act=_type_a_comma_decimal),
    Visit("review_queue", "waiting", "performance", "/review/"),
    Visit("review_queue", "nothing-selected", "performance", "/review/", act=_approve_nothing),
    Visit("quarters", "locked", "performance", "/quarters/"),
    Visit("quarters", "no-reason", "performance", "/quarters/", act=_reopen_without_a_reason),
    Visit("quarters", "early-committee-date", "performance", "/quarters/", act=_publish_before_the_quarter_ends),
    Visit("upload_workbook", "form", "performance", "/imports/"),
    Visit("upload_workbook", "no-file", "performance", "/imports/", act=_upload_nothing),
    Visit("upload_workbook", "locked-quarter", "performance", "/imports/", act=_upload_into_a_locked_quarter),
    Visit("upload_status", "checked", "performance", "/imports/", act=_upload_a_workbook),
    # The corporate plan (issue 16): the 2014/15 mid-year report's, from load_corporate_plan; its Quarter 2
    # published, Olivia's Quarter 3 progress in progress.
    Visit("plan", "published", "anonymous", "/plan/"),
    Visit("plan", "in-progress", "officer", "/plan/"),
    Visit("plan_quarter", "not-published", "anonymous", "/plan/2014/q3/"),
    Visit("plan_quarter", "published", "councillor", "/plan/2014/q2/"),
    Visit("objective", "with-kpis", "anonymous", "/plan/2014/q2/objectives/{objective}/"),
    Visit("objective", "in-progress", "officer", "/plan/2014/q3/objectives/{objective}/"),
    Visit("deliverable", "public", "anonymous", "/plan/deliverables/33/"),
    Visit("deliverable", "lead", "officer", "/plan/deliverables/33/"),
    Visit("deliverable_progress", "form", "officer", "/plan/deliverables/33/progress/"),
    Visit("deliverable_progress", "errors", "officer", "/plan/deliverables/33/progress/",
          act=_not_applicable_without_a_reason),
    Visit("risk_register", "register", "anonymous", "/plan/risks/", wait_for=CHART),
    # The recommendations tracker (issue 16): the council's 14, from load_tracker.
    Visit("tracker", "all", "anonymous", "/scrutiny/"),
    Visit("tracker", "filtered-open", "anonymous", "/scrutiny/?status=open"),
    Visit("tracker", "manager", "scrutiny", "/scrutiny/"),
    Visit("tracker_overdue", "default", "anonymous", "/scrutiny/overdue/"),
    Visit("tracker_overdue", "bad-weeks", "anonymous", "/scrutiny/overdue/?weeks=0"),
    Visit("recommendation", "lists", "anonymous", "/scrutiny/recommendations/1/"),
    Visit("recommendation", "progress-form", "scrutiny", "/scrutiny/recommendations/2/"),
    Visit("recommendation", "no-progress-text", "scrutiny", "/scrutiny/recommendations/2/",
          act=_progress_without_text),
    Visit("recommendation_add", "form", "scrutiny", "/scrutiny/recommendations/new/"),
    Visit("recommendation_add", "taken-number", "scrutiny", "/scrutiny/recommendations/new/",
          act=_add_a_taken_number),
    Visit("recommendation_edit", "form", "performance", "/scrutiny/recommendations/3/edit/"),
]


def test_every_page_is_visited_or_excused():
    names = {name for name, _ in named_patterns()}
    visited = {visit.name for visit in VISITS} - {"not_found"}
    assert not visited & set(NOT_PAGES), "a page is both visited and excused"
    assert names == visited | set(NOT_PAGES), (
        f"not visited, nor excused in NOT_PAGES: {sorted(names - visited - set(NOT_PAGES))}; "
        f"no longer in the URL conf: {sorted((visited | set(NOT_PAGES)) - names)}")


def test_every_state_is_seen_at_both_widths_by_a_role_that_may_see_it():
    assert {visit.role for visit in VISITS} == set(ROLES)
    states = {visit.state for visit in VISITS}
    assert {"empty", "in-progress", "locked", "returned", "errors", "wrong-password", "nothing-selected",
            "no-file"} <= states  # and no figure at all: test_the_home_page_before_any_figure


@pytest.fixture
def council(tmp_path, settings):
    """Thurrock's 2016/17 demo with its Q1-Q3 published, Q3 locked; January 2017 begun: two
    figures approved (Q4 in progress), Housing's rent figure returned to its officer, and its
    satisfaction figure waiting for review, as of 1 February 2017. 2017/18 has no figure."""
    settings.KPI_AS_OF = date(2017, 2, 1)  # as the demo reads its 2016/17: January's figures are being entered
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    call_command("publish_quarter", *DEMO_PUBLISHED, stdout=io.StringIO())
    officer = make_user("olivia", "officer", ["AHH - Housing"])
    performance = make_user("pat", "performance")
    make_user("chris", "councillor")
    call_command("load_corporate_plan", stdout=io.StringIO())
    _plan_in_two_quarters(officer)
    make_user("sam", "scrutiny")
    call_command("load_tracker", stdout=io.StringIO())
    workflow.lock_quarter(performance, Quarter(2016, 3))
    january = date(2017, 1, 1)
    rent = Reading.objects.create(indicator=Indicator.objects.get(code="RENT"), month=january,
                                  value=Decimal("97.0"), state=Reading.State.SUBMITTED, updated_by=officer)
    workflow.return_to_officer(performance, [rent.pk], RETURN_REASON)
    Reading.objects.create(indicator=Indicator.objects.get(code="SAT"), month=january, value=Decimal("74"),
                           state=Reading.State.SUBMITTED, updated_by=officer,
                           submitted_commentary="Fewer complaints about repairs since the new contractor began.")
    others = Indicator.objects.exclude(code__in=["RENT", "SAT"]).filter(frequency="monthly").order_by("code")[:2]
    for indicator in others:
        Reading.objects.create(indicator=indicator, month=january, value=Decimal("50"),
                               state=Reading.State.APPROVED, updated_by=performance)
    return {"portfolio": Portfolio.objects.order_by("name").first().slug,
            "objective": Deliverable.objects.get(number=33).objective.slug,
            # Into Q3, locked: refused. January alone: changes to confirm.
            "workbook": write_workbook(tmp_path / "small.xlsx", small_council()),
            "january": write_workbook(tmp_path / "january.xlsx", january_only())}


def _plan_in_two_quarters(officer):
    """The plan's Quarter 2 2014/15 published (the demo's day: the report's committee date is not in
    the seed); deliverable 33 led by Olivia, with her Quarter 3 progress, not yet published."""
    call_command("publish_quarter", *PLAN_DEMO_PUBLISHED, stdout=io.StringIO())
    Deliverable.objects.filter(number=33).update(lead=officer)
    Progress.objects.create(deliverable=Deliverable.objects.get(number=33), year=2014, quarter=3, status="amber",
                            commentary="Six local jobs filled; the apprenticeships start in January.",
                            updated_by=officer)


def january_only():
    sheets = small_council()
    sheets["Readings"] = months("CTAX", "2017-01", [88.9]) + months("HOMES", "2017-01", [40])
    sheets.pop("Commentary", None)
    return sheets


# The elements sticking out of the window while their parent fits in it (what to fix), outside any
# container that scrolls or clips its own overflow.
STICKING_OUT = """() => {
  const width = window.innerWidth, found = [];
  const clipped = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (el.parentElement.getBoundingClientRect().right > width + 0.5 || clipped(el)) continue;
    const classes = el.classList.length ? "." + [...el.classList].join(".") : "";
    found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes} (${Math.round(box.width)} px wide` +
               ` from x=${Math.round(box.left)}): ${el.textContent.trim().slice(0, 40)}`);
  }
  // Text running past its own box (a long word that does not wrap).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(text);
    const box = range.getBoundingClientRect();
    const holder = text.parentElement;
    if (box.width === 0 || box.right <= width + 0.5 || clipped(holder)) continue;
    if (["hidden", "clip"].includes(getComputedStyle(holder).overflowX)) continue;  // visually hidden
    found.push(`text in ${holder.tagName.toLowerCase()}.${[...holder.classList].join(".")}` +
               ` to x=${Math.round(box.right)}: ${text.textContent.trim().slice(0, 60)}`);
  }
  return found.slice(0, 6);
}"""


def _fits_the_phone(page):
    sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], (f"scrolls sideways: {sizes[0]} px of content in a {sizes[1]} px window; "
                                  "sticking out: " + "; ".join(page.evaluate(STICKING_OUT)))


def _captions_in_view(page):
    """A wide table scrolls in its box; its caption is read whole without scrolling it."""
    past = page.evaluate("""() => [...document.querySelectorAll(".table-scroll caption")]
        .filter(caption => caption.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(caption => caption.textContent.trim())""")
    assert not past, f"captions running out of sight: {past}"


def _charts_fit_with_their_axis_titles(page):
    for chart in page.locator(".js-plotly-plot").all():
        expect(chart.locator(".main-svg").first).to_be_attached()
        box = chart.bounding_box()
        width = page.evaluate("window.innerWidth")
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"a chart is wider than the window: {box}"
        for axis in ("g-xtitle", "g-ytitle"):
            titles = chart.locator(f".{axis} text").all_text_contents()
            assert any(title.strip() for title in titles), f"a chart lost its {axis}"
        for title in chart.locator(".g-xtitle text, .g-ytitle text, .g-gtitle text").all():
            drawn = title.bounding_box()
            assert drawn["x"] >= box["x"] - 1 and drawn["x"] + drawn["width"] <= box["x"] + box["width"] + 1, (
                f"{title.text_content()!r} is cut off: drawn from x={drawn['x']:.0f} to "
                f"{drawn['x'] + drawn['width']:.0f}, the chart from {box['x']:.0f} to {box['x'] + box['width']:.0f}")


def _reached(page, visit, council):
    page.goto(visit.path.format(**council))
    if visit.act:
        visit.act(page, council)
    if visit.wait_for:
        expect(page.locator(visit.wait_for).first).to_be_visible()


FAILED = (AssertionError, PlaywrightError, pytest.fail.Exception)


def _checked(page, label, width, assert_accessible, screenshot) -> list[str]:
    """The page as it is now: screenshot, then every check, each problem in words."""
    screenshot(page, f"pages/{label}")
    problems = []
    # Charts are checked at both widths: a title comes on one line and is wrapped by the page's script.
    checks = [_fits_the_phone, _captions_in_view] if width == PHONE else []
    checks.append(_charts_fit_with_their_axis_titles)
    for check in [*checks, assert_accessible]:  # every check, whichever of them fails
        try:
            check(page)
        except FAILED as problem:
            problems.append(f"{label} ({page.url}): {problem}")
    return problems


# The public's and the councillors' pages are visited by tests/browser/test_every_page_read_only.py with
# this module's fixture and function: a file of their own runs on CI's other worker (--dist loadfile).
READ_ONLY_ROLES = ("anonymous", "councillor")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", [role for role in ROLES if role not in READ_ONLY_ROLES])
def test_every_page(browser, live_server, council, assert_accessible, screenshot, role, width):
    every_page(browser, live_server, council, assert_accessible, screenshot, role, width)


def every_page(browser, live_server, council, assert_accessible, screenshot, role, width):
    """Every visit of `role` at `width`, in one browser context; each problem named, none hiding another."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": width, "height": 900})
    context.set_default_timeout(5_000)
    page = context.new_page()
    if role != "anonymous":
        login_through_form(page, live_server, USERS[role], PASSWORD)
    problems = []
    for visit in [visit for visit in VISITS if visit.role == role]:
        label = f"{visit.name}-{visit.state}-{width}"
        try:
            _reached(page, visit, council)
        except FAILED as problem:
            problems.append(f"{label}: not reached: {problem}")
            screenshot(page, f"pages/{label}-not-reached")
            continue
        problems += _checked(page, label, width, assert_accessible, screenshot)
    context.close()
    assert not problems, f"{len(problems)} problem(s) as {role} at {width} px:\n" + "\n\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_home_page_before_any_figure(page, assert_accessible, screenshot, tmp_path, width):
    """A council that has set up its indicators and entered nothing yet: the indicators alone."""
    demo_indicators(tmp_path)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    problems = _checked(page, f"home-no-figures-{width}", width, assert_accessible, screenshot)
    assert not problems, "\n\n".join(problems)
