"""What the public reads of a commentary is exactly the text that was approved, kept until
newer text is approved: a draft never replaces it, never hides it."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kpis.domain.periods import Month
from kpis.models import Commentary, Reading
from kpis.services import workflow
from reports.excel.appendix import appendix_workbook
from reports.scorecards import appendix_data, scorecard_for
from tests.month_sheet import URL

OCTOBER, NOVEMBER, DECEMBER = Month(2016, 10), Month(2016, 11), Month(2016, 12)


def save(user, month, indicator, value, commentary, *, submit):
    reading = Reading.objects.filter(indicator=indicator, month=month.first_day).first()
    entry = workflow.Entry(indicator, value=Decimal(str(value)), commentary=commentary,
                           seen_version=reading.version if reading else None)
    return workflow.save_month(user, month, [entry], submit=submit)[0]


def public_page(client, code="BINS"):
    client.logout()
    return client.get(f"/indicators/{code}/?year=2016").content.decode()


@pytest.fixture
def homes(housing):
    return housing.__class__.objects.get(code="HOMES")


def test_approving_a_month_publishes_the_words_submitted_with_it_not_a_later_draft(
        client, officer, performance, homes):
    october = save(officer, OCTOBER, homes, 30, "C1 as submitted", submit=True)
    save(officer, NOVEMBER, homes, 31, "C2 still a draft", submit=False)
    workflow.approve(performance, [october.id])
    page = public_page(client, "HOMES")
    assert "C1 as submitted" in page and "C2 still a draft" not in page
    assert next(r for r in scorecard_for(2016, 3).rows if r.code == "HOMES").commentary == "C1 as submitted"
    commentary = Commentary.objects.get(indicator=homes, year=2016, quarter=3)
    assert (commentary.text, commentary.published_text) == ("C2 still a draft", "C1 as submitted")


@pytest.fixture
def published_words(housing):
    """Refuse bins fails its Q3 year to date; the council published why."""
    return Commentary.objects.create(indicator=housing, year=2016, quarter=3, text="Published words.",
                                     published_text="Published words.")


def failed_commentary_in_appendix_1b() -> list:
    book = load_workbook(io.BytesIO(_saved(appendix_workbook(appendix_data(2016, 3)))))
    sheet = book["Appendix 1b"]
    return [row[9] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]


def _saved(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_draft_neither_replaces_nor_hides_the_published_commentary(
        client, officer, housing, published_words):
    save(officer, DECEMBER, housing, 99.2, "Draft words, unreviewed.", submit=False)
    page = public_page(client)
    assert "Published words." in page and "Draft words" not in page
    assert failed_commentary_in_appendix_1b() == ["Published words."]
    row = next(r for r in scorecard_for(2016, 3).rows if r.code == "BINS")
    assert row.commentary == "Published words."
    client.force_login(officer)  # their own service's page shows both, the draft marked
    page = client.get("/indicators/BINS/?year=2016").content.decode()
    assert "Published words." in page and "Draft (not published)</strong> Draft words" in page


def test_a_returned_commentary_is_not_published_by_a_later_approval(client, officer, performance, housing,
                                                                     published_words):
    december = save(officer, DECEMBER, housing, 99.2, "Words the team sends back.", submit=True)
    workflow.return_to_officer(performance, [december.id], "Say when it recovers")
    assert Commentary.objects.get(pk=published_words.pk).published_text == "Published words."
    assert "Words the team sends back." not in public_page(client)


def test_approving_one_month_publishes_its_own_words_not_those_sent_with_another(
        client, officer, performance, homes):
    october = save(officer, OCTOBER, homes, 30, "C1 with October", submit=True)
    november = save(officer, NOVEMBER, homes, 31, "C2 with November", submit=True)
    workflow.approve(performance, [october.id])
    assert "C1 with October" in public_page(client, "HOMES")
    workflow.return_to_officer(performance, [november.id], "Check November")
    page = public_page(client, "HOMES")
    assert "C1 with October" in page and "C2 with November" not in page


def test_the_latest_approved_months_words_stand_whatever_the_order_of_approval(
        client, officer, performance, homes):
    october = save(officer, OCTOBER, homes, 30, "C1 with October", submit=True)
    november = save(officer, NOVEMBER, homes, 31, "C2 with November", submit=True)
    workflow.approve(performance, [november.id])
    workflow.approve(performance, [october.id])
    page = public_page(client, "HOMES")
    assert "C2 with November" in page and "C1 with October" not in page


def test_returning_one_month_does_not_stop_another_publishing_the_same_words(
        client, officer, performance, homes):
    october = save(officer, OCTOBER, homes, 30, "Same words", submit=True)
    november = save(officer, NOVEMBER, homes, 31, "Same words", submit=True)
    workflow.return_to_officer(performance, [october.id], "Check October")
    workflow.approve(performance, [november.id])
    assert "Same words" in public_page(client, "HOMES")


def test_the_review_queue_shows_the_commentary_being_approved(client, officer, performance, housing,
                                                               published_words):
    save(officer, DECEMBER, housing, 99.2, "New words: the December round recovered.", submit=True)
    client.force_login(performance)
    page = client.get("/review/").content.decode()
    assert "New words: the December round recovered." in page
    assert "replaces the published: Published words." in page


def test_a_draft_saved_after_submitting_waits_for_its_own_submission(client, officer, performance, homes):
    october = save(officer, OCTOBER, homes, 30, "C1", submit=True)
    save(officer, NOVEMBER, homes, 31, "C2", submit=False)
    workflow.approve(performance, [october.id])
    november = Reading.objects.get(indicator=homes, month=NOVEMBER.first_day)
    save(officer, NOVEMBER, homes, 31, "C2", submit=True)
    workflow.approve(performance, [november.id])
    assert "C2" in public_page(client, "HOMES")
    history = [h.history_change_reason for h in Commentary.objects.get(indicator=homes).history.order_by("history_date")]
    assert history == ["commentary submitted", "commentary saved as draft", "published with the approved figures",
                       "published with the approved figures"]


def test_words_saved_by_someone_else_since_the_page_opened_are_not_overwritten(client, officer, homes):
    save(officer, NOVEMBER, homes, 31, "First words.", submit=False)
    client.force_login(officer)
    form = client.get(URL).context["sheet"].rows
    seen = next(row.form for row in form if row.indicator == homes).initial["commentary_seen"]
    save(officer, NOVEMBER, homes, 31, "Newer words from another tab.", submit=False)  # meanwhile
    response = client.post(URL, {"action": "save", "HOMES-value": "32", "HOMES-commentary": "First words.",
                                 "HOMES-commentary_seen": seen})
    page = response.content.decode()
    assert response.status_code == 200 and "commentary was changed by Olivia" in page
    assert "Newer words from another tab." in page
    assert Commentary.objects.get(indicator=homes).text == "Newer words from another tab."
    assert not Reading.objects.filter(indicator=homes, month=DECEMBER.first_day).exists()  # nothing saved
    # Saving again from the page as it is now shown is a decision: the officer's words stand.
    fresh = response.context["sheet"].rows
    seen = next(row.form for row in fresh if row.indicator == homes).data["HOMES-commentary_seen"]
    client.post(URL, {"action": "save", "HOMES-value": "32", "HOMES-commentary": "First words.",
                      "HOMES-commentary_seen": seen})
    assert Commentary.objects.get(indicator=homes).text == "First words."


def test_a_commentary_longer_than_an_appendix_cell_holds_is_refused_in_words(client, officer, homes):
    client.force_login(officer)
    response = client.post(URL, {"action": "save", "HOMES-value": "32", "HOMES-commentary": "x" * 10_001})
    assert response.status_code == 200
    assert "Ensure this value has at most 10000 characters (it has 10001)" in response.content.decode()
    assert not Commentary.objects.filter(indicator=homes).exists()


def test_an_imported_commentary_longer_than_an_appendix_cell_holds_is_refused(db, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from tests.workbooks import small_council, write_workbook

    sheets = small_council()
    sheets["Commentary"][0]["text"] = "y" * 10_001
    errors = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_workbook", str(write_workbook(tmp_path / "long.xlsx", sheets)), stderr=errors)
    assert errors.getvalue() == "Commentary!2 text: is 10001 characters long; at most 10000 are kept\n"
    assert not Commentary.objects.exists()


def test_an_import_publishes_its_words_and_leaves_an_officers_draft_alone(officer, housing, published_words, tmp_path):
    from django.core.management import call_command

    from tests.workbooks import write_workbook

    save(officer, DECEMBER, housing, 99.2, "Draft words, unreviewed.", submit=False)
    sheets = {"Indicators": [{"code": "BINS", "title": housing.title}], "Targets": [], "Readings": [],
              "Commentary": [{"code": "BINS", "year": 2016, "quarter": 3, "text": "The council's printed words."}]}
    call_command("import_workbook", str(write_workbook(tmp_path / "words.xlsx", sheets)), stdout=io.StringIO())
    commentary = Commentary.objects.get(pk=published_words.pk)
    assert (commentary.text, commentary.published_text) == ("Draft words, unreviewed.", "The council's printed words.")
