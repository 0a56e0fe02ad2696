"""The register's heat maps: the counting itself (plan.heatmap, pure) as a table of cases, and the
page's picture and its table of the same counts as text, the risks off the scale listed apart."""

import json
import re

import pytest

from plan.heatmap import Rated, heat_map
from plan.models import Risk
from tests.plan.plan_data import make_plan

IMPACTS, LIKELIHOODS = Risk.Impact.choices, Risk.Likelihood.choices


def counts(result) -> list[list[int]]:
    return [[cell.count for cell in row.cells] for row in result.rows]


def test_an_empty_register_is_sixteen_empty_cells_highest_impact_first():
    result = heat_map([], IMPACTS, LIKELIHOODS)
    assert [row.label for row in result.rows] == ["Exceptional", "Critical", "Substantial", "Marginal"]
    assert [label for _, label in result.likelihoods] == ["Very unlikely", "Unlikely", "Likely", "Very likely"]
    assert counts(result) == [[0] * 4] * 4 and result.not_placed == () and result.placed == 0


@pytest.mark.parametrize("impact, likelihood, row, column", [
    (4, 4, 0, 3),  # exceptional, very likely: top right
    (1, 1, 3, 0),  # marginal, very unlikely: bottom left
    (3, 3, 1, 2),  # critical, likely (Risk 25 of the 2014/15 report)
    (2, 1, 2, 0),
], ids=["top-right", "bottom-left", "critical-likely", "substantial-very-unlikely"])
def test_each_rating_lands_in_its_cell(impact, likelihood, row, column):
    result = heat_map([Rated(1, "A risk", impact, likelihood)], IMPACTS, LIKELIHOODS)
    assert result.rows[row].cells[column].numbers == (1,)
    assert result.placed == 1


def test_a_cell_counts_every_risk_in_it_and_names_them_by_number():
    result = heat_map([Rated(31, "b", 3, 3), Rated(25, "a", 3, 3), Rated(28, "c", 1, 1)], IMPACTS, LIKELIHOODS)
    assert counts(result) == [[0, 0, 0, 0], [0, 0, 2, 0], [0, 0, 0, 0], [1, 0, 0, 0]]
    assert result.rows[1].cells[2].numbers == (25, 31) and result.rows[1].cells[2].lines == ("2", "25, 31")
    assert result.rows[0].cells[0].lines == ("0",)


@pytest.mark.parametrize("impact, likelihood", [(None, 3), (3, None), (None, None), (5, 3), (3, 0)],
                         ids=["no-impact (Opportunity 27 'Major')", "no-likelihood", "neither", "impact-5",
                              "likelihood-0"])
def test_a_rating_off_the_scale_is_not_placed_but_kept_with_its_printed_words(impact, likelihood):
    item = Rated(27, "Growth", impact, likelihood, "Major / Likely")
    result = heat_map([item, Rated(25, "a", 3, 3)], IMPACTS, LIKELIHOODS)
    assert result.not_placed == (item,) and result.placed == 1


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.mark.django_db
def test_the_register_page_draws_each_map_and_gives_its_counts_as_text(client):
    make_plan()
    response = client.get("/plan/risks/")
    html, text = response.content.decode(), page_text(response)
    assert "Risks: impact by likelihood" in text and "Opportunities: impact by likelihood" in text
    # The table: the Critical row has both Critical / Likely risks in its Likely column.
    table = html.split('aria-label="Risks by impact and likelihood, as a table"')[1].split("</table>")[0]
    critical = re.search(r"<th scope=\"row\"[^>]*>Critical</th>(.*?)</tr>", table).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", critical) == ["0", "0", "2 (25, 26)", "0"]
    marginal = re.search(r"<th scope=\"row\"[^>]*>Marginal</th>(.*?)</tr>", table).group(1)
    assert re.findall(r"<td[^>]*>(.*?)</td>", marginal) == ["1 (28)", "0", "0", "0"]
    assert "Risks by impact and likelihood: how many in each cell, and their numbers" in text  # its caption
    # The picture: the same counts, drawn by plotly.js from the page's JSON (no inline script).
    figure = json.loads(re.search(r'<script id="heat-map-risks" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))
    trace, shapes = figure["data"][0], figure["layout"]["shapes"]
    drawn = dict(zip(zip(trace["y"], trace["x"], strict=True), trace["text"], strict=True))
    assert len(drawn) == 16 and len(shapes) == 16
    assert drawn["Critical", "Likely"] == "2<br>25, 26" and drawn["Marginal", "Very unlikely"] == "1<br>28"
    assert drawn["Exceptional", "Very likely"] == "0"
    assert figure["layout"]["yaxis"]["categoryarray"] == ["Marginal", "Substantial", "Critical", "Exceptional"]
    # Shaded by count, the fullest darkest; an empty cell white. Drawn as SVG: no data: image the CSP refuses.
    fills = {(s["y0"] + 0.5, s["x0"] + 0.5): s["fillcolor"] for s in shapes}
    assert fills[2, 2] == "#5694ca" and fills[3, 3] == "#ffffff" and fills[0, 0] not in ("#5694ca", "#ffffff")
    assert all(trace["type"] != "heatmap" for trace in figure["data"])
    assert 'data-chart="heat-map-risks"' in html and "plotly-cartesian.min.js" in html


@pytest.mark.django_db
def test_an_opportunity_off_the_scale_is_listed_under_its_map_as_printed(client):
    make_plan()
    text = page_text(client.get("/plan/risks/"))
    opportunities = text[text.index("Opportunities: impact by likelihood"):text.index("4 risks and opportunities, by number")]
    assert "Not placed on the map" in opportunities
    assert "27: Growth brings new employers (as printed: Major / Likely)" in opportunities
    assert "Not placed" not in text[:text.index("Opportunities: impact by likelihood")]


@pytest.mark.django_db
def test_the_register_lists_every_risk_with_its_deliverables(client):
    make_plan()
    response = client.get("/plan/risks/")
    text = page_text(response)
    assert "25 Risk School funding falls short Critical Likely 1 : Deliver the new school places" in text
    assert "27 Opportunity Growth brings new employers Not on the scale (as printed: Major / Likely) Likely 3" in text
    assert 'href="/plan/deliverables/1/"' in response.content.decode()
