"""The app as production runs it, in a process of its own: gunicorn (sync workers), or Django's
runserver when gunicorn is not installed; DEBUG=False. And a visitor speaking plain HTTP to it, with
cookies, CSRF and forms, as a browser does (no JavaScript needed: the pages work without it)."""

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path

from tests.faults.private_postgres import REPO, spare_port
from tests.faults.waiting import wait_until

GUNICORN = importlib.util.find_spec("gunicorn") is not None


class Server:
    """`database_url` served on a spare port. With gunicorn, `workers` sync workers each keep their
    connection for `conn_max_age` seconds, as in production."""

    def __init__(self, database_url: str, *, workers: int = 1, conn_max_age: int = 0):
        self.database_url, self.workers, self.conn_max_age = database_url, workers, conn_max_age
        self.folder = Path(tempfile.mkdtemp(prefix="thurrock-kpi-faults-server-"))
        self.log = self.folder / "server.log"
        self.process = None
        self.port = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        self.port = self.port or spare_port()  # started again (runserver killed): the same address
        if GUNICORN:
            command = [sys.executable, "-m", "gunicorn", "thurrock_kpi.wsgi:application", "--bind",
                       f"127.0.0.1:{self.port}", "--workers", str(self.workers), "--timeout", "300",
                       "--graceful-timeout", "5"]
        else:  # one thread per HTTP connection, each with its own database connection
            command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"]
        env = {**os.environ, "DATABASE_URL": self.database_url, "DEBUG": "False", "CONN_MAX_AGE": str(self.conn_max_age),
               "ALLOWED_HOSTS": "127.0.0.1", "SECRET_KEY": "faults-test-secret-key-" + "x" * 40,
               "PYTHONUNBUFFERED": "1"}
        env.pop("DJANGO_SETTINGS_MODULE", None)  # wsgi.py and manage.py name it
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, start_new_session=True)
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 120):
        def answering():
            assert self.process.poll() is None, f"the server exited {self.process.returncode}:\n{self.log_text()}"
            try:
                return Visitor(self.url).get("/accounts/login/", timeout=5).status == 200
            except OSError:
                return False
        wait_until(answering, timeout=timeout, what=f"the app to answer on {self.url}", interval=0.1)
        if GUNICORN:
            wait_until(lambda: len(self.worker_pids()) == self.workers, timeout=timeout, what="gunicorn's workers")

    def worker_pids(self) -> set[int]:
        """gunicorn's workers (the master's children); with runserver, the one process."""
        if not GUNICORN:
            return {self.process.pid}
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and fields[0] != "Z":
                children.add(int(stat.parent.name))
        return children

    def kill_workers(self):
        """SIGKILL the processes serving requests, as the kernel's out-of-memory killer would. gunicorn's
        master starts new workers; runserver, being the worker itself, is started again."""
        if GUNICORN:
            for pid in self.worker_pids():
                os.kill(pid, signal.SIGKILL)
        else:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=60)
            self.start()

    def stop(self):
        """Nothing to finish gracefully: the whole process group (master and workers) is killed."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)

    def remove(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-6000:] if self.log.exists() else ""


@dataclass
class Page:
    status: int
    headers: dict
    text: str
    url: str

    def form(self, field: str) -> dict[str, str]:
        """The fields of the form holding `field`, as a browser would post them (submit buttons left out)."""
        parser = _Forms()
        parser.feed(self.text)
        for fields in parser.forms:
            if field in fields:
                return fields
        raise AssertionError(f"no form with {field!r} at {self.url} ({self.status}):\n{self.text[:3000]}")


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.textarea = self.select = None
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = True
            self.forms.append({})
        elif not self.in_form or "disabled" in attrs:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type", "text") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1][attrs["name"]] = attrs.get("value") or ""
        elif tag == "textarea" and attrs.get("name"):
            self.textarea = attrs["name"]
            self.forms[-1][self.textarea] = ""
        elif tag == "select" and attrs.get("name"):
            self.select = attrs["name"]
            self.forms[-1].setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.forms[-1][self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.forms[-1][self.textarea] += data


class _KeepErrorStatuses(urllib.request.HTTPErrorProcessor):
    """A 4xx or 5xx is a page like any other (redirects are still followed)."""

    def http_response(self, request, response):
        return response if response.status >= 400 else super().http_response(request, response)


class Visitor:
    """One person's browser: keeps its cookies, posts forms with their CSRF token."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies),
                                                  _KeepErrorStatuses())

    def _open(self, request, timeout: float) -> Page:
        with self.opener.open(request, timeout=timeout) as response:
            return Page(response.status, dict(response.headers.items()), response.read().decode(errors="replace"),
                        response.url)

    def get(self, path: str, timeout: float = 60) -> Page:
        return self._open(urllib.request.Request(self.base_url + path), timeout)

    def post(self, path: str, fields: dict[str, str], timeout: float = 60) -> Page:
        data = urllib.parse.urlencode(fields).encode()
        return self._open(urllib.request.Request(self.base_url + path, data=data, method="POST"), timeout)

    def sign_in(self, username: str, password: str):
        form = self.get("/accounts/login/").form("username")
        page = self.post("/accounts/login/", {**form, "username": username, "password": password})
        assert page.status == 200 and "/accounts/login/" not in page.url, f"sign-in failed: {page.status} {page.url}"
        return page

