"""Faults that need a PostgreSQL server of the tests' own (tests/faults/private_postgres.py): the
database restarted or stopped under a running app, and a server process killed in the middle of
a save. They share one module so that one cluster serves them (`--dist loadfile` keeps a module on
one worker; creating and migrating a cluster takes some ten seconds).

They run in the PostgreSQL pass of CI (DATABASE_URL=postgres://...) and are skipped in the SQLite
pass: they never use the pass's database, so running them twice would test the same thing twice.

Restarted or stopped: while PostgreSQL is away each request answers 503 "the service cannot reach
its database" (thurrock_kpi/middleware.py), never a 500; once it is back every request succeeds,
with no restart of the app. gunicorn's two sync workers each keep their connection between
requests (CONN_MAX_AGE=60), so after a restart each holds a connection the server has closed:
CONN_HEALTH_CHECKS (thurrock_kpi/settings.py) replaces it before a request uses it; without it
the first request after the restart fails. (A request that fails while the server is away has
its worker's connection dropped already, so the restart with no request under way is what tests
this. Without gunicorn, runserver opens a connection per HTTP connection: nothing goes stale.)

Killed mid-save: a server process killed while it saves a month sheet leaves every figure as it
was or as it was sent, never half, and no history row for a write that did not land. The test
holds the commentary table, so the save (kpis.services.workflow.save_month: the figures, their
history, then the quarter's commentary, in one transaction) stops inside its transaction with
every figure and history row written but not committed; the test SIGKILLs the server's worker
there, and checks afterwards that the save had written them."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from tests.faults.contents import differences, postgres_contents
from tests.faults.month_sheet import (
    TYPED,
    URL,
    figure_history,
    housing_figures,
    quarter_words,
    save_month,
    stored_figures,
)
from tests.faults.prepare_database import OFFICER
from tests.faults.private_postgres import backends, new_database, tables_written_by
from tests.faults.servers import GUNICORN, Server, Visitor
from tests.faults.waiting import wait_until
from tests.people import PASSWORD

PAGES = ["/", "/scorecards/2016/q3/", "/scorecards/2016/q3/indicators/", "/indicators/RENT/?year=2016",
         "/portfolios/education-and-health/", URL]
WORKERS = 2


@dataclass(frozen=True)
class Answer:
    path: str
    started: float
    ended: float
    status: int  # 0: no answer at all (the app itself failed)
    text: str = ""


def read_pages(visitor: Visitor, answers: list, stop: threading.Event):
    """Open the pages one after another, as a person clicking through, until told to stop."""
    while not stop.is_set():
        for path in PAGES:
            started = time.monotonic()
            try:
                page = visitor.get(path, timeout=120)
                answers.append(Answer(path, started, time.monotonic(), page.status,
                                      page.text if page.status != 200 else ""))
            except OSError as error:
                answers.append(Answer(path, started, time.monotonic(), 0, repr(error)))


def officer_on(server) -> Visitor:
    officer = Visitor(server.url)
    officer.sign_in(OFFICER, PASSWORD)
    return officer


@pytest.fixture(scope="module")
def app(private_postgres):
    """The demo served by gunicorn's workers, each keeping its connection; (server, database name)."""
    database = new_database(private_postgres, "faults_restart")
    server = Server(private_postgres.url(database), workers=WORKERS, conn_max_age=60)
    try:
        yield server.start(), database
    finally:
        server.remove()


def connect_every_worker(server, cluster, database):
    """Requests two at a time (a busy sync worker takes no other) until each worker holds its connection."""
    visitors = [Visitor(server.url) for _ in range(WORKERS)]

    def all_connected():
        with ThreadPoolExecutor(WORKERS) as pool:
            assert {p.status for p in pool.map(lambda v: v.get(PAGES[2]), visitors)} == {200}
        with cluster.connect(database) as watcher:
            return len(backends(watcher, database)) >= WORKERS
    wait_until(all_connected, timeout=180, what="each worker to connect", interval=0)


@pytest.mark.skipif(not GUNICORN, reason="runserver keeps no connection between HTTP connections")
def test_connections_kept_across_a_restart_are_replaced_before_a_request_uses_them(private_postgres, app):
    server, database = app
    workers = server.worker_pids()
    connect_every_worker(server, private_postgres, database)
    private_postgres.restart()  # no request under way: each worker's connection is now closed, unnoticed
    visitor = Visitor(server.url)
    after = [visitor.get(path) for path in PAGES[:-1] * WORKERS]
    assert [a.status for a in after] == [200] * len(after), [a.text[:300] for a in after if a.status != 200]
    assert server.process.poll() is None and server.worker_pids() == workers


def test_requests_during_a_restart_fail_with_503_and_all_succeed_once_it_is_back(private_postgres, app):
    server, _ = app
    workers = server.worker_pids()
    readers = [Visitor(server.url), officer_on(server)]
    answers = [[] for _ in readers]
    stop = threading.Event()
    threads = [threading.Thread(target=read_pages, args=(visitor, kept, stop), daemon=True)
               for visitor, kept in zip(readers, answers, strict=True)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: all(len(kept) >= len(PAGES) for kept in answers), timeout=180,
                   what="each reader to open every page once")
        down = time.monotonic()
        private_postgres.restart()
        back = time.monotonic()
        wait_until(lambda: all(sum(a.started > back for a in kept) >= 2 * len(PAGES) for kept in answers),
                   timeout=180, what="each reader to open every page twice after the restart")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=180)
    everything = [answer for kept in answers for answer in kept]
    failed = [a for a in everything if a.status != 200]

    assert {a.status for a in failed} <= {503}, [(a.path, a.status, a.text[:300]) for a in failed if a.status != 503]
    assert all("cannot reach its database" in a.text for a in failed)
    # Only requests under way while PostgreSQL was away failed; none of those begun after it was back.
    assert [(a.path, round(a.started - back, 2)) for a in failed if not (a.started < back and a.ended > down)] == []
    assert sum(a.started > back for a in everything) >= 2 * len(PAGES) * len(readers)
    assert server.process.poll() is None and server.worker_pids() == workers  # the app was not restarted


def test_a_stopped_database_answers_503_saying_so_then_the_app_carries_on_when_it_is_back(private_postgres, app):
    server, database = app
    workers = server.worker_pids()
    officer = officer_on(server)
    with private_postgres.connect(database) as connection:
        code = next(iter(housing_figures(connection)))
    for path in PAGES * WORKERS:  # every worker holds a connection
        assert officer.get(path).status == 200
    form = officer.get(URL).form(f"{code}-value")

    private_postgres.stop()
    try:
        page = Visitor(server.url).get("/")
        saving = officer.post(URL, {**form, f"{code}-value": "50", f"{code}-confirm": "on", "action": "save"})
    finally:
        private_postgres.start()

    for answer in (page, saving):
        assert answer.status == 503, answer.text[:3000]
        assert "The service cannot reach its database" in answer.text
        assert int(answer.headers["Retry-After"]) > 0
        assert "Skip to main content" in answer.text  # the site's own page, not a bare error
    assert "Nothing was saved" in saving.text
    assert "Nothing was saved" not in page.text

    after = [officer.get(path) for path in PAGES * WORKERS]
    assert [a.status for a in after] == [200] * len(after), [a.text[:500] for a in after if a.status != 200]
    assert server.process.poll() is None and server.worker_pids() == workers


# --- a server killed in the middle of a save ---------------------------------------------


OLD_WORDS = "Demand rose in the cold snap; extra crews from February."
NEW_WORDS = "Back on track: the extra crews cleared the backlog."


def test_a_save_killed_inside_its_transaction_leaves_the_old_figures_and_their_history(
        private_postgres, cluster_database, serve):
    server = serve(private_postgres.url(cluster_database), workers=1)
    officer = Visitor(server.url)
    officer.sign_in(OFFICER, PASSWORD)
    with private_postgres.connect(cluster_database) as watcher:
        units = housing_figures(watcher)
        assert len(units) >= 3, units
        saved = save_month(officer, units, 0, OLD_WORDS)
        assert saved.status == 200 and "saved as draft" in saved.text, saved.text[:2000]
        old = {code: (TYPED[unit][0], 1, "draft") for code, unit in units.items()}
        assert stored_figures(watcher, units) == old
        before = postgres_contents(watcher)

        with private_postgres.connect(cluster_database, autocommit=False) as holder:
            holder.execute("LOCK TABLE kpis_commentary IN SHARE MODE")  # readers pass, writers wait
            answers = []
            saving = threading.Thread(target=_post_new_figures, args=(officer, units, answers), daemon=True)
            saving.start()

            def save_waits():
                assert saving.is_alive(), f"the save ended without waiting: {_shown(answers)}"
                return [b for b in backends(watcher, cluster_database) if b["wait_event_type"] == "Lock"]

            waiting = wait_until(save_waits, timeout=120, what="the save to wait for the commentary table")
            pid, query = waiting[0]["pid"], waiting[0]["query"]
            written = tables_written_by(watcher, pid) if waiting[0]["wrote"] else set()

            server.kill_workers()
            saving.join(timeout=120)
            assert not saving.is_alive() and answers and isinstance(answers[0], OSError), answers
            holder.rollback()
        wait_until(lambda: pid not in {b["pid"] for b in backends(watcher, cluster_database)}, timeout=120,
                   what="PostgreSQL to end the killed server's session")

        assert differences(before, postgres_contents(watcher)) == []
        # It was killed inside its one transaction, the new figures and their history written, not committed.
        assert "kpis_commentary" in query
        assert {"kpis_reading", "kpis_historicalreading"} <= written
        assert stored_figures(watcher, units) == old
        assert figure_history(watcher, units) == {code: [(value, 1)] for code, (value, _, _) in old.items()}
        assert quarter_words(watcher, units) == {code: (OLD_WORDS, 1) for code in units}

        # The server's new worker saves the same sheet whole: every figure new, one history row more each.
        server.wait_ready()
        saved = save_month(officer, units, 1, NEW_WORDS)
        assert saved.status == 200 and "saved as draft" in saved.text, saved.text[:2000]
        new = {code: (TYPED[unit][1], 2, "draft") for code, unit in units.items()}
        assert stored_figures(watcher, units) == new
        assert figure_history(watcher, units) == {
            code: [(old[code][0], 1), (new[code][0], 2)] for code in units}
        assert quarter_words(watcher, units) == {code: (NEW_WORDS, 2) for code in units}


def _post_new_figures(officer, units, answers):
    try:
        answers.append(save_month(officer, units, 1, NEW_WORDS, timeout=300))
    except OSError as error:  # the server died with the request: no answer
        answers.append(error)


def _shown(answers) -> str:
    return "; ".join(f"{a.status} {a.text[:3000]}" if hasattr(a, "status") else repr(a) for a in answers)
