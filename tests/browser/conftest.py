"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Fixtures a test asks for by name:
    page                                  a fresh context and page, based at live_server.url
    assert_accessible(page)               axe-core, WCAG 2.2 A/AA, no rule disabled
    screenshot(page, name)                test-artifacts/<name>.png, kept by CI
    login(page, live_server, username, password)   signs in through /accounts/login/
    artifacts                             the test-artifacts/ folder, for PDFs and the like
Every test in this folder is marked `browser`: `pytest -m "not browser"` leaves them out.
"""

import os
from importlib import resources
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

# Playwright's own browser download does not work here; Debian's Chromium is used instead.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"  # git-ignored, uploaded by CI
AXE_SCRIPT = resources.files("axe_playwright_python").joinpath("axe.min.js")  # vendored axe-core
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run."""
    # Playwright's sync API keeps its asyncio loop marked as running in this thread, so every
    # ORM call made by a test (or by any test after this one) would raise Django's
    # SynchronousOnlyOperation. Nothing here is really async: the loop only waits on Chromium
    # while a Playwright call is in progress, never while the ORM runs.
    allowed_before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if allowed_before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = allowed_before


@pytest.fixture
def page(browser, live_server):
    """A new context (no cookies, no storage) per test; page.goto("/") opens the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 800})
    context.set_default_timeout(5_000)  # a missing element fails in seconds, not Playwright's 30
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def screenshot(artifacts):
    def screenshot(page, name):
        path = artifacts / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot


@pytest.fixture
def assert_accessible():
    return assert_accessible_page


def assert_accessible_page(page):
    """Fails listing every axe-core violation of WCAG 2.0/2.1/2.2 A and AA on the page as it is now."""
    # Evaluated through the DevTools protocol, as a console would: the page's Content-Security-Policy
    # refuses the inline <script> that add_script_tag would write.
    page.evaluate(AXE_SCRIPT.read_text())
    # Every rule of the tags still runs on every element; resultTypes only spares axe listing each
    # element that passed, and the page sends back the violations alone: a large page's check
    # took twice as long building and sending the passes.
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(result => result.violations)", WCAG_TAGS
    )
    if violations:
        pytest.fail(f"{len(violations)} accessibility violation(s) on {page.url}:\n" + violation_list(violations))


def violation_list(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(str(part) for part in node['target'])}")
    return "\n".join(lines)


@pytest.fixture
def login():
    return login_through_form


def login_through_form(page, live_server, username, password):
    """Signs in as a person would, through Django's log-in form."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form:has(input[name=password]) button[type=submit]")
