"""The consistency report: for a quarter, every status and arrow where the product and the
council's printed report differ, with both values and the reason, on a page for the performance
team and from `manage.py consistency`. On the demo it lists exactly what
tests/thurrock/test_thurrock_agreement.py lists (tests/thurrock/disagreements.py)."""

import io
import json
import re

import pytest
from django.core.management import call_command

from reports.consistency import DIFFERS, NOT_CHECKED, consistency_of
from tests.people import make_user
from tests.thurrock.disagreements import MONTH_DISAGREEMENTS, STATUS_DISAGREEMENTS

URL = "/scorecards/2016/q3/consistency/"


def consistency(*args) -> str:
    out = io.StringIO()
    call_command("consistency", *args, stdout=out)
    return out.getvalue()


def keyed(lines) -> set[tuple[str, str]]:
    return {(d.code, d.field) for d in lines}


def test_the_demos_q3_lists_what_the_agreement_test_lists(thurrock):
    report = consistency_of(2016, 3)
    listed = {(code, "status") for code, quarter in STATUS_DISAGREEMENTS if quarter == 3} | {
        (code, f"dot_month_{n}_{n - 1}") for code, n in MONTH_DISAGREEMENTS}
    statuses_and_months = {key for key in keyed(report.differences) if not key[1].startswith("dot_year")
                           and key[1] != "dot_quarter"}
    assert statuses_and_months == listed and len(listed) == 18
    # Both say something and disagree: 15 month arrows (SAT, EMR, BINS and the demand rows' higher/lower).
    assert len(report.differing) == 15 and all(d.field.startswith("dot_month_") for d in report.differing)
    # Printed, but the rules give none: TWOA's status, 2 month arrows, LITTER's arrow since Q2 and 39 since
    # last year (32 of the KPIs' 33, unemployment's, 6 demand rows'): the demo has no 2015/16 monthly
    # figures but obesity's, whose arrow agrees.
    assert len(report.not_checked) == 43
    assert sum(d.field == "dot_year" for d in report.not_checked) == 39


def test_each_line_gives_both_values_and_the_reason(thurrock):
    lines = {(d.code, d.field): d for d in consistency_of(2016, 3).differences}
    bins = lines["BINS", "dot_month_7_6"]
    assert (bins.kind, bins.what, bins.ours, bins.printed, bins.printed_text) == (
        DIFFERS, "October against September", "↓ Worse", "→ Static", "→")
    assert bins.reason.startswith("October 97.2% against September 99.3%, higher is better: worse")
    twoa = lines["TWOA", "status"]
    assert (twoa.kind, twoa.ours, twoa.printed) == (NOT_CHECKED, "–", "Achieved ✓")
    assert "'74% of DWP total* (changes each term)' has no number" in twoa.reason
    fly = lines["FLY", "dot_month_7_6"]
    assert (fly.ours, fly.printed) == ("↓ Lower", "↑ Higher") and "no polarity" in fly.reason


def test_a_status_the_rules_judge_otherwise_says_against_what(thurrock):
    """Q1: the paper prints only the year target for council tax; against it 28.29% fails."""
    ctax = {(d.code, d.field): d for d in consistency_of(2016, 1).differences}["CTAX", "status"]
    assert (ctax.kind, ctax.ours, ctax.printed) == (DIFFERS, "Failed ✗", "Achieved ✓")
    assert "28.29%" in ctax.reason and "98.9" in ctax.reason and "the paper printed achieved" in ctax.reason


def test_the_command_prints_text(thurrock):
    text = consistency("--year", "2016", "--quarter", "3")
    assert text.splitlines()[0] == "Quarter 3 2016/17: 15 difference(s), 43 printed value(s) not checked"
    assert "BINS October against September: ours ↓ Worse, printed → Static (→). October 97.2%" in text
    assert "TWOA Status: ours –, printed Achieved ✓ (Achieved). The rules give no status" in text


def test_the_command_prints_json(thurrock):
    printed = json.loads(consistency("--year", "2016", "--quarter", "3", "--format", "json"))
    assert printed["quarter"] == "2016-Q3"
    assert {(d["code"], d["field"]) for d in printed["differences"]} == keyed(consistency_of(2016, 3).differences)
    sat = next(d for d in printed["differences"] if (d["code"], d["field"]) == ("SAT", "dot_month_9_8"))
    assert sat == {"code": "SAT", "title": sat["title"], "field": "dot_month_9_8", "what": "December against November",
                   "ours": "→ Static", "printed": "↑ Better", "printed_text": "↑", "kind": "differs",
                   "reason": "December 75% against November 75%, higher is better: static; the paper printed ↑, "
                             "read as better."}


def test_the_command_refuses_a_year_that_is_not_one(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--year 16 is not a financial year"):
        consistency("--year", "16", "--quarter", "3")


@pytest.mark.parametrize("role, status", [("officer", 403), ("councillor", 403), ("scrutiny", 403),
                                          ("performance", 200)])
def test_the_page_is_the_performance_teams(client, thurrock, role, status):
    client.force_login(make_user("someone", role))
    assert client.get(URL).status_code == status


def test_anyone_else_signs_in_first(client, thurrock):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_lists_both_kinds_in_labelled_tables(client, thurrock):
    client.force_login(make_user("pat", "performance"))
    page = client.get(URL).content.decode()
    assert 'aria-label="Breadcrumb"' in page and ">Consistency report</li>" in page
    assert "Differences: our value and the printed one disagree (15)" in page
    assert "Not checked: printed, but our rules give none (43)" in page
    assert re.search(r'<div class="table-scroll" tabindex="0" role="region" aria-label="Differences between', page)
    assert "October 97.2% against September 99.3%" in page
    assert page.count('<tr class="govuk-table__row">') == 2 + 15 + 43  # two heads, every line


def test_the_summary_links_to_it_for_the_performance_team_only(client, thurrock):
    assert URL not in client.get("/scorecards/2016/q3/").content.decode()
    client.force_login(make_user("chris", "councillor"))
    assert URL not in client.get("/scorecards/2016/q3/").content.decode()
    client.force_login(make_user("pat", "performance"))
    assert f'href="{URL}"' in client.get("/scorecards/2016/q3/").content.decode()
