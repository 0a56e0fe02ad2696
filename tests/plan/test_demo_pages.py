"""The plan's pages on the demo: the council's 2014/15 mid-year report (load_corporate_plan) beside
Thurrock's 2016/17 KPIs, Quarters 1-3 published. The plan's Quarter 2 2014/15 is published here."""

import io
import re

import pytest
from django.core.management import call_command

from plan.models import Objective
from reports.presentation import display_row
from reports.scorecards import scorecard_for
from tests.datasets import PLAN_DEMO_PUBLISHED

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def demo_plan(thurrock):
    call_command("load_corporate_plan", stdout=io.StringIO())
    call_command("publish_quarter", *PLAN_DEMO_PUBLISHED, stdout=io.StringIO())


def test_the_demo_register_maps_as_the_report_rates_it(client, demo_plan):
    response = client.get("/plan/risks/")
    html, page = response.content.decode(), text(response)
    risks = html.split('aria-label="Risks by impact and likelihood, as a table"')[1].split("</table>")[0]
    critical = re.search(r'<th scope="row"[^>]*>Critical</th>(.*?)</tr>', risks).group(1)
    likely = re.findall(r"<td[^>]*>(.*?)</td>", critical)[2]
    assert likely.startswith("9 (")  # nine risks Critical / Likely in the report's register
    opportunities = page[page.index("Opportunities: impact by likelihood"):]
    assert re.search(r"27: [^(]+\(as printed: Major / Unlikely\)", opportunities)


def test_a_demo_objective_gives_its_kpis_latest_published_result(client, demo_plan):
    objective = Objective.objects.get(indicators__code="PRIM")
    rows = [row for quarter in (3, 2, 1) for row in scorecard_for(2016, quarter).rows if row.code == "PRIM"
            and row.result.figure is not None]
    page = text(client.get(f"/plan/2014/q2/objectives/{objective.slug}/"))
    assert "No result for Quarter 2 2014/15. Its latest published result is for Quarter 3 2016/17:" in page
    shown = display_row(rows[0])
    assert f"Figure {shown.figure}" in page and f"Status {shown.status.text}" in page


def test_the_demo_plan_counts_its_hundred_deliverables(client, demo_plan):
    page = text(client.get("/plan/"))
    assert "Corporate plan: Quarter 2 2014/15" in page
    counts = [int(n) for n in re.findall(r"(\d+) (?:Green|Amber|Red|n/a) ", page.split("Key to the")[1])]
    assert sum(counts) == 100
