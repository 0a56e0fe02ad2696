"""The security headers of every kind of page, through Django's test client: the
Content-Security-Policy (settings.CONTENT_SECURITY_POLICY, django-csp) with nothing inline and no
eval, no framing, no sniffing, and the referrer kept to our own site. tests/browser/test_csp.py
checks that the pages keep to the policy."""

import pytest

from tests.people import make_user

PUBLIC = ["/", "/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/", "/indicators/RENT/?year=2016",
          "/scorecards/2016/q3/focus/", "/accounts/login/", "/admin/login/", "/healthz", "/no-such-page/"]
PERFORMANCE_TEAM = ["/review/", "/quarters/", "/imports/", "/entry/2017-01/", "/admin/", "/admin/kpis/indicator/"]

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "blob:"],  # blob: for plotly.js's "Download plot as a PNG"
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in parts}


def assert_secure_headers(response):
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header and "unsafe-hashes" not in header
    assert directives(header) == POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PUBLIC)
def test_a_public_page_has_the_policy_and_headers(client, thurrock, path):
    response = client.get(path)
    assert response.status_code == (404 if path == "/no-such-page/" else 200)
    assert_secure_headers(response)


@pytest.mark.parametrize("path", PERFORMANCE_TEAM)
def test_a_signed_in_page_has_the_policy_and_headers(client, thurrock, path):
    client.force_login(make_user("pat", "performance"))
    response = client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response)


def test_a_refused_log_in_has_them_too(client, db):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 200  # the form again, with its error
    assert_secure_headers(response)


def test_a_refused_form_gets_our_page_with_nothing_inline_for_the_policy_to_block(db):
    """Django's own CSRF failure page carries an inline <style> the Content-Security-Policy blocks."""
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    page = response.content.decode()
    assert response.status_code == 403 and "The form had expired" in page and "Nothing was saved" in page
    assert "<style" not in page and " style=" not in page and "Content-Security-Policy" in response.headers
