"""A database that refuses writes, or cannot be reached: an officer saving gets a 503 page saying
so and that nothing was saved (thurrock_kpi/middleware.py), not a bare 500; reading pages still
work while it is read-only; every figure saved before is still there.

On the suite's own test database, SQLite or PostgreSQL, as each CI pass gives it, served in this
process (Django's test client): the connection is closed and opened again read-only or pointing
nowhere, then put back.
- read-only: SQLite opens the file with `mode=ro` (read-only whatever the file's permissions,
  which root would ignore); PostgreSQL has the database set `default_transaction_read_only`, as an
  administrator would (a hot standby refuses writes the same way, SQLSTATE 25006).
- unreachable: SQLite is pointed at a file in a folder that does not exist; PostgreSQL at a port
  nobody listens on."""

from contextlib import contextmanager

import pytest
from django.db import connection

from kpis.models import Reading
from tests.database import database_state
from tests.faults.private_postgres import spare_port
from tests.month_sheet import DECEMBER, URL, officers_draft, post

pytestmark = pytest.mark.django_db(transaction=True)


@contextmanager
def reopened(**settings):
    """The connection closed, and opened again with `settings` changed, until the block ends."""
    before = {name: connection.settings_dict[name] for name in settings}
    connection.close()
    connection.settings_dict.update(settings)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(before)


@contextmanager
def read_only_database():
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        with reopened(NAME=f"file:{name}?mode=ro"):  # Django opens SQLite names as URIs
            yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    connection.close()  # new sessions are read-only
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = off")
            cursor.execute(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        connection.close()


def unreachable_database():
    if connection.vendor == "sqlite":
        return reopened(NAME="/nonexistent-thurrock-kpi-folder/db.sqlite3")
    return reopened(PORT=str(spare_port()))


def assert_site_page_503(page, *words):
    assert page.status_code == 503, page.content.decode()[:3000]
    assert int(page["Retry-After"]) > 0
    text = page.content.decode()
    assert "Skip to main content" in text  # the site's own page, in its layout
    for expected in words:
        assert expected in text


def test_saving_to_a_read_only_database_answers_503_reading_works_and_nothing_is_lost(client, housing, officer):
    draft = officers_draft(client, officer, value="99.2")
    before = database_state()

    with read_only_database():
        with connection.cursor() as cursor:  # it really is read-only now
            cursor.execute("SELECT 1")
        saving = post(client, "save", BINS__value="97.5", BINS__version=str(draft.version))
        assert_site_page_503(saving, "The database is read-only just now", "Nothing was saved")
        assert 'href="/entry/" aria-current="true"' in saving.content.decode()  # My data, drawn for the officer signed in
        sheet = client.get(URL)
        home = client.get("/")
        indicator = client.get("/indicators/BINS/?year=2016")

    assert sheet.status_code == 200 and 'value="99.2"' in sheet.content.decode()
    assert home.status_code == 200
    assert indicator.status_code == 200
    assert database_state() == before
    reading = Reading.objects.get(month=DECEMBER)
    assert (reading.value, reading.version, reading.history.count()) == (draft.value, draft.version, 1)


def test_a_database_that_cannot_be_reached_answers_503_saying_so(client, housing, officer):
    draft = officers_draft(client, officer, value="99.2")
    before = database_state()

    with unreachable_database():
        saving = post(client, "save", BINS__value="97.5", BINS__version=str(draft.version))
        home = client.get("/")

    assert_site_page_503(saving, "The service cannot reach its database", "Nothing was saved")
    assert_site_page_503(home, "The service cannot reach its database")
    assert "Nothing was saved" not in home.content.decode()
    assert client.get("/").status_code == 200  # back as soon as it is
    assert database_state() == before
