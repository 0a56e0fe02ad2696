"""/imports/: the performance team uploads a workbook, sees the dry run, then confirms or cancels."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from kpis import models
from kpis.domain.periods import Quarter
from kpis.models import PendingUpload
from kpis.services import uploads, workflow
from tests.database import database_state
from tests.people import make_user
from tests.uploads import appendix_workbook, confirm, kept_uploads, messages_of, upload
from tests.workbooks import small_council, write_workbook

Q3 = Quarter(2016, 3)


@pytest.fixture
def team(client, performance):
    client.force_login(performance)
    return client


def readings_row(code, month) -> int:
    """The row of the small council's Readings sheet giving `code` for `month` (row 1 is the header)."""
    rows = small_council()["Readings"]
    return 2 + next(i for i, row in enumerate(rows) if row["code"] == code and row["month"] == month)


def with_reading(tmp_path, code, month, value, name="v2.xlsx"):
    sheets = small_council()
    for row in sheets["Readings"]:
        if row["code"] == code and row["month"] == month:
            row["value"] = value
    return write_workbook(tmp_path / name, sheets)


def test_it_shows_the_form_with_a_label_on_every_field(team):
    response = team.get("/imports/")
    assert response.status_code == 200
    for label in ('<label class="govuk-label" for="id_workbook">Workbook (.xlsx)</label>',
                  '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">What kind of workbook is it?</legend>',
                  '<label class="govuk-label govuk-radios__label" for="id_layout_0">'
                  'Import contract (Indicators, Targets, Readings … sheets)</label>',
                  '<label class="govuk-label govuk-radios__label" for="id_layout_1">'
                  'Appendix layout (one row per indicator, months as columns)</label>',
                  '<label class="govuk-label" for="id_year">Financial year of the appendix</label>',
                  '<label class="govuk-label" for="id_reopen">Reason to reopen a locked quarter (optional)</label>'):
        assert label in response.content.decode()


def test_a_good_workbook_is_previewed_and_written_only_when_confirmed(team, small_council_file):
    before = database_state()
    response = upload(team, small_council_file)
    assertContains(response, '<h1 class="govuk-heading-l">Check the import of small.xlsx</h1>', html=True)
    assertContains(response, '<h2 class="govuk-heading-m">191 changes</h2>', html=True)
    for line in ("Indicators: 14 created, 0 updated, 0 unchanged", "Readings: 119 created, 0 updated, 0 unchanged",
                 "Focus: 2 created, 0 updated, 0 unchanged", "Dry run: nothing was written."):
        assertContains(response, f"<li>{line}</li>", html=True)
    row = readings_row("HOMES", "2016-04")
    assertContains(response, f'<tr class="govuk-table__row"><td class="govuk-table__cell">Readings!{row}</td>'
                             '<th scope="row" class="govuk-table__header">HOMES 2016-04</th>'
                             '<td class="govuk-table__cell" colspan="3">new</td></tr>', html=True)
    assertContains(response, '<button type="submit" name="action" value="confirm" class="govuk-button" '
                             'data-module="govuk-button">Confirm: write 191 changes</button>', html=True)
    assert database_state() == before  # the dry run rolled back
    assert len(kept_uploads()) == 1

    response = confirm(team, response.context["upload"].token)
    assert response.redirect_chain == [("/imports/", 302)]
    assert messages_of(response) == ["small.xlsx imported: 191 changes written."]
    assert models.Indicator.objects.count() == 14
    assert models.Reading.objects.count() == 119
    reading = models.Reading.objects.get(indicator__code="HOMES", month="2016-04-01")
    assert (reading.value, reading.state) == (192, models.Reading.State.APPROVED)
    assert reading.history.latest("history_id").history_change_reason == "upload small.xlsx"
    assert kept_uploads() == []  # nothing is left behind


def test_a_changed_figure_is_shown_old_and_new(team, imported_small_council, tmp_path):
    response = upload(team, with_reading(tmp_path, "CTAX", "2016-12", 80.5))
    assertContains(response, '<h2 class="govuk-heading-m">1 change</h2>', html=True)
    assertContains(response, "<li>Readings: 0 created, 1 updated, 118 unchanged</li>", html=True)
    row = readings_row("CTAX", "2016-12")
    assertContains(response, f'<tr class="govuk-table__row"><td class="govuk-table__cell">Readings!{row}</td>'
                             '<th scope="row" class="govuk-table__header">CTAX 2016-12</th>'
                             '<td class="govuk-table__cell">value</td><td class="govuk-table__cell">80.04</td>'
                             '<td class="govuk-table__cell">80.5</td></tr>', html=True)
    assert models.Reading.objects.get(indicator__code="CTAX", month="2016-12-01").value == Decimal("80.04")

    response = confirm(team, response.context["upload"].token)
    assert messages_of(response) == ["v2.xlsx imported: 1 change written."]
    reading = models.Reading.objects.get(indicator__code="CTAX", month="2016-12-01")
    assert reading.value == Decimal("80.5")
    assert reading.history.latest("history_id").history_user.username == "pat"
    assert kept_uploads() == []


def test_an_unchanged_workbook_previews_no_changes(team, imported_small_council):
    response = upload(team, imported_small_council)
    assertContains(response, '<h2 class="govuk-heading-m">0 changes</h2>', html=True)
    assertContains(response, "<li>Readings: 0 created, 0 updated, 119 unchanged</li>", html=True)
    assertContains(response, "Nothing to confirm: everything in this workbook is already held.")
    assertNotContains(response, 'value="confirm"')
    assert kept_uploads() == []


def test_a_workbook_with_problems_lists_each_and_writes_nothing(team, imported_small_council, tmp_path):
    sheets = small_council()
    sheets["Readings"][0]["value"] = 999  # a real change that must not be written
    sheets["Readings"].append({"code": "NOPE", "month": "2017-01", "value": 1})
    sheets["Readings"].append({"code": "CTAX", "month": "2017/01", "value": "ninety"})
    before = database_state()
    response = upload(team, write_workbook(tmp_path / "bad.xlsx", sheets))
    row = len(sheets["Readings"])  # the last two rows, after the header
    assertContains(response, '<h1 class="govuk-heading-l">bad.xlsx cannot be imported</h1>', html=True)
    assertContains(response, '<h2 class="govuk-error-summary__title" id="problems-title">3 problems found: nothing was written</h2>', html=True)
    assert [str(p) for p in response.context["problems"]] == [
        f"Readings!{row} code: unknown indicator code 'NOPE'",
        f"Readings!{row + 1} month: '2017/01' is not a month written YYYY-MM",
        f"Readings!{row + 1} value: 'ninety' is not a number",
    ]
    for problem in response.context["problems"]:
        assertContains(response, f"<li>{problem}</li>", html=True)
    assertNotContains(response, 'value="confirm"')
    assert database_state() == before
    assert kept_uploads() == []


def test_a_file_larger_than_the_limit_is_refused(team, settings, small_council_file):
    settings.KPI_UPLOAD_MAX_BYTES = 1024
    response = upload(team, small_council_file)
    error = response.context["form"].errors["workbook"]
    assert len(error) == 1 and error[0].startswith("small.xlsx is ")
    assert error[0].endswith("KB: the largest workbook this page takes is 1 KB.")
    assertContains(response, '<input type="file" name="workbook" accept=".xlsx" aria-describedby="id_workbook-error" '
                             'class="govuk-file-upload govuk-file-upload--error" aria-invalid="true" required '
                             'id="id_workbook">', html=True)
    assertContains(response, f'<a href="#id_workbook">{error[0]}</a>', html=True)
    assert kept_uploads() == []


@pytest.mark.parametrize("name, content, message", [
    ("report.csv", b"code,month,value\nCTAX,2017-01,90\n",
     "This is not an Excel .xlsx workbook: report.csv is a .csv file. Open it in Excel, save it as "
     "“Excel Workbook (.xlsx)” and upload that."),
    ("notes.xlsx", b"These are the December figures.\n",
     "This is not an Excel .xlsx workbook: notes.xlsx is named .xlsx but does not hold a workbook (was another file "
     "renamed?). Save it from Excel and upload it again."),
    ("empty.xlsx", b"", "This is not an Excel .xlsx workbook: empty.xlsx is empty."),
], ids=["csv", "renamed text file", "empty"])
def test_a_file_that_is_not_an_xlsx_workbook_is_refused(team, name, content, message):
    before = database_state()
    response = upload(team, content, name=name)
    assert response.context["form"].errors == {"workbook": [message]}
    assertContains(response, f'<p class="govuk-error-message" id="id_workbook-error"><span class="govuk-visually-hidden">'
                             f"Error:</span> {message}</p>", html=True)
    assert database_state() == before
    assert kept_uploads() == []


def test_the_appendix_layout_needs_its_year(team, small_council_file):
    response = upload(team, small_council_file, layout="appendix")
    assert response.context["form"].errors == {
        "year": ["Give the financial year of the appendix, e.g. 2016 for 2016/17."]}


def test_someone_elses_upload_cannot_be_confirmed(team, small_council_file):
    token = upload(team, small_council_file).context["upload"].token
    other = Client()
    other.force_login(make_user("pam", "performance"))
    response = confirm(other, token)
    assert messages_of(response) == ["That upload is no longer waiting to be confirmed: it was confirmed or cancelled "
                                     "already, or kept too long. Upload the workbook again."]
    assert models.Indicator.objects.count() == 0
    assert len(kept_uploads()) == 1  # still the uploader's to confirm

    confirm(team, token)
    assert models.Indicator.objects.count() == 14


def test_an_upload_is_confirmed_once(team, small_council_file):
    token = upload(team, small_council_file).context["upload"].token
    confirm(team, token)
    response = confirm(team, token)
    assert messages_of(response)[0].startswith("That upload is no longer waiting to be confirmed")


@pytest.mark.parametrize("token", ["", "not-a-token", "../../etc/passwd", "A" * 32])
def test_an_unknown_token_goes_back_to_the_form(team, token):
    response = confirm(team, token)
    assert response.redirect_chain == [("/imports/", 302)]
    assert messages_of(response)[0].startswith("That upload is no longer waiting to be confirmed")


def test_an_upload_kept_too_long_must_be_uploaded_again(team, small_council_file):
    token = upload(team, small_council_file).context["upload"].token
    PendingUpload.objects.filter(token=token).update(
        kept_at=timezone.now() - timedelta(seconds=uploads.KEPT_FOR_SECONDS + 1))
    response = confirm(team, token)
    assert messages_of(response)[0].startswith("That upload is no longer waiting to be confirmed")
    assert models.Indicator.objects.count() == 0
    assert kept_uploads() == []


def test_cancel_writes_nothing_and_deletes_the_file(team, small_council_file):
    token = upload(team, small_council_file).context["upload"].token
    response = confirm(team, token, action="cancel")
    assert messages_of(response) == ["Import of small.xlsx cancelled: nothing was written."]
    assert models.Indicator.objects.count() == 0
    assert kept_uploads() == []


def test_an_upload_a_worker_is_already_writing_cannot_be_cancelled(team, small_council_file):
    """Confirm in one tab, then Cancel in an older one, once a worker has begun writing: the
    page must not say "nothing was written" of an import that goes on and commits."""
    token = upload(team, small_council_file).context["upload"].token
    PendingUpload.objects.filter(token=token).update(stage=PendingUpload.Stage.WRITING)
    response = confirm(team, token, action="cancel")
    assert messages_of(response) == ["small.xlsx is already being written: it can no longer be cancelled."]
    assert kept_uploads() == [token]  # still there, for the worker to finish and the page to report


def test_a_locked_quarter_is_a_problem_unless_a_reason_to_reopen_is_given(
        team, performance, imported_small_council, tmp_path):
    workflow.lock_quarter(performance, Q3)
    changed = with_reading(tmp_path, "CTAX", "2016-12", 80.5)
    response = upload(team, changed)
    row = readings_row("CTAX", "2016-12")
    assert [str(p) for p in response.context["problems"]] == [
        f'Readings!{row} month: Quarter 3 2016/17 is locked: give a reason to reopen it (on the command line, --reopen "reason")']
    assertContains(response, "upload it again and give the reason to reopen it")

    response = upload(team, changed, reopen="Council tax restated by Revenues")
    assertContains(response, "Any locked quarter it changes will be reopened: “Council tax restated by Revenues”.")
    assert Q3 in workflow.locked_quarters()  # the dry run reopened nothing
    confirm(team, response.context["upload"].token)
    assert models.Reading.objects.get(indicator__code="CTAX", month="2016-12-01").value == Decimal("80.5")
    lock = models.QuarterLock.objects.get(year=2016, quarter=3)
    assert not lock.locked
    assert lock.history.latest("history_id").history_change_reason == "Council tax restated by Revenues"


def test_a_workbook_that_meets_a_lock_between_preview_and_confirm_writes_nothing(
        team, performance, imported_small_council, tmp_path):
    response = upload(team, with_reading(tmp_path, "CTAX", "2016-12", 80.5))
    workflow.lock_quarter(performance, Q3)  # signed off while the preview was open
    response = team.post("/imports/confirm/", {"token": response.context["upload"].token, "action": "confirm"})
    assertContains(response, "1 problem found: nothing was written")
    assert models.Reading.objects.get(indicator__code="CTAX", month="2016-12-01").value == Decimal("80.04")
    assert kept_uploads() == []


def test_an_appendix_layout_workbook_is_previewed_then_confirmed(team, imported_small_council, tmp_path):
    """The May figure the appendix restates is the one change (kpis.services.imports.import_appendix)."""
    response = upload(team, appendix_workbook(tmp_path / "appendix.xlsx"), layout="appendix", year="2016")
    assertContains(response, "Appendix layout (one row per indicator, months as columns), financial year 2016/17.")
    assert "problems" not in response.context, [str(p) for p in response.context["problems"]]
    assert [(c.field, c.old, c.new) for c in response.context["report"].changes if c.what == "CTAX 2016-05"] == [
        ("value", "19.54", "19.6")]
    assert models.Reading.objects.get(indicator__code="CTAX", month="2016-05-01").value == Decimal("19.54")
    confirm(team, response.context["upload"].token)
    assert models.Reading.objects.get(indicator__code="CTAX", month="2016-05-01").value == Decimal("19.6")
