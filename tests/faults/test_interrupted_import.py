"""`manage.py import_workbook` killed (SIGKILL) or interrupted (Ctrl-C, SIGINT) in the middle of its
transaction writes nothing: afterwards the database holds exactly what it held before, every
table, history included.

On the suite's own test database when it is PostgreSQL (the CI pass with DATABASE_URL), which the
command, run as a process of its own, opens too. The test holds the readings' history table
(LOCK ... IN SHARE MODE: readers pass, writers wait), so the import stops inside its transaction
with the new indicators, targets and readings inserted; the test checks that it did, then signals
it. On Ctrl-C psycopg cancels the waiting statement and the transaction rolls back; SIGKILL leaves
PostgreSQL to roll it back.

Skipped on SQLite: it locks the whole file, and a writer's changes stay in its own cache until it
commits, so no second process can stop an import between two of its writes; holding a read lock
stops it only at its commit, which a batched import would reach just the same, so such a test
could not fail. (Ctrl-C could not interrupt that wait either: Python runs its handler only after
SQLite's 20 s lock timeout.)"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.commands import run_import
from tests.faults.contents import differences, postgres_contents
from tests.faults.private_postgres import REPO, backends, tables_written_by
from tests.faults.waiting import wait_until
from tests.workbooks import indicator, months, small_council, write_workbook

NEW_INDICATORS = 40
MONTHS = 36


def big_workbook(path):
    """The small council again, every HOMES figure changed, and 40 new indicators with three years of figures."""
    sheets = small_council()
    for reading in sheets["Readings"]:
        if reading["code"] == "HOMES":
            reading["value"] += 1
    for number in range(NEW_INDICATORS):
        code = f"BIG{number:03d}"
        sheets["Indicators"].append(indicator(code, f"Big indicator {number}", unit="count", rollup="sum"))
        sheets["Targets"].append({"code": code, "year": 2016, "period": "year", "value": 1000 + number})
        sheets["Readings"] += months(code, "2014-04", [number + month for month in range(MONTHS)])
    return write_workbook(path, sheets)


def database_url() -> str:
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
            f"/{settings['NAME']}")


def contents():
    with psycopg.connect(database_url(), autocommit=True) as reader:
        return postgres_contents(reader)


def start_import(workbook, output) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url()}
    with open(output, "wb") as log:
        importing = subprocess.Popen([sys.executable, "manage.py", "import_workbook", str(workbook)], cwd=REPO,
                                     env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
    importing.output = output
    return importing


def ended(importing) -> str:
    return Path(importing.output).read_text()[-3000:]


class HeldPostgres:
    """Holds the readings' history table: the import waits there, indicators and readings written."""

    def __enter__(self):
        self.holder = psycopg.connect(database_url())
        self.holder.execute("LOCK TABLE kpis_historicalreading IN SHARE MODE")
        self.watcher = psycopg.connect(database_url(), autocommit=True)
        return self

    def wait_for(self, importing: subprocess.Popen):
        database = connection.settings_dict["NAME"]

        def waiting():
            assert importing.poll() is None, f"the import ended ({importing.returncode}) without waiting: {ended(importing)}"
            return [b for b in backends(self.watcher, database) if b["wait_event_type"] == "Lock"]
        session = wait_until(waiting, timeout=180, what="the import to wait for the history table")[0]
        self.session, self.query = session["pid"], session["query"]
        self.written = tables_written_by(self.watcher, self.session) if session["wrote"] else set()

    def release(self):
        self.holder.rollback()

    def wait_session_gone(self):
        database = connection.settings_dict["NAME"]
        wait_until(lambda: self.session not in {b["pid"] for b in backends(self.watcher, database)}, timeout=120,
                   what="PostgreSQL to end the import's session")

    def __exit__(self, *exc):
        self.holder.close()
        self.watcher.close()


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs PostgreSQL (DATABASE_URL): SQLite cannot be held between two writes of one transaction")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("interruption", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_an_import_interrupted_inside_its_transaction_writes_nothing(tmp_path, interruption):
    status, _, err = run_import(write_workbook(tmp_path / "small.xlsx", small_council()))
    assert status == 0, err
    workbook = big_workbook(tmp_path / "BIG.xlsx")
    before = contents()

    with HeldPostgres() as held:
        importing = start_import(workbook, tmp_path / "import.log")
        try:
            held.wait_for(importing)
            os.killpg(importing.pid, interruption)  # a terminal's Ctrl-C signals the whole foreground group
            if interruption == signal.SIGINT:  # it stops by itself, the table still held
                assert importing.wait(timeout=120) != 0
        finally:
            if importing.poll() is None:
                os.killpg(importing.pid, signal.SIGKILL)
            importing.wait(timeout=120)
            held.release()
        held.wait_session_gone()

    assert differences(before, contents()) == []
    # It was stopped inside its one transaction, its new readings written, not committed.
    assert "kpis_historicalreading" in held.query
    assert {"kpis_indicator", "kpis_target", "kpis_reading"} <= held.written
    # Nothing was wrong with the workbook: run whole, it imports.
    status, out, err = run_import(workbook)
    assert status == 0, err
    assert f"Indicators: {NEW_INDICATORS} created" in out
