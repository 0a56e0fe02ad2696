"""Redis stopped or unreachable (thurrock_kpi/cache.py): every page is still served, computed
without the cache, and people stay signed in (sessions are read from the database); /healthz
says Redis is failing. Against a real Redis client pointed at a port nobody listens on."""

import pytest

from tests.faults.private_postgres import spare_port
from tests.month_sheet import URL

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "thurrock_kpi.cache.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{spare_port()}/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def test_pages_are_served_and_people_stay_signed_in_while_redis_is_down(client, officer, housing, redis_down):
    for url in ("/", "/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/", "/indicators/BINS/?year=2016"):
        assert client.get(url).status_code == 200, url
    client.force_login(officer)
    page = client.get(URL)
    assert page.status_code == 200 and 'name="BINS-value"' in page.content.decode()
    saved = client.post(URL, {"action": "save", "HOMES-value": "31"})
    assert saved.status_code == 302 and client.get(URL).context["user"] == officer


def test_the_health_check_still_says_redis_is_failing(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "failed: ConnectionError"}
