"""The officers' forms in the GOV.UK error pattern (the month sheet, signing in, importing), and
what the month sheet refuses: a decimal comma, a blank due figure on Submit; what it offers: the
numerator and denominator of a ratio only, a usual range within the unit."""

import re
from decimal import Decimal

import pytest

from kpis.domain import figures
from kpis.domain.rules import IndicatorSpec
from kpis.domain.terms import Unit
from kpis.models import Reading
from tests.month_sheet import DECEMBER, OTHER_FIGURES, URL, approved, make_indicator, post


def title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.S).group(1).strip()


def summary(page: str) -> list[tuple[str, str]]:
    """The error summary's links: (href, text)."""
    start = page.index('class="govuk-error-summary"')
    block = page[start:page.index("</ul>", start)]
    return re.findall(r'<li><a href="(#[^"]+)">(.*?)</a></li>', block)


def ids(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


# --- the month sheet ------------------------------------------------------------------------


@pytest.mark.parametrize("typed, example", [("97,5", "97.5"), ("1.234,5", "1234.5"), ("0,25%", "0.25")])
def test_a_decimal_comma_is_told_to_be_a_full_stop(typed, example):
    with pytest.raises(figures.EntryError, match=f"^Use a full stop for decimals, for example {re.escape(example)}$"):
        figures.parse_value(IndicatorSpec("X", unit=Unit.NUMBER), typed)


def test_a_thousands_separator_is_still_one():
    assert figures.parse_value(IndicatorSpec("X", unit=Unit.COUNT), "1,112") == 1112


def test_97_comma_5_on_the_page_names_the_field_and_writes_nothing(client, officer, housing):
    client.force_login(officer)
    page = post(client, "save", BINS__value="97,5", HOMES__value="31").content.decode()
    assert title(page).startswith("Error: Figures for Dec-16")
    assert summary(page) == [("#id_BINS-value", "% of refuse bins emptied on correct day figure: "
                                                "use a full stop for decimals, for example 97.5")]
    group = page[page.rindex('<div class="govuk-form-group', 0, page.index('id="id_BINS-value-error"')):]
    assert group.startswith('<div class="govuk-form-group govuk-form-group--error">')
    assert ('<p class="govuk-error-message" id="id_BINS-value-error"><span class="govuk-visually-hidden">Error:</span> '
            "Use a full stop for decimals, for example 97.5</p>") in group
    field = re.search(r'<input[^>]*name="BINS-value"[^>]*>', page).group(0)
    assert "govuk-input--error" in field and 'aria-describedby="id_BINS-value-error"' in field
    assert not Reading.objects.filter(month=DECEMBER).exists()


def test_each_summary_link_reads_as_one_sentence(client, officer, housing):
    """The message beside the field, carried on after the indicator and field it names: no
    capital letter mid-sentence, for a field's message or one of the whole figure."""
    client.force_login(officer)
    page = post(client, "save", BINS__value="97,5", HOMES__value="-1", CALL__value="2 minutes").content.decode()
    assert [text for _, text in summary(page)] == [
        "% of refuse bins emptied on correct day figure: use a full stop for decimals, for example 97.5",
        "Indicator CALL figure: &#x27;2 minutes&#x27; is not a time written mm:ss or a number of seconds",
        "Indicator HOMES figure: -1 is not a count: use a whole number of 0 or more"]
    post(client, "save", BINS__value="99.2")
    page = post(client, "save", BINS__value="99.5").content.decode()  # opened before that save
    [(_, text)] = summary(page)
    assert text.startswith("% of refuse bins emptied on correct day: changed by Olivia at ")


def test_without_errors_the_title_has_no_error_and_there_is_no_summary(client, officer, housing):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert title(page).startswith("Figures for Dec-16")
    assert "govuk-error-summary" not in page


def test_every_summary_link_goes_to_a_field_on_the_page(client, officer, housing):
    client.force_login(officer)
    page = post(client, "submit", BINS__value="ninety", HOMES__value="2.5", CALL__value="2 minutes").content.decode()
    links = summary(page)
    assert sorted(href for href, _ in links) == ["#id_BINS-value", "#id_CALL-value", "#id_HOMES-value", "#id_HRA-value"]
    assert {href[1:] for href, _ in links} <= ids(page)
    assert all(text[0].isupper() or text[0] in "%'&" for _, text in links)  # each names its indicator first


def test_a_blank_due_figure_on_submit_is_named_and_nothing_is_written(client, officer, housing):
    client.force_login(officer)
    fields = {**OTHER_FIGURES, "HOMES__value": ""}
    page = post(client, "submit", BINS__value="99.2", BINS__commentary="Crews short; cover agreed.", **fields)
    page = page.content.decode()
    assert summary(page) == [("#id_HOMES-value", "Enter a figure for Indicator HOMES for December 2016, "
                                                 "or save as draft")]
    assert not Reading.objects.filter(month=DECEMBER).exists()
    # A flag saying why there is no figure is an answer; and a draft may be left half done.
    assert post(client, "save", BINS__value="99.2").status_code == 302
    response = post(client, "submit", BINS__value="99.2", BINS__commentary="Crews short; cover agreed.",
                    BINS__version=str(Reading.objects.get(month=DECEMBER).version),
                    **{**OTHER_FIGURES, "HOMES__value": "", "HOMES__flag": "in_arrears"})
    assert response.status_code == 302, summary(response.content.decode())
    assert Reading.objects.get(indicator__code="HOMES", month=DECEMBER).flag == "in_arrears"


def test_numerator_and_denominator_only_for_a_ratio(client, officer, housing):
    make_indicator("RENT", title="% Rent collected", unit="percent", decimals=2, rollup="ratio")
    client.force_login(officer)
    page = client.get(URL).content.decode()
    assert 'name="RENT-numerator"' in page and 'name="RENT-denominator"' in page
    for code in ("BINS", "HOMES", "CALL", "HRA"):  # a mean, a sum, a mean of times, the latest
        assert f'name="{code}-numerator"' not in page and f'name="{code}-denominator"' not in page
        assert f'name="{code}-value"' in page


@pytest.mark.parametrize("unit, history, expected", [
    (Unit.COUNT, [0, 1, 10], (0, 20)),  # a count is never below 0
    (Unit.PERCENT, [99.8, 96.5, 97.8], (93.2, 100)),  # nor a percentage above 100
    (Unit.NUMBER, [0, 1, 10], (-10, 20)),  # a number may be negative
    (Unit.CURRENCY, [0, 1, 10], (-10, 20)),
], ids=["count", "percent", "number", "currency"])
def test_the_usual_range_stays_within_the_unit(unit, history, expected):
    low, high = figures.outside_usual_range(Decimal(500), [Decimal(str(v)) for v in history], unit)
    assert (low, high) == tuple(Decimal(str(v)) for v in expected)


def test_the_usual_range_shown_is_never_below_zero_for_a_count(client, officer, housing):
    from kpis.models import Indicator

    homes = Indicator.objects.get(code="HOMES")
    for month, value in (("2016-09", "0"), ("2016-10", "1"), ("2016-11", "10")):
        approved(homes, month, value)
    client.force_login(officer)
    page = post(client, "save", HOMES__value="30").content.decode()
    assert "30 is outside the usual range of the last 12 figures (0 to 20)" in page


def test_one_primary_button_per_form(client, officer, housing):
    client.force_login(officer)
    page = client.get(URL).content.decode()
    form = page[page.index('<form method="post" id="month-form"'):page.index("</form>", page.index('id="month-form"'))]
    buttons = re.findall(r'<button[^>]*class="(govuk-button[^"]*)"', form)
    assert sorted(buttons) == ["govuk-button", "govuk-button govuk-button--secondary",
                               "govuk-button govuk-button--secondary"]


# --- signing in and importing -----------------------------------------------------------------


def test_signing_in_with_nothing_typed(client, db):
    page = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()
    assert title(page).startswith("Error: Sign in")
    assert summary(page) == [("#id_username", "Enter your username"), ("#id_password", "Enter your password")]
    assert 'class="govuk-form-group govuk-form-group--error"' in page
    assert re.search(r'<input[^>]*class="govuk-input govuk-input--error"[^>]*name="username"|'
                     r'<input[^>]*name="username"[^>]*class="govuk-input govuk-input--error"', page)
    assert "autofocus" not in page  # the summary takes the focus


def test_a_wrong_password_links_to_the_username(client, officer):
    page = client.post("/accounts/login/", {"username": "olivia", "password": "wrong"}).content.decode()
    assert title(page).startswith("Error: Sign in")
    assert summary(page) == [("#id_username", "The username and password do not match, or this account is locked "
                                              "after too many failed attempts. Try again later.")]


def test_the_upload_form_with_nothing_chosen(client, performance):
    client.force_login(performance)
    page = client.post("/imports/", {"year": ""}).content.decode()
    assert title(page).startswith("Error: Import a workbook")
    assert summary(page) == [("#id_workbook", "Choose the workbook to upload."),
                             ("#id_layout_0", "Say what kind of workbook it is.")]
    assert {"id_workbook", "id_layout_0"} <= ids(page)


def test_a_page_without_a_problem_is_not_titled_error(client, performance):
    client.force_login(performance)
    assert title(client.get("/imports/").content.decode()).startswith("Import a workbook")
    assert title(client.get("/accounts/login/").content.decode()).startswith("Sign in")
