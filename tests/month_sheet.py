"""December 2016's month sheet as an officer fills it in: the indicators it lists, and posting it
(the `housing` fixture in tests/conftest.py builds Refuse bins with these)."""

from datetime import date
from decimal import Decimal

from kpis.models import Directorate, Indicator, Reading

MONTH = "2016-12"
URL = f"/entry/{MONTH}/"
DECEMBER = date(2016, 12, 1)


def make_indicator(code, **attributes):
    directorate, _ = Directorate.objects.get_or_create(name=attributes.pop("directorate", "AHH - Housing"))
    return Indicator.objects.create(code=code, title=attributes.pop("title", f"Indicator {code}"),
                                    directorate=directorate, **attributes)


def approved(indicator, month, value):
    return Reading.objects.create(indicator=indicator, month=date.fromisoformat(f"{month}-01"), value=Decimal(value),
                                  state=Reading.State.APPROVED)


def post(client, action="save", **fields):
    data = {"action": action}
    for key, value in fields.items():
        code, field = key.split("__")
        data[f"{code}-{field}"] = value
    return client.post(URL, data)


# The rest of the housing fixture's month: Submit refuses a due figure left blank.
OTHER_FIGURES = {"HOMES__value": "31", "CALL__value": "1:55", "HRA__value": "-432"}


def submitted(client, officer, value="99.2"):
    """Refuse bins submitted for December, with the month's other figures (OTHER_FIGURES)."""
    client.force_login(officer)
    post(client, "submit", BINS__value=value, BINS__commentary="Why it fails, what we do, when it recovers.",
         **OTHER_FIGURES)
    return Reading.objects.get(month=DECEMBER, indicator__code="BINS")


def officers_draft(client, officer, value="99.2"):
    client.force_login(officer)
    post(client, "save", BINS__value=value)
    return Reading.objects.get(month=DECEMBER)
