"""Every kind of page under the Content-Security-Policy in a real browser: Chromium reports each
thing the policy blocked (an inline script or style, eval, a foreign source) as a
securitypolicyviolation event and a console message, and any one of them fails the test.
The indicator page's Plotly chart is drawn, hovered and its mode bar shown; the month sheet's
script asks the server for statuses as the officer types."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from kpis.models import Indicator, Portfolio
from tests.datasets import DEMO
from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what the test wrote

# Runs in every page before its own scripts: keeps what the browser reports the policy blocked.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline") +
    " at " + event.sourceFile + ":" + event.lineNumber + " " + event.sample);
}, true);
"""


class Violations:
    """What the pages visited reported: securitypolicyviolation events, CSP console messages and
    script errors (a blocked eval surfaces as an EvalError), each with the page it came from."""

    def __init__(self, page):
        self.page = page
        self.found = []
        page.add_init_script(COLLECT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.found.append(f"{page.url}: script error: {error}"))

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.found.append(f"{self.page.url}: console: {message.text}")

    def visit(self, path):
        response = self.page.goto(path)
        assert response.ok, f"{path} answered {response.status}"
        assert "'self'" in response.headers.get("content-security-policy", ""), f"{path} has no policy"
        return response

    def collect(self):
        """The events of the page now open (call before leaving it)."""
        for event in self.page.evaluate("window.__cspViolations || []"):
            self.found.append(f"{self.page.url}: {event}")


@pytest.fixture
def violations(page):
    return Violations(page)


def test_the_collector_reports_a_violation(page, violations):
    """The check can fail: an inline style set on the login page is reported."""
    violations.visit("/accounts/login/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)  # the event is queued as a task
    violations.collect()
    assert any("style-src" in found for found in violations.found), violations.found


def test_no_page_breaks_the_content_security_policy(page, live_server, login, violations):
    call_command("import_workbook", str(DEMO), stdout=io.StringIO())
    make_user("olivia", "officer", ["AHH - Housing"])
    make_user("pat", "performance")
    portfolio = Portfolio.objects.order_by("name").first()
    indicator = Indicator.objects.get(code="RENT")

    def visit(path):
        violations.visit(path)
        violations.collect()

    violations.visit("/accounts/login/")
    violations.collect()
    for path in ["/", "/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/?section=failing",
                 "/scorecards/2016/q3/focus/", f"/portfolios/{portfolio.slug}/"]:
        visit(path)
    violations.visit("/indicators/RENT/?year=2016")
    chart = page.locator("[data-chart=indicator-chart]")  # the trend chart (the XmR chart is below it)
    expect(chart.locator(".main-svg").first).to_be_visible()  # plotly.js has drawn it
    chart.hover()  # the mode bar and a hover label are drawn
    expect(chart.locator(".modebar")).to_be_attached()
    box = chart.locator(".nsewdrag").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    with page.expect_download() as download:  # the mode bar's camera draws the chart into a PNG
        chart.locator(".modebar-btn[data-title*='PNG']").click()
    assert download.value.suggested_filename.endswith(".png")
    violations.collect()

    login(page, live_server, "olivia", PASSWORD)
    violations.visit("/entry/2017-01/")
    page.locator('#row-RENT [name="RENT-value"]').fill("97.5")
    expect(page.locator('#row-RENT [data-status="quarter"]')).to_contain_text("Failed")  # entry.js fetched it
    violations.collect()
    page.get_by_role("button", name="Sign out").click()

    login(page, live_server, "pat", PASSWORD)
    for path in ["/review/", "/quarters/", "/imports/", "/indicators/RENT/?year=2016", "/admin/",
                 "/admin/kpis/indicator/", f"/admin/kpis/indicator/{indicator.pk}/change/",
                 "/admin/auth/user/add/"]:
        visit(path)

    assert not violations.found, "Content-Security-Policy violations:\n" + "\n".join(violations.found)


def test_our_404_page_is_inside_the_policy(page, violations):
    """templates/404.html, as the live server (DEBUG off) answers an unknown address."""
    response = page.goto("/no-such-page/")
    assert response.status == 404 and "'self'" in response.headers.get("content-security-policy", "")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator(".govuk-footer")).to_have_css("border-top-width", "10px")  # GOV.UK Frontend's stylesheet loaded
    violations.collect()
    assert violations.found == []
