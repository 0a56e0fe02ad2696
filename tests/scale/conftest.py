"""The fault tests' PostgreSQL cluster of their own and their gunicorn servers (tests/faults/conftest.py),
for the two-server test: run in the PostgreSQL pass, skipped in the SQLite one."""

from tests.faults.conftest import cluster_database, private_postgres, serve  # noqa: F401
