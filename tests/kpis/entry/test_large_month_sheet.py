"""A service with hundreds of indicators saves its month sheet: Django's default limit of
1,000 posted fields refused it with a bare 400 (found by benchmarks/load at council scale)."""

from kpis.models import Reading
from tests.month_sheet import URL, make_indicator

ROWS = 300
FIELDS = ("value", "numerator", "denominator", "flag", "note", "commentary", "version", "commentary_seen")


def test_a_month_sheet_of_three_hundred_indicators_is_saved_whole(client, officer):
    codes = [make_indicator(f"H{n:03d}", unit="count", rollup="sum").code for n in range(ROWS)]
    client.force_login(officer)
    data = {"action": "save"}
    for code in codes:
        data |= {f"{code}-{name}": "" for name in FIELDS} | {f"{code}-value": "7"}
    assert len(data) > 2000  # as a browser posts the sheet: every field of every row
    response = client.post(URL, data)
    assert response.status_code == 302, response.status_code
    assert Reading.objects.filter(indicator__code__in=codes, value=7).count() == ROWS
