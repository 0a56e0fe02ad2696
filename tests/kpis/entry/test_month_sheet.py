"""An officer enters a month's figures: checked in the indicator's unit, saved whole or
not at all, commentary asked for where the quarter to date fails."""

from datetime import date
from decimal import Decimal

import pytest

from kpis.models import Commentary, Reading
from tests.month_sheet import OTHER_FIGURES, URL, make_indicator, post
from tests.people import make_user


def test_the_officer_sees_their_services_indicators_with_context(client, officer, housing):
    make_indicator("POT", directorate="E&P - H&T")
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert "% of refuse bins emptied on correct day" in page and "Indicator HOMES" in page
    assert "Indicator POT" not in page  # another service's
    assert "99.8%" in page  # last month's figure
    assert 'for="id_BINS-value"' in page and 'id="id_BINS-value"' in page  # every input has its label


def test_check_shows_the_month_meeting_and_the_year_to_date_failing(client, officer, housing):
    client.force_login(officer)
    page = post(client, "check", BINS__value="99.2").content.decode()
    row = page[page.index('id="row-BINS"'):page.index("</fieldset>", page.index('id="row-BINS"'))]
    assert 'data-status="month">Achieved ✓' in row
    assert 'data-status="quarter">Failed ✗ (97.7%)' in row
    assert not Reading.objects.filter(month=date(2016, 12, 1)).exists()  # Check writes nothing


def test_statuses_as_json_for_the_page_script(client, officer, housing):
    client.force_login(officer)
    response = client.post(URL, {"action": "check", "BINS-value": "99.2"}, HTTP_ACCEPT="application/json")
    assert response.json()["BINS"] == {"month": "Achieved ✓", "quarter": "Failed ✗ (97.7%)"}


def test_save_draft_keeps_the_figures_with_who(client, officer, housing):
    client.force_login(officer)
    response = post(client, "save", BINS__value="99.2", HOMES__value="31", CALL__value="1:55", HRA__value="-432")
    assert response.status_code == 302
    saved = {r.indicator.code: r for r in Reading.objects.filter(month=date(2016, 12, 1))}
    assert {code: r.value for code, r in saved.items()} == {
        "BINS": Decimal("99.2"), "HOMES": 31, "CALL": 115, "HRA": -432}
    assert {r.state for r in saved.values()} == {"draft"}
    assert saved["BINS"].history.latest().history_user == officer


def test_submitting_a_failing_quarter_needs_a_commentary(client, officer, housing):
    client.force_login(officer)
    page = post(client, "submit", BINS__value="99.2", **OTHER_FIGURES).content.decode()
    assert "The quarter to date fails its target" in page
    assert not Reading.objects.filter(month=date(2016, 12, 1)).exists()
    response = post(client, "submit", BINS__value="99.2", BINS__commentary="Congestion and breakdowns in the summer.",
                    **OTHER_FIGURES)
    assert response.status_code == 302
    assert Reading.objects.get(month=date(2016, 12, 1), indicator=housing).state == "submitted"
    assert Commentary.objects.get(indicator=housing, year=2016, quarter=3).text.startswith("Congestion")


@pytest.fixture
def rent(housing):
    """A ratio indicator: its figure may be given as a numerator and a denominator."""
    return make_indicator("RENT", title="% Rent collected", unit="percent", decimals=2, rollup="ratio")


def test_the_percentage_is_computed_from_its_parts(client, officer, rent):
    client.force_login(officer)
    post(client, "save", RENT__numerator="992", RENT__denominator="1000")
    reading = Reading.objects.get(month=date(2016, 12, 1))
    assert (reading.numerator, reading.denominator, reading.value) == (992, 1000, Decimal("99.2"))


BAD_INPUTS = [
    ("BINS__value", "100.5", "BINS-value", "100.5 is outside 0-100 for a percentage"),  # as the import words it
    ("BINS__value", "ninety", "BINS-value", "'ninety' is not a number"),
    ("HOMES__value", "-3", "HOMES-value", "-3 is not a count: use a whole number of 0 or more"),
    ("HOMES__value", "2.5", "HOMES-value", "2.5 is not a count: use a whole number of 0 or more"),
    ("CALL__value", "2 minutes", "CALL-value", "'2 minutes' is not a time written mm:ss or a number of seconds"),
    ("HRA__value", "£432k", "HRA-value", "'£432k' is not a number"),
]


@pytest.mark.parametrize("field, typed, name, message", BAD_INPUTS, ids=[b[0] + "=" + b[1] for b in BAD_INPUTS])
def test_a_bad_figure_is_refused_with_its_message_and_nothing_is_written(client, officer, housing, field, typed,
                                                                          name, message):
    client.force_login(officer)
    fields = {"HOMES__value": "31", field: typed}  # a good figure beside the bad one is not saved either
    page = post(client, "save", **fields).content.decode()
    assert message in page.replace("&#x27;", "'")
    assert f'aria-describedby="id_{name}-error"' in page
    assert not Reading.objects.filter(month=date(2016, 12, 1)).exists()


@pytest.mark.parametrize("fields, message", [
    ({"RENT__numerator": "12", "RENT__denominator": "10"}, "The numerator 12 is larger than the denominator 10"),
    ({"RENT__numerator": "1", "RENT__denominator": "0"}, "The denominator must be more than 0"),
    ({"RENT__numerator": "1"}, "Give both the numerator and the denominator, or neither"),
    ({"RENT__value": "99", "RENT__numerator": "99", "RENT__denominator": "100"}, "it is worked out from them"),
    ({"RENT__note": "late"}, "Give the figure, or a flag saying why there is none"),
], ids=["numerator above denominator", "zero denominator", "numerator alone", "typed twice", "note alone"])
def test_bad_parts_are_refused(client, officer, rent, fields, message):
    client.force_login(officer)
    page = post(client, "save", **fields).content.decode()
    assert message in page
    assert not Reading.objects.filter(month=date(2016, 12, 1)).exists()


def test_an_unusual_figure_asks_for_confirmation_rather_than_refusing(client, officer, housing):
    client.force_login(officer)
    page = post(client, "save", BINS__value="9.2").content.decode()  # 92 typed wrong
    assert "9.2 is outside the usual range of the last 12 figures (89.2 to 100)" in page  # never above 100%
    assert 'name="BINS-confirm"' in page
    assert not Reading.objects.filter(month=date(2016, 12, 1)).exists()
    post(client, "save", BINS__value="9.2", BINS__confirm="on")
    assert Reading.objects.get(month=date(2016, 12, 1)).value == Decimal("9.2")


def test_commentary_is_user_text_and_renders_inert(client, officer, housing):
    client.force_login(officer)
    script = "<script>alert('x')</script> Breakdowns."
    post(client, "save", BINS__value="99.2", BINS__commentary=script)
    for page in (client.get(URL).content.decode(), client.get("/indicators/BINS/").content.decode()):
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Breakdowns." in page


@pytest.mark.parametrize("approve", [False, True], ids=["submitted", "approved"])
def test_a_confirmed_unusual_figure_once_submitted_does_not_block_the_rest_of_the_month(
        client, officer, performance, housing, approve):
    from kpis.services import workflow

    client.force_login(officer)
    post(client, "submit", BINS__value="9.2", BINS__confirm="on", BINS__commentary="Strike: crews out for 3 weeks.",
         **OTHER_FIGURES)
    bins = Reading.objects.get(indicator=housing, month=date(2016, 12, 1))
    assert (bins.value, bins.state) == (Decimal("9.2"), "submitted")
    if approve:
        workflow.approve(performance, [bins.id])
    make_indicator("TENANCY")  # the month's only row still to enter
    # The submitted rows are shown read-only, its confirmation box disabled: the browser sends none of them.
    response = client.post(URL, {"action": "save", "TENANCY-value": "31"})
    assert response.status_code == 302, response.content.decode()
    assert Reading.objects.get(indicator__code="TENANCY", month=date(2016, 12, 1)).value == 31
    bins.refresh_from_db()
    assert bins.value == Decimal("9.2") and bins.state == ("approved" if approve else "submitted")


@pytest.mark.parametrize("approve", [False, True], ids=["submitted", "approved"])
def test_a_figure_typed_on_a_page_opened_before_it_was_submitted_is_refused_saying_by_whom(
        client, officer, performance, housing, approve):
    """Two officers of the service open the month; one submits (and the team approves) before
    the other saves. The second officer's page still sent the figure: it is never dropped
    unseen with "saved", but refused with who and what, and nothing of that save is written."""
    from kpis.services import workflow

    colleague = make_user("hana", "officer", ["AHH - Housing"])
    client.force_login(colleague)
    page = client.get(URL).content.decode()
    assert 'name="BINS-value"' in page and 'name="BINS-version" id=' in page  # editable, nothing stored yet
    client.force_login(officer)
    submitted = post(client, "submit", BINS__value="98.9", BINS__commentary="Crews short in August; agency cover agreed.",
                     **OTHER_FIGURES)
    assert submitted.status_code == 302, submitted.content.decode()
    bins = Reading.objects.get(indicator=housing, month=date(2016, 12, 1))
    if approve:
        workflow.approve(performance, [bins.id])
    before = list(Reading.history.values_list("history_id", flat=True))
    make_indicator("TENANCY")  # the month's only row still to enter

    client.force_login(colleague)
    response = post(client, "save", BINS__value="97.1", TENANCY__value="31")
    page = response.content.decode()
    assert response.status_code == 200
    who = "Pat" if approve else "Olivia"  # who last changed it: the approver, or the officer who submitted
    assert f"Changed by {who}" in page and "the figure is now 98.9" in page and "Nothing was saved" in page
    assert list(Reading.history.values_list("history_id", flat=True)) == before  # TENANCY's 31 neither
    bins.refresh_from_db()
    assert bins.value == Decimal("98.9") and bins.state == ("approved" if approve else "submitted")
    # The page shown again has the figure read-only, so saving it again saves the rest.
    assert 'name="BINS-value" value="98.9"' in page and 'disabled id="id_BINS-value"' in page
    assert post(client, "save", TENANCY__value="31").status_code == 302
    assert Reading.objects.get(indicator__code="TENANCY", month=date(2016, 12, 1)).value == 31


def test_a_confirmed_unusual_figure_saved_as_draft_is_not_asked_about_again(client, officer, housing):
    client.force_login(officer)
    post(client, "save", BINS__value="9.2", BINS__confirm="on")
    reading = Reading.objects.get(month=date(2016, 12, 1))
    response = post(client, "save", BINS__value="9.2", BINS__version=str(reading.version), HOMES__value="31")
    assert response.status_code == 302  # saved, the confirmed figure unchanged and not asked about
    assert Reading.objects.get(indicator__code="HOMES", month=date(2016, 12, 1)).value == 31
    reading.refresh_from_db()
    changed = post(client, "save", BINS__value="9.3", BINS__version=str(reading.version)).content.decode()
    assert "9.3 is outside the usual range" in changed  # a new unusual figure is asked about
