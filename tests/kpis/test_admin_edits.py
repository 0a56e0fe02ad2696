"""A figure changed in the admin goes through the same versioned service as the month sheet:
its version is bumped, who and why are kept, a locked quarter is refused, and a stale page
(the admin's or an officer's) is told instead of overwriting."""

from decimal import Decimal

from kpis.domain.periods import Quarter
from kpis.models import Reading
from kpis.services import workflow
from tests.kpis.admin_pages import admin_page
from tests.month_sheet import DECEMBER, officers_draft, post


def save_in_admin(client, reading, data, **changes):
    return client.post(f"/admin/kpis/reading/{reading.id}/change/", {**data, **changes})


def test_an_admin_edit_bumps_the_version_and_an_officers_older_page_is_told(client, officer, performance, housing):
    reading = officers_draft(client, officer)
    officers_page_version = reading.version  # the officer's page, opened now, carries it

    client.force_login(performance)
    page, data = admin_page(client, reading)
    assert data["seen_version"] == str(reading.version)
    assert 'name="seen_version"' in page.content.decode() and 'type="hidden"' in page.content.decode()
    response = save_in_admin(client, reading, data, value="98.7")
    assert response.status_code == 302, response.context["adminform"].form.errors
    reading.refresh_from_db()
    assert (reading.value, reading.version, reading.updated_by) == (Decimal("98.7"), officers_page_version + 1,
                                                                     performance)
    last = reading.history.latest("history_id")
    assert (last.history_user, last.history_change_reason, last.value) == (performance, "edited in the admin",
                                                                           Decimal("98.7"))

    client.force_login(officer)
    page = post(client, "save", BINS__value="99.5", BINS__version=str(officers_page_version)).content.decode()
    assert "Changed by Pat" in page and "the figure is now 98.7" in page
    assert Reading.objects.get(month=DECEMBER).value == Decimal("98.7")  # the admin's value stands


def test_a_stale_admin_save_is_refused_with_the_newer_figure(client, officer, performance, housing):
    reading = officers_draft(client, officer)
    client.force_login(performance)
    _, data = admin_page(client, reading)  # the admin page opened now
    client.force_login(officer)
    post(client, "save", BINS__value="97.1", BINS__version=str(reading.version))  # the officer saves meanwhile

    client.force_login(performance)
    response = save_in_admin(client, reading, data, value="98.7")
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and "changed by Olivia" in errors[0] and "the figure is now 97.1" in errors[0]
    assert "the figure is now 97.1" in response.content.decode()
    reading.refresh_from_db()
    assert reading.value == Decimal("97.1")  # nothing overwritten
    # The form shown again carries the newer version: saving again is a decision, and goes through.
    assert response.context["adminform"].form["seen_version"].value() == str(reading.version)
    response = save_in_admin(client, reading, data, value="98.7", seen_version=str(reading.version))
    assert response.status_code == 302
    assert Reading.objects.get(month=DECEMBER).value == Decimal("98.7")


def test_an_admin_edit_in_or_into_a_locked_quarter_is_refused(client, officer, performance, housing):
    reading = officers_draft(client, officer)
    workflow.lock_quarter(performance, Quarter(2016, 3))
    client.force_login(performance)
    _, data = admin_page(client, reading)
    response = save_in_admin(client, reading, data, value="98.7")
    assert response.status_code == 200
    assert "Quarter 3 2016/17 is locked" in response.content.decode()
    assert Reading.objects.get(pk=reading.pk).value == Decimal("99.2")

    workflow.reopen_quarter(performance, Quarter(2016, 3), "move a figure")
    workflow.lock_quarter(performance, Quarter(2016, 4))
    response = save_in_admin(client, reading, data, month="2017-01-01")
    assert "Quarter 4 2016/17 is locked" in response.content.decode()
    assert Reading.objects.get(pk=reading.pk).month == DECEMBER


def test_a_figure_added_in_the_admin_starts_its_versions_and_history(client, performance, housing):
    client.force_login(performance)
    response = client.post("/admin/kpis/reading/add/", {
        "indicator": housing.id, "month": "2016-12-01", "value": "98.8", "numerator": "", "denominator": "",
        "flag": "", "note": "", "state": "draft", "return_reason": "", "seen_version": ""})
    assert response.status_code == 302
    reading = Reading.objects.get(month=DECEMBER)
    assert (reading.version, reading.updated_by) == (1, performance)
    assert reading.history.latest("history_id").history_change_reason == "edited in the admin"


def test_reverting_to_an_earlier_figure_in_the_admin_is_an_edit_too(client, officer, performance, housing):
    reading = officers_draft(client, officer, "99.2")
    first = reading.history.latest("history_id")
    post(client, "save", BINS__value="97.1", BINS__version=str(reading.version))
    client.force_login(performance)
    url = f"/admin/kpis/reading/{reading.id}/history/{first.history_id}/"
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields}
    assert data["value"].startswith("99.2") and data["seen_version"] == str(reading.version + 1)
    assert client.post(url, data).status_code == 302
    reading.refresh_from_db()
    assert (reading.value, reading.version) == (Decimal("99.2"), first.version + 2)
    assert reading.history.latest("history_id").history_change_reason == "edited in the admin"
