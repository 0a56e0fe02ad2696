"""The quarter summary and the scorecard table, on Thurrock's Q3 2016/17."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis.domain.terms import Section, label
from kpis.models import Directorate, Indicator, Reading, Target
from reports.excel.appendix import SECTIONS
from tests.people import make_user

SUMMARY = "/scorecards/2016/q3/"
TABLE = "/scorecards/2016/q3/indicators/"


def titles(page: str) -> list[str]:
    body = page[page.index('<tbody class="govuk-table__body">'):page.index("</tbody>")]
    return re.findall(r'<a href="/indicators/[^/]+/">([^<]+)</a>', body)


def test_the_summary_gives_counts_and_percentages_beside_the_papers(client, thurrock):
    page = client.get(SUMMARY).content.decode()
    # What the table shows: the rules' 21 of 39, and the two-year-olds row's printed Achieved
    # (its target has no number), counted and said to be the council's.
    assert "22 of 40" in page and "21 computed, 1 as published" in page and "55%" in page
    assert "18 of 40" in page and "45%" in page
    assert "15 of 35" in page and "42.86%" in page and "50%" in page  # better since last quarter
    # Since last year the rules compute one arrow; the other 32 are the council's.
    assert "17 of 33" in page and "all as published" in page and "54.55%" in page
    assert f'href="{TABLE}?category=kpi&amp;status=failed"' in page  # to the indicators behind a line


def test_filters_live_in_the_query_string(client, thurrock):
    page = client.get(TABLE + "?section=failing").content.decode()
    failing = titles(page)
    # 18 failed, and the new-method NEET row, which has no status, where the council placed it.
    assert len(failing) == 19 and "% Rent collected" in failing
    assert "% of 16-19 yr old Not in Education, Employment or Training" in failing
    assert '<caption class="govuk-table__caption govuk-table__caption--s">Quarter 3 2016/17: 19 of 49 indicators</caption>' in page
    little = titles(client.get(TABLE + "?status=failed&portfolio=cllr-s-little").content.decode())
    assert little == ["Self-Directed Support - % adult social care users in receipt of SDS",
                      "Average time (in days) for a child to be adopted (3 year average)",
                      "% older people still at home 91 days after discharge from hospital into reablement "
                      "/rehabilitation"]
    demand = titles(client.get(TABLE + "?category=demand&dot_quarter=higher").content.decode())
    assert set(demand) == {"No of homeless cases accepted", "No of incidents of Fly tipping reported",
                           "Rate of Children subject to Child Protect Plan"}


def test_sorting_through_the_url(client, thurrock):
    by_figure = titles(client.get(TABLE + "?section=failing&sort=-figure").content.decode())
    assert by_figure[0] == "% of 16-19 yr old Not in Education, Employment or Training"  # no figure: first descending
    assert by_figure[1:3] == ["Number of places available for two year olds to access early years education in the "
                             "borough", "Average time (in days) for a child to be adopted (3 year average)"]
    ascending = titles(client.get(TABLE + "?section=failing&sort=figure").content.decode())
    assert ascending == list(reversed(by_figure))
    page = client.get(TABLE + "?sort=status").content.decode()
    assert 'aria-sort="ascending"' in page


def test_a_computed_status_that_differs_from_the_papers_is_flagged(client, thurrock):
    page = client.get("/scorecards/2016/q1/indicators/?status=failed").content.decode()
    council_tax = page[page.index("% Council Tax collected"):]
    council_tax = council_tax[:council_tax.index("</tr>")]
    assert "Failed ✗" in council_tax and "differs from the published Achieved ✓" in council_tax


def test_published_values_stand_in_where_the_rules_cannot_compute(client, thurrock):
    page = client.get(TABLE + "?section=achieving").content.decode()
    assert "as published" in page  # no 2015/16 figures: the council's arrows, marked


def test_drafts_are_marked_for_the_performance_team_and_hidden_from_everyone_else(client, thurrock):
    rent = Indicator.objects.get(code="RENT")
    Reading.objects.filter(indicator=rent, month=date(2016, 12, 1)).update(value=Decimal("98.12"), state="draft")
    for user in (None, make_user("chris", "councillor")):
        if user:
            client.force_login(user)
        page = client.get(TABLE + "?portfolio=cllr-r-gledhill").content.decode()
        assert "98.12" not in page and "Draft" not in page
    client.force_login(make_user("pat", "performance"))
    page = client.get(TABLE + "?portfolio=cllr-r-gledhill").content.decode()
    rent_row = page[page.index("% Rent collected"):]
    assert "98.12%" in rent_row[:rent_row.index("</tr>")] and "Draft" in rent_row[:rent_row.index("</tr>")]


CSV = "/scorecards/2016/q3/indicators.csv"


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode(), newline="")))


def test_the_csv_holds_exactly_the_rows_the_filtered_table_shows(client, thurrock):
    query = "?status=failed&portfolio=cllr-s-little"
    shown = titles(client.get(TABLE + query).content.decode())
    rows = csv_rows(client.get(CSV + query))
    assert [row["title"] for row in rows] == shown and len(shown) == 3
    assert {row["status"] for row in rows} == {"failed"} and {row["portfolio"] for row in rows} == {"Cllr S Little"}
    failing = csv_rows(client.get(CSV + "?section=failing"))
    assert len(failing) == 19 and {row["section"] for row in failing} == {"failing"}
    assert len(csv_rows(client.get(CSV))) == 49  # no filter: every row of the quarter


def test_the_table_links_its_csv_with_the_filters_chosen(client, thurrock):
    page = client.get(TABLE + "?status=failed&portfolio=cllr-s-little&sort=-figure&page=1").content.decode()
    # The filters go with the link; the table's own sort and page do not.
    assert f'href="{CSV}?status=failed&amp;portfolio=cllr-s-little"' in page
    assert f'href="{CSV}"' in client.get(TABLE).content.decode()


def test_the_csv_has_drafts_only_for_the_performance_team_and_marks_them(client, thurrock):
    rent = Indicator.objects.get(code="RENT")
    Reading.objects.filter(indicator=rent, month=date(2016, 12, 1)).update(value=Decimal("98.12"), state="draft")
    [public] = [row for row in csv_rows(client.get(CSV + "?portfolio=cllr-r-gledhill")) if row["code"] == "RENT"]
    assert public["figure"] != "98.12" and "draft" not in public
    client.force_login(make_user("pat", "performance"))
    [team] = [row for row in csv_rows(client.get(CSV + "?portfolio=cllr-r-gledhill")) if row["code"] == "RENT"]
    assert team["figure"] == "98.12" and team["draft"].startswith("Draft")


def test_the_sparkline_draws_the_months_that_exist_and_says_them(client, thurrock):
    page = client.get(TABLE + "?section=failing").content.decode()
    litter = page[page.index("Street Cleanliness - a) Litter"):]
    litter = litter[:litter.index("</tr>")]
    assert "Jun-16 3.48, Nov-16 4.29" in litter  # two surveys, not nine padded months


def council(size: int):
    directorate = Directorate.objects.create(name=f"D{size}")
    for n in range(size):
        indicator = Indicator.objects.create(code=f"I{size}-{n}", title=f"Indicator {n}", directorate=directorate,
                                             rollup="sum", unit="count")
        Target.objects.create(indicator=indicator, year=2016, period="year", value=100)
        Reading.objects.bulk_create(Reading(indicator=indicator, month=date(2016, m, 1), value=n, state="approved")
                                    for m in range(4, 13))


@pytest.mark.parametrize("url", [SUMMARY, TABLE, TABLE + "?status=achieved&sort=-figure"])
def test_the_query_count_does_not_grow_with_the_indicators(client, db, url):
    def queries(size):
        council(size)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        Indicator.objects.all().delete()
        Directorate.objects.all().delete()
        return len(captured)

    assert queries(10) == queries(200)


def test_status_and_direction_carry_colour_beside_word_and_arrow(client, thurrock):
    page = client.get(TABLE + "?section=failing").content.decode()
    assert '<strong class="govuk-tag govuk-tag--red">Failed ✗</strong>' in page
    assert '<span class="tone-good">↑ Better</span>' in page
    home = client.get("/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--green">Achieved ✓</strong>' in home


def test_a_section_reads_the_same_in_the_summary_the_filter_and_the_workbook(client, thurrock):
    """One wording per section, the appendix's own (kpis.domain.terms)."""
    summary = client.get(SUMMARY).content.decode()
    table = client.get(TABLE).content.decode()
    for section, heading in SECTIONS:  # the workbook's section bands
        assert heading == label(section)
        assert f'<option value="{section.value}">{heading}</option>' in table
    for section in (Section.FAILING, Section.ACHIEVING, Section.CONTEXT, Section.DEMAND):
        assert f'?section={section.value}">{label(section)}</a>' in summary
