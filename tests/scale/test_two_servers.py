"""Two app servers, one database (issue 14, item 4): nothing a person does is kept in one server's
process or on its disk. Two gunicorn servers on two loopback ports against one PostgreSQL (a cluster
of the tests' own, holding Thurrock's demo); one visitor, whose cookies go to both (a cookie names
the host, not the port), as a load balancer sends one person's requests to either. Run with the
database as cache and session store (the default), then with Redis (db 13) when it answers."""

import io
import os
import secrets
import subprocess
import sys
import urllib.request

import pytest
from openpyxl import load_workbook

from fixtures.thurrock_2016_17 import WORKBOOK
from tests.faults.month_sheet import TYPED, URL, housing_figures, save_month
from tests.faults.prepare_database import OFFICER
from tests.faults.private_postgres import REPO
from tests.faults.servers import Page, Visitor
from tests.people import PASSWORD

REDIS = "redis://127.0.0.1:6379/13"


def redis_answers() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["database", "redis"])
def stores(request, monkeypatch):
    """Where the servers keep their cache and sessions: the database, or Redis (REDIS_URL)."""
    if request.param == "redis":
        if not redis_answers():
            pytest.skip(f"Redis does not answer at {REDIS}")
        import redis

        redis.Redis.from_url(REDIS).flushdb()
        monkeypatch.setenv("REDIS_URL", REDIS)
    else:
        monkeypatch.delenv("REDIS_URL", raising=False)
    return request.param


@pytest.fixture
def two_servers(private_postgres, cluster_database, serve, stores):
    url = private_postgres.url(cluster_database)
    make_performance_member(url)
    return serve(url), serve(url), private_postgres.connect(cluster_database)


def make_performance_member(database_url):
    code = "import django; django.setup(); from tests.people import make_user; make_user('pat', 'performance')"
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "thurrock_kpi.settings",
           "DEBUG": "True"}
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True, capture_output=True, timeout=120)


def on(visitor: Visitor, server) -> Visitor:
    """The same visitor, cookies and all, now sent to `server`."""
    visitor.base_url = server.url
    return visitor


def post_file(visitor: Visitor, path: str, fields: dict[str, str], name: str, content: bytes) -> Page:
    """A multipart form post, as a browser sends a file input."""
    boundary = secrets.token_hex(16)
    body = io.BytesIO()
    for field, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"\r\n\r\n{value}\r\n'.encode())
    body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="workbook"; filename="{name}"\r\n'
               "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode())
    body.write(content + f"\r\n--{boundary}--\r\n".encode())
    request = urllib.request.Request(visitor.base_url + path, data=body.getvalue(), method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    return visitor._open(request, 120)


def the_demo_with_one_reading_changed() -> tuple[bytes, str]:
    """Thurrock's workbook, its first reading's value changed: one change to confirm."""
    workbook = load_workbook(WORKBOOK)
    sheet = workbook["Readings"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("value") + 1)
    code = sheet.cell(row=2, column=header.index("code") + 1).value
    cell.value = float(cell.value) + 1.5
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), code


def test_a_session_an_upload_and_a_figure_pass_from_one_server_to_the_other(two_servers, stores):
    a, b, connection = two_servers
    visitor = Visitor(a.url)

    # Signed in on A; B knows the session.
    on(visitor, a).sign_in(OFFICER, PASSWORD)
    page = on(visitor, b).get(URL)
    assert page.status == 200 and "/accounts/login/" not in page.url, (page.status, page.url)

    # A figure saved on A is read on B.
    code, unit = next(iter(housing_figures(connection).items()))
    saved = save_month(on(visitor, a), {code: unit}, 1, "Saved on server A.")
    assert saved.status == 200 and saved.url.endswith(URL), saved.text[:2000]
    assert on(visitor, b).get(URL).form(f"{code}-value")[f"{code}-value"] == TYPED[unit][1]

    # Uploaded (and checked) on A, confirmed on B.
    team = Visitor(a.url)
    team.sign_in("pat", PASSWORD)
    content, changed = the_demo_with_one_reading_changed()
    form = team.get("/imports/").form("csrfmiddlewaretoken")
    preview = post_file(team, "/imports/", {"csrfmiddlewaretoken": form["csrfmiddlewaretoken"], "layout": "contract",
                                            "reopen": ""}, "changed.xlsx", content)
    assert "Check the import of changed.xlsx" in preview.text, preview.text[:3000]
    assert "1 change" in preview.text
    confirmed = on(team, b).post("/imports/confirm/", {**preview.form("token"), "action": "confirm"})
    assert confirmed.url.endswith("/imports/"), confirmed.text[:3000]
    assert "changed.xlsx imported: 1 change written." in confirmed.text
    history = connection.execute(
        "SELECT count(*) FROM kpis_historicalreading h JOIN kpis_indicator i ON i.id = h.indicator_id "
        "WHERE i.code = %s AND h.history_change_reason = 'upload changed.xlsx'", (changed,)).fetchone()[0]
    assert history == 1
    assert connection.execute("SELECT count(*) FROM kpis_pendingupload").fetchone()[0] == 0  # nothing left behind

    # The scorecard computed on A is the one B serves: one cache for both (a row of kpi_cache, or a Redis key).
    def cached() -> int:
        if stores == "redis":
            import redis

            return redis.Redis.from_url(REDIS).dbsize()
        return connection.execute("SELECT count(*) FROM kpi_cache").fetchone()[0]

    before = cached()
    assert on(visitor, a).get("/").status == 200
    after_a = cached()
    assert after_a > before
    assert on(visitor, b).get("/").status == 200
    assert cached() == after_a
