"""Numbers and dates people type into the tracker's forms, past what the tracker or its database
holds: each is refused on the form naming its field, nothing written, never a server error."""

import pytest

from scrutiny.models import ProgressUpdate, Recommendation
from tests.scrutiny.test_forms import progress, recommendation_data
from tests.scrutiny.tracker_data import AS_OF, make_tracker

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(settings):
    settings.TRACKER_AS_OF = AS_OF
    return make_tracker()


@pytest.mark.parametrize("changes, message", [
    ({"number": "99999999999999999999"}, "The No. must be 99,999 or fewer"),  # past the database's integer
    ({"number": "100000"}, "The No. must be 99,999 or fewer"),
    ({"meeting-year": "0001"}, "The meeting date must be in a year from 1990 to 2100"),
    ({"meeting-year": "9999"}, "The meeting date must be in a year from 1990 to 2100"),
])
def test_a_recommendation_out_of_range_is_refused_naming_the_field(client, tracker, changes, message):
    client.force_login(tracker["sam"])
    before = Recommendation.objects.count()
    response = client.post("/scrutiny/recommendations/new/", recommendation_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Recommendation.objects.count() == before


def test_a_progress_update_from_before_the_products_years_is_refused(client, tracker):
    client.force_login(tracker["dawn"])
    before = ProgressUpdate.objects.count()
    response = client.post("/scrutiny/recommendations/1/progress/", progress(year="1066"))
    assert response.status_code == 200
    assert "The date of the update must be in a year from 1990 to 2100" in response.content.decode()
    assert ProgressUpdate.objects.count() == before
