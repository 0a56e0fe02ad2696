"""GET /healthz (thurrock_kpi/health.py): 200 when the database and Redis answer, 503 naming what
failed; never cached, no log-in, never throttled."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.faults.private_postgres import REPO, spare_port
from tests.faults.waiting import wait_until
from tests.people import make_user

pytestmark = pytest.mark.django_db

REDIS = "django.core.cache.backends.redis.RedisCache"


def test_it_answers_200_on_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"]["database"] == "ok"  # and "redis" too where the suite runs with REDIS_URL


def test_it_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_it_checks_redis_when_the_cache_is_on_redis(client, settings):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": "redis://127.0.0.1:6379/12"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok"}


def test_it_answers_503_when_redis_is_unreachable(client, settings):
    settings.CACHES = {"default": {"BACKEND": REDIS, "LOCATION": f"redis://127.0.0.1:{spare_port()}/12"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "failing", "checks": {"database": "ok", "redis": "failed: ConnectionError"}}


def test_it_needs_no_log_in_and_a_locked_out_address_still_gets_it(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    make_user("olivia", "officer")
    for _ in range(3):
        client.post("/accounts/login/", {"username": "olivia", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "olivia", "password": "wrong"}).status_code == 429
    assert client.get("/healthz").status_code == 200


def test_it_answers_503_when_the_database_is_unreachable(tmp_path):
    """The app as production runs it (gunicorn), its DATABASE_URL a port nobody listens on."""
    port = spare_port()
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{spare_port()}/nothing", "DEBUG": "False",
           "ALLOWED_HOSTS": "127.0.0.1", "SECRET_KEY": "health-test-secret-key-" + "x" * 40, "REDIS_URL": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # wsgi.py names the product's own
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "thurrock_kpi.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        def answer():
            assert server.poll() is None, f"gunicorn exited:\n{log.read_text()}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                    return response.status, json.load(response)
            except urllib.error.HTTPError as error:
                return error.code, json.load(error)
            except OSError:
                return None

        status, body = wait_until(answer, timeout=60, what="gunicorn to answer", interval=0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status == 503
    assert body == {"status": "failing", "checks": {"database": "failed: OperationalError"}}
    assert "health check database failed" in log.read_text()  # the details go to the log


def test_a_load_balancer_probing_over_plain_http_gets_the_check_not_a_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301  # every page goes to https
    assert client.get("/healthz").status_code == 200
