"""Two people writing the same figures at the same moment: one wins, the other is told, nothing
is lost. Real threads against the real database (each thread has its own connection)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from pytest_django.asserts import assertContains

from kpis.domain.periods import Month
from kpis.models import Indicator, Reading
from kpis.services import workflow
from tests.database import database_state
from tests.month_sheet import URL
from tests.uploads import confirm, kept_uploads, messages_of, upload
from tests.workbooks import small_council, write_workbook

THREADS = 20


def in_threads(work, count=THREADS):
    """Runs work(i) in `count` threads started together; returns each result or the exception raised."""
    start, results = threading.Barrier(count), [None] * count

    def run(i):
        try:
            start.wait()
            results[i] = work(i)
        except Exception as error:  # the point of the test: a thread's crash is a result to report
            results[i] = error
        finally:
            connection.close()  # each thread's own connection, so the test database can be dropped

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_first_saves_of_a_month_save_one_and_tell_the_rest(officer, housing):
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(officer)
        clients.append(client)
    values = [f"97.{i}" if i < 10 else f"96.{i - 10}" for i in range(THREADS)]

    def first_save(i):
        response = clients[i].post(URL, {"action": "save", "BINS-value": values[i]})
        return response.status_code, response.content.decode()

    results = in_threads(first_save)

    crashes = [r for r in results if isinstance(r, Exception) or r[0] not in (200, 302)]
    assert crashes == []
    saved = Reading.objects.get(indicator__code="BINS", month="2016-12-01")
    assert [status for status, _ in results].count(302) == 1
    assert saved.value in {Decimal(v) for v in values} and saved.version == 1
    for status, page in results:
        if status == 200:
            assert "Changed by Olivia" in page and f"the figure is now {saved.value.normalize():f}" in page


CONFLICT = "Changed by someone else since this preview: nothing was saved."


def with_homes_in_january(tmp_path, value=40):
    """The small council, plus a January 2017 figure for HOMES, which nobody has entered yet."""
    sheets = small_council()
    sheets["Readings"].append({"code": "HOMES", "month": "2017-01", "value": value})
    return write_workbook(tmp_path / "january.xlsx", sheets)


def test_a_first_save_between_an_imports_preview_and_its_confirm_is_not_overwritten(
        client, officer, performance, imported_small_council, tmp_path):
    client.force_login(performance)
    token = upload(client, with_homes_in_january(tmp_path)).context["upload"].token
    # The officer saves January's first figure while the performance team reads the preview.
    workflow.save_month(officer, Month(2017, 1), [workflow.Entry(Indicator.objects.get(code="HOMES"), Decimal(35))],
                        submit=False)
    before = database_state()

    response = client.post("/imports/confirm/", {"token": token, "action": "confirm"})
    assertContains(response, CONFLICT)
    assert database_state() == before  # the officer's figure stands; nothing of the import was written
    assert kept_uploads() == [token]  # to be confirmed again
    # The preview now shows the officer's figure: confirming over it is the team's decision, and goes through.
    assertContains(response, '<th scope="row" class="govuk-table__header">HOMES 2017-01</th>'
                             '<td class="govuk-table__cell">value</td><td class="govuk-table__cell">35</td>'
                             '<td class="govuk-table__cell">40</td>', html=True)
    assert messages_of(confirm(client, token)) == ["january.xlsx imported: 1 change written."]
    reading = Reading.objects.get(indicator__code="HOMES", month="2017-01-01")
    assert (reading.value, reading.state) == (40, Reading.State.APPROVED)
    assert kept_uploads() == []


@pytest.mark.django_db(transaction=True)
def test_an_import_confirmed_while_officers_save_ends_in_a_clear_message_for_each(
        officer, performance, imported_small_council, tmp_path):
    team = Client()
    team.force_login(performance)
    token = upload(team, with_homes_in_january(tmp_path)).context["upload"].token
    officers = []
    for _ in range(THREADS - 1):
        officers.append(Client())
        officers[-1].force_login(officer)

    def confirm_or_save(i):
        if i == 0:
            response = team.post("/imports/confirm/", {"token": token, "action": "confirm"})
        else:
            response = officers[i - 1].post("/entry/2017-01/", {"action": "save", "HOMES-value": str(30 + i)})
        return response.status_code, response.content.decode()

    results = in_threads(confirm_or_save)

    crashes = [r for r in results if isinstance(r, Exception) or r[0] not in (200, 302)]
    assert crashes == []
    imported, *saves = results
    reading = Reading.objects.get(indicator__code="HOMES", month="2017-01-01")
    if imported[0] == 302:  # the import went first: every officer is told
        assert reading.value == 40 and [status for status, _ in saves].count(302) == 0
        assert kept_uploads() == []
    else:  # an officer went first: the import wrote nothing and waits to be confirmed again
        assert CONFLICT in imported[1]
        assert [status for status, _ in saves].count(302) == 1
        assert kept_uploads() == [token]
    assert all("Changed by" in page for status, page in saves if status == 200)
