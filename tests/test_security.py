"""Behind the council's TLS proxy: forms pass CSRF, failed log-ins are counted per client, sessions
end after inactivity, and passwords follow Django's rules. Through Django's test client, with the
settings production gets from the environment (tests/test_settings.py shows that mapping)."""

import time

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from tests.people import PASSWORD, make_user

HOST = "kpi.example.gov.uk"
BEHIND_THE_PROXY = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": f"https://{HOST}"}


def log_in(client, username, password, **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


@pytest.mark.parametrize("proxy_configured, status", [
    (True, 302),  # signed in: the request is HTTPS, and its Origin is trusted
    (False, 403),  # an https:// Origin on what looks like plain HTTP is refused
], ids=["proxy header and trusted origin", "neither"])
def test_a_form_posted_through_the_tls_proxy_passes_csrf(settings, officer, proxy_configured, status):
    settings.ALLOWED_HOSTS = [HOST]
    if proxy_configured:
        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        settings.CSRF_TRUSTED_ORIGINS = [f"https://{HOST}"]
    browser = Client(enforce_csrf_checks=True, HTTP_HOST=HOST)
    assert browser.get("/accounts/login/", **BEHIND_THE_PROXY).status_code == 200
    token = browser.cookies["csrftoken"].value
    response = browser.post("/accounts/login/", {"username": "olivia", "password": PASSWORD,
                                                 "csrfmiddlewaretoken": token}, **BEHIND_THE_PROXY)
    assert response.status_code == status
    assert ("_auth_user_id" in browser.session) is proxy_configured


def test_failed_log_ins_behind_the_proxy_lock_out_each_client_alone(settings, officer):
    """AXES_IPWARE_PROXY_COUNT=0 (README "Production"): both come from the proxy's address."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    guesser, officer_at_her_desk = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "olivia", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(guesser, "olivia", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    assert log_in(officer_at_her_desk, "olivia", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.20").status_code == 302
    assert "_auth_user_id" in officer_at_her_desk.session


def test_a_forwarded_for_header_a_client_wrote_itself_is_not_believed(settings, officer):
    """The proxy replaces X-Forwarded-For: one naming two addresses was not set by it, so the
    guesser cannot pick a new address for each try; it is counted at the proxy's address."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    guesser = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "olivia", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, 198.51.100.7")
    assert log_in(guesser, "olivia", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.7").status_code == 429


def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_address(settings, officer):
    """Why the setting matters: unset, the forwarded address is ignored (a client could write it)."""
    assert settings.AXES_IPWARE_META_PRECEDENCE_ORDER == ["REMOTE_ADDR"]
    guesser, officer_at_her_desk = Client(), Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "olivia", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert log_in(officer_at_her_desk, "olivia", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.20").status_code == 429


def test_a_session_ends_after_inactivity_not_while_in_use(settings, client, officer):
    settings.SESSION_COOKIE_AGE = 2  # seconds here; 2 hours by default
    response = log_in(client, "olivia", PASSWORD)
    assert response.cookies["sessionid"]["max-age"] == 2
    for _ in range(2):  # 3 s of work in all, each request within 2 s of the one before
        time.sleep(1.5)
        assert client.get("/entry/").status_code == 200  # her months
    time.sleep(2.5)
    assert client.get("/entry/")["Location"].startswith("/accounts/login/")


def test_a_session_in_use_is_saved_again_now_and_then_not_on_every_request(client, officer):
    log_in(client, "olivia", PASSWORD)
    assert "sessionid" in client.get("/entry/").cookies  # saved again once signed in: a fresh expiry
    assert "sessionid" not in client.get("/entry/").cookies  # not again within 6 minutes of 2 hours


def test_a_visitor_without_a_session_is_given_none(client, db):
    assert "sessionid" not in client.get("/accounts/login/").cookies
    client.cookies["sessionid"] = "a-session-that-has-ended"
    assert client.get("/accounts/login/").cookies["sessionid"].value == ""  # Django's: the cookie deleted
    assert not Session.objects.exists()


ADD_USER = "/admin/auth/user/add/"
NO_PROFILE = {"profile-TOTAL_FORMS": "0", "profile-INITIAL_FORMS": "0"}  # the admin's inline, left empty


@pytest.mark.parametrize("password, problem", [
    ("Thurrock1", "This password is too short. It must contain at least 12 characters."),
    ("password1234", "This password is too common."),
    ("201620172018", "This password is entirely numeric."),
    ("newofficer-kpi", "The password is too similar to the username."),
])
def test_the_admin_refuses_a_weak_password_and_creates_no_one(client, performance, password, problem):
    client.force_login(performance)
    response = client.post(ADD_USER, {"username": "newofficer", "usable_password": "true",
                                      "password1": password, "password2": password, **NO_PROFILE})
    assert response.status_code == 200
    assert problem in response.content.decode()
    assert not User.objects.filter(username="newofficer").exists()


def test_the_admin_creates_a_user_with_a_strong_password(client, performance):
    client.force_login(performance)
    password = "refuse-collected-on-tuesdays"
    response = client.post(ADD_USER, {"username": "newofficer", "usable_password": "true",
                                      "password1": password, "password2": password, **NO_PROFILE})
    assert response.status_code == 302
    assert User.objects.get(username="newofficer").check_password(password)


def test_changing_a_password_in_the_admin_follows_the_same_rules(client, performance):
    person = make_user("newofficer", "officer", ["AHH - Housing"])
    client.force_login(performance)
    page = f"/admin/auth/user/{person.pk}/password/"
    response = client.post(page, {"password1": "short", "password2": "short"})
    assert "This password is too short." in response.content.decode()
    person.refresh_from_db()
    assert person.check_password(PASSWORD)
