"""Why a figure was returned, a quarter reopened or a value imported is kept whole in its
history, however long (django-simple-history's reason was 100 characters: PostgreSQL refused
more); a reason typed in a form is limited to REASON_MAX_LENGTH, said in words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kpis import models
from kpis.domain.periods import Quarter
from kpis.services import workflow
from tests.month_sheet import submitted

Q3 = Quarter(2016, 3)
LONG = ("The September figure counted missed collections twice; Waste must restate it from the crew sheets "
        "before this month can be approved, and explain the gap in the commentary. Ask the contractor for the "
        "round sheets of weeks 37 to 39 and reconcile them with the missed-bin reports from residents in full.")


def test_a_long_return_reason_is_kept_whole(client, officer, performance, housing):
    assert len(LONG) == 300
    reading = submitted(client, officer)
    client.force_login(performance)
    response = client.post("/review/decision/", {"action": "return", "reading": [reading.id], "reason": LONG},
                           follow=True)
    assert "1 figure(s) returned to their officers." in response.content.decode()
    reading.refresh_from_db()
    assert (reading.state, reading.return_reason) == ("returned", LONG.strip())
    assert reading.history.latest("history_id").history_change_reason == f"returned: {LONG.strip()}"


def test_a_long_reopen_reason_is_kept_whole(client, performance, housing):
    workflow.lock_quarter(performance, Q3)
    client.force_login(performance)
    response = client.post("/quarters/reopen/", {"year": "2016", "quarter": "3", "reason": LONG}, follow=True)
    assert "Quarter 3 2016/17 reopened." in response.content.decode()
    lock = models.QuarterLock.objects.get()
    assert not lock.locked and lock.reason == LONG.strip()
    assert lock.history.latest("history_id").history_change_reason == LONG.strip()


def test_an_upload_with_a_long_file_name_is_kept_in_history(client, performance, small_council_file, settings, tmp_path):
    settings.KPI_UPLOAD_DIR = tmp_path / "uploads"
    name = "Corporate performance report Q3 2016-17 appendix 1 as sent to Corporate Overview and Scrutiny " \
           "Committee on 7 March 2017 final version v3 (2) copy.xlsx"
    assert len(name) == 150
    client.force_login(performance)
    response = client.post("/imports/", {"workbook": SimpleUploadedFile(name, small_council_file.read_bytes()),
                                         "layout": "contract"})
    token = response.context["upload"].token
    client.post("/imports/confirm/", {"token": token, "action": "confirm"})
    reading = models.Reading.objects.get(indicator__code="HOMES", month="2016-04-01")
    assert reading.history.latest("history_id").history_change_reason == f"upload {name}"


TOO_LONG = "x" * (workflow.REASON_MAX_LENGTH + 1)


def test_a_return_reason_over_the_limit_is_refused_in_words(client, officer, performance, housing):
    reading = submitted(client, officer)
    client.force_login(performance)
    page = client.post("/review/decision/", {"action": "return", "reading": [reading.id], "reason": TOO_LONG},
                       follow=True).content.decode()
    assert "Reason for returning: 1,001 characters; keep it to 1,000 or fewer." in page
    reading.refresh_from_db()
    assert reading.state == "submitted"


def test_a_reopen_reason_over_the_limit_is_refused_in_words(client, performance, housing):
    workflow.lock_quarter(performance, Q3)
    client.force_login(performance)
    page = client.post("/quarters/reopen/", {"year": "2016", "quarter": "3", "reason": TOO_LONG},
                       follow=True).content.decode()
    assert "Reason for reopening: 1,001 characters; keep it to 1,000 or fewer." in page
    assert Q3 in workflow.locked_quarters()


def test_an_upload_reopen_reason_over_the_limit_is_refused_in_words(client, performance, small_council_file):
    client.force_login(performance)
    response = client.post("/imports/", {"workbook": SimpleUploadedFile("small.xlsx", small_council_file.read_bytes()),
                                         "layout": "contract", "reopen": TOO_LONG})
    assert response.context["form"].errors["reopen"] == [
        "Reason to reopen a locked quarter: 1,001 characters; keep it to 1,000 or fewer."]


@pytest.mark.parametrize("field", ["return", "reopen"])
def test_a_reason_of_exactly_the_limit_is_taken(performance, officer, client, housing, field):
    reason = "y" * workflow.REASON_MAX_LENGTH
    if field == "return":
        reading = submitted(client, officer)
        workflow.return_to_officer(performance, [reading.id], reason)
    else:
        workflow.lock_quarter(performance, Q3)
        workflow.reopen_quarter(performance, Q3, reason)
