"""A PostgreSQL cluster of the fault tests' own: `initdb` and `pg_ctl` in a temporary folder, on a
spare port of 127.0.0.1, never the shared server, so a test may stop it, restart it and lock its
tables. Migrated once (with Thurrock's demo and an officer) into a template database; each test
copies the template into a database of its own.

As root (this machine, some CI containers) PostgreSQL refuses to run: its programs then run as
the `postgres` OS user (`runuser -u postgres --`), in a folder that user owns."""

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from tests.faults.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]
TEMPLATE = "faults_template"
PROGRAMS = ("initdb", "pg_ctl")
# A throwaway cluster: nothing to keep through a power cut, so no flushing to disk.
SERVER_OPTIONS = "-c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off"


def postgres_program(name: str) -> str | None:
    """PostgreSQL's server program `name`: on PATH, in /usr/local/bin, or Debian's newest version."""
    for candidate in (shutil.which(name), f"/usr/local/bin/{name}",
                      *sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def why_no_cluster() -> str | None:
    """Why a private cluster cannot be started here, or None."""
    missing = [name for name in PROGRAMS if postgres_program(name) is None]
    if missing:
        return f"{' and '.join(missing)} not found (PostgreSQL's server programs): no private cluster to restart"
    if os.geteuid() == 0 and not _postgres_user():
        return "running as root and there is no `postgres` OS user to run initdb and pg_ctl as"
    return None


def _postgres_user():
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        return None


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], *, timeout: float = 180, env: dict | None = None, cwd: Path | None = None) -> str:
    """Run to the end; its output, or an AssertionError showing it. Output goes through a file,
    not a pipe: a server the command starts in the background must not hold the pipe open."""
    with tempfile.TemporaryFile("w+") as output:
        finished = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, timeout=timeout, env=env, cwd=cwd,
                                  check=False)
        output.seek(0)
        text = output.read()
    assert finished.returncode == 0, f"{' '.join(map(str, command))} exited {finished.returncode}:\n{text}"
    return text


class Cluster:
    """One private PostgreSQL cluster. `remove()` stops it and deletes its folder, whatever state it is in."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="thurrock-kpi-faults-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = None
        self.as_postgres = []
        if os.geteuid() == 0:
            user = _postgres_user()
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]

    def program(self, name: str, *args) -> str:
        return run([*self.as_postgres, postgres_program(name), *map(str, args)])

    def create(self):
        self.program("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                     "--no-sync")
        for attempt in range(5):  # a spare port can be taken by someone else before the server binds it
            self.port = spare_port()
            try:
                self.start()
                return self
            except AssertionError:
                if attempt == 4:
                    raise
        return self

    def _options(self) -> str:
        return f"-p {self.port} -k {self.folder} {SERVER_OPTIONS}"

    def start(self):
        self.program("pg_ctl", "start", "-D", self.data, "-l", self.log, "-w", "-t", "120", "-o", self._options())

    def stop(self, mode: str = "fast"):
        self.program("pg_ctl", "stop", "-D", self.data, "-m", mode, "-w", "-t", "120")

    def restart(self):
        """What an operator's restart does: active sessions are ended (-m fast), then it is back."""
        self.program("pg_ctl", "restart", "-D", self.data, "-m", "fast", "-w", "-t", "120", "-o", self._options())

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres", autocommit: bool = True) -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=autocommit, connect_timeout=30)

    def create_database(self, name: str, template: str | None = None):
        with self.connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))

    def remove(self):
        try:
            if (self.data / "postmaster.pid").exists():
                self.program("pg_ctl", "stop", "-D", self.data, "-m", "immediate", "-w", "-t", "60")
        except Exception:  # noqa: BLE001 - whatever happened, the server must not outlive the tests
            self._kill_postmaster()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _kill_postmaster(self):
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGQUIT)  # immediate shutdown: the postmaster ends its children
            wait_until(lambda: not _alive(pid), timeout=30, what="the private PostgreSQL to stop")
        except (OSError, ValueError, IndexError, AssertionError):
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def prepare_template(cluster: Cluster):
    """Migrate, load Thurrock's demo and create the officer, once, in the template database."""
    cluster.create_database(TEMPLATE)
    # Without REDIS_URL, whatever the shell has: the migration then makes the database cache's
    # table, which servers started without Redis need (tests/scale/test_two_servers.py).
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    env.update(DATABASE_URL=cluster.url(TEMPLATE), DJANGO_SETTINGS_MODULE="thurrock_kpi.settings")
    run([sys.executable, "-m", "tests.faults.prepare_database"], env=env, cwd=REPO, timeout=300)
    with cluster.connect() as admin:  # nobody may stay connected to a template being copied
        admin.execute(f"ALTER DATABASE \"{TEMPLATE}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")


def new_database(cluster: Cluster, name: str) -> str:
    """A copy of the prepared template; its name."""
    cluster.create_database(name, template=TEMPLATE)
    return name


def backends(connection: psycopg.Connection, database: str) -> list[dict]:
    """The other sessions on `database`: pid, state, what they wait for, whether their transaction wrote."""
    rows = connection.execute(
        "SELECT pid, state, wait_event_type, backend_xid IS NOT NULL, query FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchall()
    return [dict(zip(("pid", "state", "wait_event_type", "wrote", "query"), row, strict=True)) for row in rows]


def tables_written_by(connection: psycopg.Connection, pid: int) -> set[str]:
    """Tables the session `pid` holds a write lock on (ROW EXCLUSIVE): it has written to them in its open
    transaction."""
    return {name for (name,) in connection.execute(
        "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE l.pid = %s AND l.mode = 'RowExclusiveLock' AND l.granted AND c.relkind = 'r'", (pid,))}
