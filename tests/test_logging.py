"""Logs: one JSON line a request on stdout, errors with their traceback, nothing personal
(thurrock_kpi/logs.py, settings.LOGGING). Read from the handler settings.LOGGING configures."""

import io
import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from tests.people import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def fails(request):
    raise RuntimeError("the scorecard could not be drawn")


def works(request):
    return HttpResponse("ok")


# This module's own URL conf (pytest.mark.urls): a view that fails, and one that works.
urlpatterns = [path("fails/", fails), path("works/", works)]


@pytest.fixture
def analyst(db):
    """The performance team, under a username no log line could hold by chance."""
    return make_user("quentin.analyst", "performance")


@pytest.fixture
def log_lines():
    """What the configured stdout handler writes during the test, as parsed JSON lines."""
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "name", None) == "stdout")
    written = io.StringIO()
    original = handler.setStream(written)

    def lines():
        return [json.loads(line) for line in written.getvalue().splitlines()]

    lines.text = written.getvalue
    yield lines
    handler.setStream(original)


def test_a_request_writes_one_line_with_who_what_and_how_long(client, analyst, log_lines):
    client.force_login(analyst)
    response = client.get("/?year=2016&search=Olivia+Smith")
    assert response.status_code == 200

    [line] = [line for line in log_lines() if line["logger"] == "thurrock_kpi.requests"]
    assert line["method"] == "GET"
    assert line["path"] == "/"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["user_id"] == analyst.pk
    assert line["query"] == ["search", "year"]  # the names only
    assert "Olivia" not in log_lines.text() and analyst.username not in log_lines.text()


def test_an_anonymous_request_has_no_user(client, log_lines):
    client.get("/accounts/login/")
    [line] = [line for line in log_lines() if line["logger"] == "thurrock_kpi.requests"]
    assert line["user_id"] is None
    assert line["status"] == 200


@pytest.mark.urls(__name__)
def test_an_error_writes_its_traceback_as_json(log_lines):
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500

    lines = log_lines()
    [error] = [line for line in lines if line["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["path"] == "/fails/"
    assert error["traceback"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: the scorecard could not be drawn" in error["traceback"]
    assert "in fails" in error["traceback"]
    [request] = [line for line in lines if line["logger"] == "thurrock_kpi.requests"]
    assert (request["status"], request["level"]) == (500, "ERROR")


@pytest.mark.urls(__name__)
def test_a_request_that_works_writes_no_error(client, log_lines):
    client.get("/works/")
    assert [line["level"] for line in log_lines()] == ["INFO"]


def test_a_failed_log_in_logs_neither_the_password_nor_the_username(client, analyst, log_lines, settings):
    settings.AXES_FAILURE_LIMIT = 2
    typed = "wrong-Password-1234"
    for _ in range(3):  # a failure, then the lock-out, then a refusal while locked out
        client.post("/accounts/login/", {"username": analyst.username, "password": typed})
    client.post("/accounts/login/", {"username": analyst.username, "password": PASSWORD})

    text = log_lines.text()
    assert "AXES: Locking out" in text  # axes's own warnings are written ...
    assert typed not in text and PASSWORD not in text  # ... and no password anywhere
    assert analyst.username not in text  # axes masks it (AXES_SENSITIVE_PARAMETERS); the request line has none
    assert all(line["path"] == "/accounts/login/" for line in log_lines() if line["logger"] == "thurrock_kpi.requests")
