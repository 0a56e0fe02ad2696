"""The task worker as production runs it: `manage.py db_worker` in a process of its own, against
the test's database, until the queue is empty."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The URL of the database this test process uses (the test database, once created)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def run_worker(timeout: float = 120) -> str:
    """Runs every queued task, then exits; returns what the worker printed."""
    env = {**os.environ, "DATABASE_URL": database_url(), "TASKS_BACKEND": "database", "DEBUG": "False",
           "SECRET_KEY": "scale-test-secret-key-" + "x" * 40, "ALLOWED_HOSTS": "127.0.0.1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    finished = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0", "--no-reload"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return finished.stdout + finished.stderr
