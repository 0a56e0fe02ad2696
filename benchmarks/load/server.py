"""gunicorn serving the product on 127.0.0.1, started as a subprocess and always stopped."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """`python -m gunicorn thurrock_kpi.wsgi` with `workers` sync workers on a free loopback
    port, in its own process group (so stopping it stops its workers, and a Ctrl-C in the
    terminal reaches only us: we stop it)."""

    def __init__(self, workers: int, env: dict[str, str]):
        self.workers, self.env = workers, env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="kpi-load-gunicorn-", suffix=".log")[1])
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [sys.executable, "-m", "gunicorn", "thurrock_kpi.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                "--workers", str(self.workers), "--worker-class", "sync", "--error-logfile", str(self.log)]

    def start(self, wait: float = 60):
        """Start it and wait until the login page answers 200 (at most `wait` seconds)."""
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, start_new_session=True,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if requests.get(self.base + "/accounts/login/", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {wait:.0f} s:\n{self.tail()}")

    def stop(self):
        """Quick shutdown (SIGINT to the master); after 10 s, SIGKILL to its whole process group."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind, if any
        self.process.wait()

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def remove_log(self):
        self.log.unlink(missing_ok=True)
