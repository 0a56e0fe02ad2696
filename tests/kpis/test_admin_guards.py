"""The admin is no way round the monthly cycle: a locked quarter's figures, targets and
commentary neither change nor go, approval happens in the review queue (where the words are
published with the figure), a lock is changed only on the Quarters page, and a period the
product does not keep is refused before it can break a page."""

from datetime import date
from decimal import Decimal

import pytest

from kpis.domain.periods import Quarter
from kpis.models import Commentary, QuarterLock, Reading, Target
from kpis.services import workflow
from tests.kpis.admin_pages import admin_page, form_of
from tests.month_sheet import officers_draft

Q3 = Quarter(2016, 3)
NOVEMBER = date(2016, 11, 1)


@pytest.fixture
def signed_off(performance, housing):
    """Refuse bins' Q3, with a target and the published words, locked by the performance team."""
    commentary = Commentary.objects.create(indicator=housing, year=2016, quarter=3, text="Approved.",
                                           published_text="Approved.")
    workflow.lock_quarter(performance, Q3)
    return commentary


def test_a_locked_quarters_commentary_cannot_be_changed_in_the_admin(client, performance, signed_off):
    client.force_login(performance)
    url = f"/admin/kpis/commentary/{signed_off.id}/change/"
    data = form_of(client, url) | {"published_text": "Words nobody approved."}
    response = client.post(url, data)
    assert response.status_code == 200 and "Quarter 3 2016/17 is locked" in response.content.decode()
    signed_off.refresh_from_db()
    assert signed_off.published_text == "Approved."


def test_a_year_target_of_a_locked_quarter_cannot_be_changed_in_the_admin(client, performance, housing, signed_off):
    target = Target.objects.get(indicator=housing, year=2016, period="year")
    client.force_login(performance)
    url = f"/admin/kpis/target/{target.id}/change/"
    response = client.post(url, form_of(client, url) | {"value": "90"})
    assert response.status_code == 200 and "is locked" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("98.5")


def test_nothing_of_a_locked_quarter_is_deleted_in_the_admin(client, performance, housing, signed_off):
    reading = Reading.objects.get(indicator=housing, month=NOVEMBER)
    client.force_login(performance)
    assert client.post(f"/admin/kpis/reading/{reading.id}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/kpis/commentary/{signed_off.id}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/admin/kpis/reading/", {"action": "delete_selected", "_selected_action": [reading.id],
                                                    "post": "yes"})
    assert response.status_code in (200, 302)
    assert Reading.objects.filter(pk=reading.pk).exists() and Commentary.objects.filter(pk=signed_off.pk).exists()


def test_a_lock_is_changed_on_the_quarters_page_only(client, performance, signed_off):
    lock = QuarterLock.objects.get(year=2016, quarter=3)
    client.force_login(performance)
    assert client.get("/admin/kpis/quarterlock/").status_code == 200  # listed
    assert client.post(f"/admin/kpis/quarterlock/{lock.id}/delete/", {"post": "yes"}).status_code == 403
    client.post(f"/admin/kpis/quarterlock/{lock.id}/change/", {"year": 2016, "quarter": 3, "locked": ""})
    lock.refresh_from_db()
    assert lock.locked


def test_a_figure_is_approved_in_the_review_queue_not_in_the_admin(client, officer, performance, housing):
    reading = officers_draft(client, officer)
    client.force_login(performance)
    _, data = admin_page(client, reading)
    assert "state" not in data and "submitted_commentary" not in data
    client.post(f"/admin/kpis/reading/{reading.id}/change/", data | {"state": "approved"})
    reading.refresh_from_db()
    assert reading.state == "draft"


@pytest.mark.parametrize("month", ["9999-12-01", "1990-01-01", "2101-04-01"])
def test_a_month_the_product_does_not_keep_is_refused_in_the_admin(client, performance, housing, month):
    client.force_login(performance)
    data = form_of(client, "/admin/kpis/reading/add/") | {
        "indicator": str(housing.id), "month": month, "value": "95", "flag": ""}
    response = client.post("/admin/kpis/reading/add/", data)
    assert response.status_code == 200 and "is not a financial year from 1990/91 to 2100/01" in \
        response.content.decode()
    assert not Reading.objects.filter(month=month).exists()
    client.logout()
    assert client.get("/indicators/BINS/").status_code == 200
