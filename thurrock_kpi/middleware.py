"""A database that refuses writes, or cannot be reached, answers 503 with a page saying so and that
nothing was saved, instead of a bare 500 (tests/faults/test_read_only_database.py,
tests/faults/test_private_cluster.py).

Read-only: PostgreSQL refuses a write with SQLSTATE 25006 (read_only_sql_transaction: a database
set default_transaction_read_only, a hot standby after a failover); SQLite with SQLITE_READONLY
("attempt to write a readonly database": a read-only file or mount). Either way the view's
transaction rolled back whole, so nothing of the request was written.

Unreachable: the connection failed or was lost (PostgreSQL restarting or down: no SQLSTATE, or
class 08 connection_exception, 57P01-57P05 shutdown / cannot connect now; SQLite: the file cannot
be opened). Django drops a connection that failed at the end of the request, so the next request
connects afresh."""

import logging
import sqlite3

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger("thurrock_kpi.database")

READ_ONLY = "read_only"
UNREACHABLE = "unreachable"
READ_ONLY_SQLSTATE = "25006"
UNREACHABLE_SQLSTATES = ("08", "57P")
RETRY_AFTER_SECONDS = 60


def database_trouble(error: BaseException) -> str | None:
    """READ_ONLY, UNREACHABLE, or None for any other error (a bug stays a 500)."""
    if not isinstance(error, DatabaseError):
        return None
    cause = error.__cause__ or error  # Django wraps the driver's error, keeping it as the cause
    if isinstance(cause, sqlite3.Error):
        name = getattr(cause, "sqlite_errorname", "")
        if name.startswith("SQLITE_READONLY"):
            return READ_ONLY
        return UNREACHABLE if name.startswith("SQLITE_CANTOPEN") else None
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)  # psycopg 3 / psycopg2
    if sqlstate == READ_ONLY_SQLSTATE:
        return READ_ONLY
    if sqlstate:
        return UNREACHABLE if sqlstate.startswith(UNREACHABLE_SQLSTATES) else None
    # The driver's own errors carry no SQLSTATE: the connection could not be made or was lost.
    return UNREACHABLE if isinstance(error, OperationalError | InterfaceError) else None


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        trouble = database_trouble(exception)
        if trouble is None:
            return None
        logger.warning("%s %s: database %s: %s", request.method, request.path, trouble.replace("_", "-"),
                       exception)
        context = {"read_only": trouble == READ_ONLY, "was_saving": request.method not in ("GET", "HEAD")}
        if trouble == UNREACHABLE:
            # Who is signed in is in the database too: the page is drawn as for anyone.
            request.user = AnonymousUser()
        try:
            response = render(request, "503.html", context, status=503)
        except DatabaseError:  # not even reading who is signed in: drawn as for anyone after all
            request.user = AnonymousUser()
            response = render(request, "503.html", context, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
