"""Fault tests (issue 13): the database restarted, stopped or read-only under a running app, a server
or an import killed in the middle of its transaction. Each is marked `faults` (`pytest -m faults`
runs only them) and runs in the normal `make test`.

Fixtures:
    private_postgres     a PostgreSQL cluster of the tests' own (tests/faults/private_postgres.py), one per
                         test process, with a template database holding the demo and an officer;
                         skipped in the SQLite pass (it never uses the pass's database: one run is
                         enough), and, saying why, where initdb and pg_ctl are missing
    cluster_database     a fresh copy of that template for one test; its name
    serve                serve(database_url, workers=..., conn_max_age=...): the app in a server process
                         (tests/faults/servers.py), stopped after the test
"""

import hashlib
from pathlib import Path

import pytest
from django.db import connection

from tests.faults.private_postgres import Cluster, new_database, prepare_template, why_no_cluster
from tests.faults.servers import Server

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def private_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://...) only: it starts a cluster of its own "
                    "and never uses the pass's database, so one run is enough")
    reason = why_no_cluster()
    if reason:
        pytest.skip(reason)
    cluster = Cluster()
    try:
        cluster.create()
        prepare_template(cluster)
        yield cluster
    finally:
        cluster.remove()


@pytest.fixture
def cluster_database(private_postgres, request) -> str:
    name = "faults_" + hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:12]
    return new_database(private_postgres, name)


@pytest.fixture
def serve():
    servers = []

    def start(database_url: str, **options) -> Server:
        server = Server(database_url, **options)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.remove()
