"""Checking and writing an uploaded workbook off the request (kpis/tasks.py): queued in the
database (TASKS_BACKEND=database), run by `manage.py db_worker` in a process of its own, the
page saying where the upload stands until the worker has done. With the immediate backend
(the default, the demo) the same steps run in the request: tests/kpis/entry/test_upload.py."""

import pytest
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertNotContains

from kpis import models
from tests.database import database_state
from tests.scale.workers import run_worker
from tests.uploads import kept_uploads, messages_of, upload
from tests.workbooks import small_council, write_workbook

pytestmark = pytest.mark.django_db(transaction=True)  # the worker, another process, reads what the test wrote


@pytest.fixture
def team(client, performance, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(performance)
    return client


def status(team, token):
    return team.get(f"/imports/{token}/", follow=True)


def test_an_upload_waits_for_the_worker_then_is_previewed_confirmed_and_written(team, small_council_file):
    before = database_state()
    response = upload(team, small_council_file)
    token = response.context["upload"].token
    assertContains(response, '<h1 class="govuk-heading-l">Import of small.xlsx</h1>', html=True)
    assertContains(response, "Waiting to be checked")
    assert response["Refresh"] == f"2; url=/imports/{token}/"  # the page looks again, by GET
    assertNotContains(response, 'value="confirm"')
    assert DBTaskResult.objects.get().status == "READY"  # queued, not run
    assertContains(status(team, token), "Waiting to be checked")

    run_worker()
    response = status(team, token)
    assertContains(response, '<h1 class="govuk-heading-l">Check the import of small.xlsx</h1>', html=True)
    assertContains(response, '<h2 class="govuk-heading-m">191 changes</h2>', html=True)
    assert "Refresh" not in response
    assert database_state() == before  # the worker's dry run wrote nothing

    response = team.post("/imports/confirm/", {"token": token, "action": "confirm"})
    assertContains(response, "Waiting to be written")
    assert response["Refresh"] == f"2; url=/imports/{token}/"
    assert models.Indicator.objects.count() == 0
    response = team.post("/imports/confirm/", {"token": token, "action": "confirm"})  # a second click
    assertContains(response, "Waiting to be written")

    run_worker()
    response = status(team, token)
    assert response.redirect_chain == [("/imports/", 302)]
    assert messages_of(response) == ["small.xlsx imported: 191 changes written."]
    assert models.Indicator.objects.count() == 14 and models.Reading.objects.count() == 119
    assert [r.status for r in DBTaskResult.objects.order_by("enqueued_at")] == ["SUCCESSFUL"] * 2  # one write
    assert kept_uploads() == []


def test_a_workbook_with_problems_ends_refused_in_the_worker_and_writes_nothing(
        team, imported_small_council, tmp_path):
    sheets = small_council()
    sheets["Readings"][0]["value"] = 999  # a real change that must not be written
    sheets["Readings"].append({"code": "NOPE", "month": "2017-01", "value": 1})
    before = database_state()
    token = upload(team, write_workbook(tmp_path / "bad.xlsx", sheets)).context["upload"].token

    run_worker()
    response = status(team, token)
    assertContains(response, '<h1 class="govuk-heading-l">bad.xlsx cannot be imported</h1>', html=True)
    assertContains(response, "1 problem found: nothing was written")
    assertContains(response, f"<li>Readings!{len(sheets['Readings']) + 1} code: unknown indicator code 'NOPE'</li>",
                   html=True)
    assert database_state() == before
    assert kept_uploads() == []  # shown once, then forgotten


def test_only_the_uploader_sees_where_an_upload_stands(team, small_council_file, client):
    from django.test import Client

    from tests.people import make_user

    token = upload(team, small_council_file).context["upload"].token
    other = Client()
    other.force_login(make_user("pam", "performance"))
    response = status(other, token)
    assert messages_of(response)[0].startswith("That upload is no longer waiting to be confirmed")
    assert kept_uploads() == [token]
