"""A reading page is computed once per change of its data and reused until then
(reports.cache): every way the data changes shows on the next page, an officer's draft leaves
the public's pages as they were, and a change the product was not told of is not shown, which
proves the pages really come from the cache."""

from datetime import date
from decimal import Decimal

from kpis.models import Indicator, PublishedValue, Reading, Target
from kpis.selectors.freshness import versions
from kpis.services import freshness
from tests.kpis.admin_pages import form_of
from tests.month_sheet import DECEMBER, officers_draft, submitted
from tests.uploads import confirm, messages_of, upload
from tests.workbooks import months, published, small_council, write_workbook

BINS_2016 = "/indicators/BINS/?year=2016"
Q3_TABLE = "/scorecards/2016/q3/indicators/"
PUBLIC_PAGES = ["/", "/scorecards/2016/q3/", Q3_TABLE, f"{Q3_TABLE}?status=failed", BINS_2016]


def page(client, url, user=None):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def bins_row(html):
    """The table row of refuse bins in a scorecard table."""
    start = html.index("/indicators/BINS/")
    return html[start:html.index("</tr>", start)]


def test_a_page_is_reused_until_the_product_is_told_its_data_changed(client, housing):
    before = {url: page(client, url) for url in PUBLIC_PAGES}
    # Written behind the product's back: no signal, no new token, so every page stays as it was kept.
    Reading.objects.filter(indicator=housing, month=date(2016, 11, 1)).update(value=Decimal("12.3"))
    assert {url: page(client, url) for url in PUBLIC_PAGES} == before

    freshness.changed()
    assert "12.3" in page(client, BINS_2016)
    assert bins_row(page(client, Q3_TABLE)) != bins_row(before[Q3_TABLE])


def test_approval_shows_the_figure_and_its_words_on_the_next_public_page(client, officer, performance, housing):
    submitted(client, officer, value="93.1")
    assert "93.1" not in page(client, BINS_2016)
    table = page(client, Q3_TABLE)

    client.force_login(performance)
    reading = Reading.objects.get(indicator=housing, month=DECEMBER)
    client.post("/review/decision/", {"action": "approve", "reading": [reading.id]})
    shown = page(client, BINS_2016)
    assert "93.1" in shown and "Why it fails, what we do, when it recovers." in shown
    assert bins_row(page(client, Q3_TABLE)) != bins_row(table)


def test_a_returned_figure_leaves_the_public_pages_warm_and_the_teams_page_shows_it(
        client, officer, performance, housing):
    public = {url: page(client, url) for url in PUBLIC_PAGES}
    assert "92.9" not in page(client, BINS_2016, performance)
    token = versions().public
    reading = submitted(client, officer, value="92.9")
    client.force_login(performance)
    client.post("/review/decision/", {"action": "return", "reading": [reading.id], "reason": "Check the round."})
    assert versions().public == token
    assert {url: page(client, url) for url in PUBLIC_PAGES} == public
    assert "92.9" in page(client, BINS_2016, performance)


def test_an_officers_draft_changes_the_teams_pages_not_the_publics(client, officer, performance, housing):
    assert "91.1" not in page(client, BINS_2016, performance)  # kept, drafts included
    public = page(client, BINS_2016)
    token = versions()
    officers_draft(client, officer, value="91.1")
    assert versions().public == token.public and versions().working != token.working
    assert page(client, BINS_2016) == public
    assert "91.1" in page(client, BINS_2016, performance)


def test_a_target_changed_in_the_admin_shows_on_the_next_page(client, performance, housing):
    assert "91.7" not in page(client, BINS_2016)
    target = Target.objects.get(indicator=housing, year=2016, period="year")
    client.force_login(performance)
    url = f"/admin/kpis/target/{target.id}/change/"
    assert client.post(url, form_of(client, url) | {"value": "91.7"}).status_code == 302
    assert "91.7" in page(client, BINS_2016)


def test_an_indicator_renamed_in_the_admin_shows_on_every_page(client, performance, housing):
    for url in PUBLIC_PAGES:
        page(client, url)
    client.force_login(performance)
    url = f"/admin/kpis/indicator/{housing.id}/change/"
    assert client.post(url, form_of(client, url) | {"title": "Bins emptied on the right day"}).status_code == 302
    for url in ["/", Q3_TABLE, BINS_2016]:
        assert "Bins emptied on the right day" in page(client, url), url


def test_locking_and_reopening_a_quarter_change_the_public_token_and_a_reopened_edit_shows(
        client, performance, housing):
    assert "44.4" not in page(client, BINS_2016)
    token = versions().public
    client.force_login(performance)
    client.post("/quarters/lock/", {"year": 2016, "quarter": 3})
    locked = versions().public
    assert locked != token
    client.post("/quarters/reopen/", {"year": 2016, "quarter": 3, "reason": "November was misread."})
    assert versions().public != locked

    reading = Reading.objects.get(indicator=housing, month=date(2016, 11, 1))
    url = f"/admin/kpis/reading/{reading.id}/change/"
    assert client.post(url, form_of(client, url) | {"value": "44.4"}).status_code == 302
    assert "44.4" in page(client, BINS_2016)


def test_a_printed_value_shows_on_the_next_table(client, housing):
    assert "differs from the published" not in bins_row(page(client, Q3_TABLE))
    PublishedValue.objects.create(indicator=housing, year=2016, quarter=3, field="status", value="Achieved")
    assert "differs from the published" in bins_row(page(client, Q3_TABLE))


def test_in_focus_chosen_shows_on_the_next_table(client, performance, housing):
    assert "In Focus" not in bins_row(page(client, Q3_TABLE))
    client.force_login(performance)
    client.post("/scorecards/2016/q3/focus/", {"indicator": [housing.id]})
    assert "In Focus" in bins_row(page(client, Q3_TABLE))


def test_an_import_shows_its_figures_and_printed_values_on_the_next_pages(
        client, performance, imported_small_council, tmp_path):
    homes = "/indicators/HOMES/?year=2016"
    assert "4,321" not in page(client, homes) and "4321" not in page(client, homes)
    table = page(client, Q3_TABLE)
    sheets = small_council()
    sheets["Readings"] = [r for r in sheets["Readings"] if not (r["code"] == "HOMES" and r["month"] == "2016-12")]
    sheets["Readings"] += months("HOMES", "2016-12", [4321])
    sheets["Published"] = [r for r in sheets["Published"] if (r["code"], r["quarter"]) != ("CTAX", 3)]
    sheets["Published"] += published("CTAX", 3, status="Failed")
    client.force_login(performance)
    token = upload(client, write_workbook(tmp_path / "changed.xlsx", sheets)).context["upload"].token
    assert messages_of(confirm(client, token)) == ["changed.xlsx imported: 2 changes written."]
    assert "4,321" in page(client, homes)
    ctax = page(client, Q3_TABLE)
    ctax = ctax[ctax.index("/indicators/CTAX/"):]
    assert "differs from the published Failed" in ctax[:ctax.index("</tr>")]
    assert page(client, Q3_TABLE) != table


def test_the_scorecard_itself_is_computed_once_per_change(housing, django_assert_num_queries):
    from reports.scorecards import scorecard_for

    first = scorecard_for(2016, 3)
    with django_assert_num_queries(1):  # the token alone
        assert scorecard_for(2016, 3) == first
    Indicator.objects.filter(pk=housing.pk).update(title="Renamed")
    freshness.changed()
    assert scorecard_for(2016, 3).rows[0].title == "Renamed"


def writes_of_tokens(queries) -> int:
    return sum(1 for q in queries if q["sql"].lower().startswith('update "kpis_dataversion"'))


def rereads_of_one_reading(queries) -> int:
    """A reading selected again by its id alone, as a save's check of what it publishes once did."""
    return sum(1 for q in queries if q["sql"].startswith('SELECT') and 'FROM "kpis_reading" WHERE "kpis_reading"."id" ='
               in q["sql"])


def test_a_month_of_figures_and_its_approval_each_change_the_tokens_once(client, officer, performance, housing):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kpis.services import workflow
    from tests.month_sheet import post

    client.force_login(officer)
    figures = {"BINS__value": "99.1", "HOMES__value": "31", "CALL__value": "2:30", "HRA__value": "12"}
    for action, expected in (("save", "draft"), ("submit", "submitted")):
        token = versions()
        with CaptureQueriesContext(connection) as saving:
            response = post(client, action, **figures, BINS__commentary="Crews short; cover agreed.",
                            **{f"{code}__version": str(version) for code, version in Reading.objects.filter(
                                month=DECEMBER).values_list("indicator__code", "version")})
        assert response.status_code == 302, response.content.decode()
        assert set(Reading.objects.filter(month=DECEMBER).values_list("state", flat=True)) == {expected}
        assert writes_of_tokens(saving.captured_queries) == 1 and rereads_of_one_reading(saving.captured_queries) == 0
        assert versions().working != token.working and versions().public == token.public  # nothing published

    token = versions()
    with CaptureQueriesContext(connection) as approving:
        workflow.approve(performance, list(Reading.objects.filter(month=DECEMBER).values_list("id", flat=True)))
    assert writes_of_tokens(approving.captured_queries) == 1 and rereads_of_one_reading(approving.captured_queries) == 0
    assert versions().public != token.public


def test_a_published_change_moves_the_public_token_even_when_the_block_then_fails_and_is_caught(housing):
    """A writer that catches a failure inside together() and commits what it wrote: the tokens
    changed with the write itself, not at the block's end."""
    from django.db import transaction

    token = versions().public
    with transaction.atomic():
        try:
            with freshness.together():
                reading = Reading.objects.get(indicator=housing, month=date(2016, 11, 1))
                reading.value = Decimal("12.3")
                reading.save()
                raise ValueError("a later row was refused")
        except ValueError:
            pass
    assert versions().public != token


def test_a_reading_refreshed_from_the_database_is_compared_with_what_it_now_holds(housing, performance):
    """Loaded as a draft, approved elsewhere, refreshed, then returned: the published figure goes,
    so the public token must move (compared with the refreshed row, not the first load)."""
    reading = Reading.objects.create(indicator=housing, month=DECEMBER, value=Decimal("91.0"),
                                     state=Reading.State.DRAFT)
    mine = Reading.objects.get(pk=reading.pk)
    Reading.objects.filter(pk=reading.pk).update(state=Reading.State.APPROVED)
    mine.refresh_from_db()
    token = versions().public
    mine.state = Reading.State.RETURNED
    mine.save()
    assert versions().public != token
