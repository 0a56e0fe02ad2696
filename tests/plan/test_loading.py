"""load_corporate_plan: the council's 2014/15 mid-year report (fixtures/seeds/001_…txt, transcribed by
hand into fixtures/corporate_plan_2014_15.json) loads as the seed gives it, word for word; loads once
however often it runs; refuses a bad file naming the deliverable and the problem, with nothing
written; and makes the demo's officers the leads of their deliverables."""

import io
import json
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from plan.loading import PLAN, REASON
from plan.models import Deliverable, Objective, Priority, Progress, Risk
from plan.permissions import may_update
from tests.month_sheet import make_indicator
from tests.people import make_user

SEED_FILE = PLAN.parent / "seeds" / "001_b4ba70cea0fda95e_plan_only.txt"
SEED_LINES = SEED_FILE.read_text(encoding="utf-8").splitlines()
MODELS = (Priority, Objective, Risk, Deliverable, Progress)


def normalised(text: str) -> str:
    """The PDF's line breaks, tabs and double spaces are not the report's words: all whitespace is one space."""
    return " ".join(text.split())


SEED = normalised("\n".join(SEED_LINES))

# Where the transcription differs from the seed's text, and why: deliverable number -> (what the seed
# prints, what was transcribed, reason). Each must be needed and must match the seed exactly once.
SEED_REPAIRS = {
    5: [("(Opportunity G Thurrock)", "(Opportunity Thurrock)",
         "the RAG letter G is printed inside the sentence, at the PDF's line break")],
    8: [("the number of each quarter has closed. Using validated data available for 11/12 and 12/13, the number "
         "of apprenticeships", "the number of apprenticeships",
         "the PDF prints the start of the commentary's second line twice"),
        ("in all of the local A priority sectors", "in all of the local priority sectors",
         "the RAG letter A is printed inside the sentence, at the PDF's line break")],
    11: [("pre- G schools", "pre-schools", "the RAG letter G splits 'pre-schools' at the PDF's line break")],
    16: [("officers in G developing", "officers in developing",
          "the RAG letter G is printed inside the sentence, before a page break")],
    33: [("Housing Investment and **Development Programmes**", "Housing Investment and Development Programmes",
          "the extraction's bold markup (**) in the title"),
         ("embarked on a G strategic path", "embarked on a strategic path",
          "the RAG letter G is printed inside the sentence of the flattened table")],
    34: [("an additional 3 G months", "an additional 3 months", "the RAG letter G is printed inside the sentence")],
    35: [("A key plank of R this strategy", "A key plank of this strategy",
          "the RAG letter R is printed inside the sentence")],
    48: [("<i>Housing Estate</i>", "Housing Estate", "the extraction's italic markup (<i>)")],
    66: [("this is also Α reflected", "this is also reflected",
          "the RAG letter (Greek Α) is printed inside the sentence, at the PDF's line break")],
    78: [("<i>foyer</i>", "foyer", "the extraction's italic markup (<i>)")],
    **{number: [("- · Moving all our records", "- Moving all our records",
                 "the extraction doubles this bullet ('- ·'); the other bullets have one")] for number in (98, 99, 100)},
}
# The seed prints this deliverable's progress (seed lines 473-481) without a title: the data gives it a
# bracketed placeholder, the only title not in the seed.
UNTITLED = {73: "[Title not printed in the report] Healthy weight"}


def load(*args) -> str:
    out = io.StringIO()
    call_command("load_corporate_plan", *map(str, args), stdout=out)
    return out.getvalue()


def state() -> dict:
    """Every row of every plan table, its links, and how many history rows each has."""
    tables = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    tables["risk links"] = sorted(Deliverable.risks.through.objects.values_list("deliverable_id", "risk_id"))
    tables["indicator links"] = sorted(Objective.indicators.through.objects.values_list("objective_id", "indicator_id"))
    tables["history"] = [model.history.count() for model in MODELS]
    tables["link history"] = [apps.get_model("plan", name).objects.count()
                              for name in ("HistoricalDeliverable_risks", "HistoricalObjective_indicators")]
    return tables


def data() -> dict:
    return json.loads(PLAN.read_text(encoding="utf-8"))


def deliverable(title: str) -> Deliverable:
    return Deliverable.objects.get(title=title)


def q2(row: Deliverable) -> Progress:
    return row.progress.get(year=2014, quarter=2)


@pytest.fixture
def loaded(db):
    return load()


# --- what loads -----------------------------------------------------------------------------------


def test_it_loads_the_counts_transcribed_from_the_seed(loaded):
    assert Priority.objects.count() == 6
    assert Objective.objects.count() == 18
    assert Deliverable.objects.count() == 100
    assert Risk.objects.filter(kind="risk").count() == 25
    assert Risk.objects.filter(kind="opportunity").count() == 5
    assert Progress.objects.filter(year=2014, quarter=2).count() == Progress.objects.count() == 100
    assert "100 deliverables with their Quarter 2 2014/15 progress, 25 risks and 5 opportunities" in loaded
    assert "deliverables: 100 added, 0 changed" in loaded


def test_the_priorities_and_objectives_are_in_the_reports_order(loaded):
    assert list(Priority.objects.values_list("title", flat=True)) == [
        "Create a great place for learning and opportunity",
        "Encourage and promote job creation and economic prosperity",
        "Build pride, responsibility and respect to create safer communities",
        "Improve health and well-being",
        "Protect and promote our clean and green environment",
        "Well run organisation",
    ]
    # Deliverables per objective, objective by objective, as the seed prints them.
    assert [objective.deliverables.count() for objective in Objective.objects.all()] == [
        4, 6, 8, 14, 9, 3, 3, 4, 3, 7, 7, 7, 3, 5, 4, 5, 5, 3]
    well_run = Priority.objects.get(title="Well run organisation")
    assert [o.title for o in well_run.objectives.all()] == ["Financial & Governance", "Staff", "Customers"]
    assert list(Deliverable.objects.values_list("number", flat=True)) == list(range(1, 101))


def test_the_quarter_2_statuses_are_as_transcribed(loaded):
    statuses = {status: Progress.objects.filter(status=status).count() for status in Progress.Status.values}
    assert statuses == {"green": 70, "amber": 27, "red": 1, "n/a": 2}


@pytest.mark.parametrize(("title", "status", "risks", "words"), [
    pytest.param("Implement a Multi-Agency Safeguarding Hub (MASH) through the Early Help Strategy", "green", {3},
                 "The Thurrock MASH was officially launched in September.", id="MASH green, Risk 3 (seed line 108)"),
    pytest.param("Refresh the Community Engagement Strategy", "n/a", {24},
                 "This action is for the second half of this year. It is scheduled to be redrafted by March 2015.",
                 id="Community Engagement Strategy n/a with its reason (seed line 308)"),
    pytest.param("Develop and implement programmes to promote Thurrock as a destination for business environment, "
                 "encourage in local businesses, including the provision of advice and financial incentives to "
                 "encourage and support to new business start-ups through the TIGER (Thames Gateway Innovation "
                 "Growth & Enterprise) fund", "red", set(),
                 "Government would not be extending the programme", id="TIGER fund red (seed line 239)"),
    pytest.param("Implementation of Mental Health Strategy", "amber", set(),
                 "Personal health budgets are on target to e implemented from April 2105.",
                 id="Mental Health Strategy amber, its spelling kept (seed line 424)"),
    pytest.param("Implementation Plan for year 1 delivery of the Care Act", "green", {2},
                 "A Care Act Implementation Group", id="Care Act green, Risk 2 (seed lines 400-401)"),
    pytest.param("Deliver Medium Term Financial Strategy 2014-15", "green", {6, 7, 10, 12, 22, 25, 31},
                 "Property rationalisation is progressing as planned", id="Financial & Governance group (line 583)"),
])
def test_named_deliverables_are_as_the_seed_prints_them(loaded, title, status, risks, words):
    row = deliverable(title)
    assert q2(row).status == status
    assert words in q2(row).commentary
    assert set(row.risks.values_list("number", flat=True)) == risks
    assert row.lead_officer == ""  # the seed names no lead officers


def test_commentary_keeps_its_paragraphs(loaded):
    commentary = q2(deliverable("Complete the Review of the 5-19 school nursing service")).commentary
    assert commentary == ("School nursing service review is complete and a draft feedback report produced. School "
                          "Nursing contract has been extended to 1 September 2015 whilst officers develop a new "
                          "service specification.")
    lakeside = q2(deliverable("Further develop and deliver the MasterPlan documents for Lakeside and Grays"))
    assert lakeside.commentary.split("\n\n")[0] == (
        "Work is ongoing in relation to the completion of the Master Plan documents for both Lakeside and Grays "
        "Town Centre.")
    assert len(lakeside.commentary.split("\n\n")) == 3


@pytest.mark.parametrize(("number", "kind", "title", "impact", "likelihood", "as_printed"), [
    pytest.param(3, "risk", "Children Social Care", Risk.Impact.CRITICAL, Risk.Likelihood.LIKELY, "Critical/ Likely",
                 id="Risk 3 (seed line 138)"),
    pytest.param(29, "opportunity", "Gloriana Thurrock Ltd", Risk.Impact.EXCEPTIONAL, Risk.Likelihood.VERY_LIKELY,
                 "Exceptional/ Very Likely", id="Opportunity 29 (seed line 231)"),
    pytest.param(27, "opportunity", "Community Hubs", None, Risk.Likelihood.UNLIKELY, "Major / Unlikely",
                 id="Opportunity 27, 'Major' not on the scale (seed line 497)"),
    pytest.param(2, "risk", "Failure to Implement the Care Bill", Risk.Impact.CRITICAL, Risk.Likelihood.LIKELY,
                 "Critical / Likely", id="Risk 2 keeps the table's title, not the link's 'Care Act' (line 412)"),
    pytest.param(23, "risk", "School Place Planning", Risk.Impact.SUBSTANTIAL, Risk.Likelihood.VERY_UNLIKELY,
                 "Substantial / Very Unlikely", id="Risk 23 (seed line 139)"),
    pytest.param(24, "risk", "Community Engagement", Risk.Impact.MARGINAL, Risk.Likelihood.UNLIKELY,
                 "Marginal / Unlikely", id="Risk 24 (seed line 317)"),
])
def test_named_risks_are_as_the_register_tables_print_them(loaded, number, kind, title, impact, likelihood,
                                                           as_printed):
    risk = Risk.objects.get(number=number)
    assert (risk.kind, risk.title, risk.impact, risk.likelihood, risk.as_printed) == (
        kind, title, impact, likelihood, as_printed)


def test_progress_history_says_where_it_came_from(loaded):
    assert set(Progress.history.values_list("history_change_reason", flat=True)) == {REASON}
    assert set(Risk.history.values_list("history_change_reason", flat=True)) == {REASON}


# --- faithful to the seed -------------------------------------------------------------------------


def _repaired_seed(number: int) -> str:
    seed = SEED
    for printed, transcribed, _reason in SEED_REPAIRS.get(number, []):
        assert SEED.count(printed) == 1, f"deliverable {number}: {printed!r} should be in the seed once"
        seed = seed.replace(printed, transcribed)
    return seed


def test_every_title_and_commentary_paragraph_is_in_the_seed(loaded):
    missing, repairs_used = [], set()
    for row in Deliverable.objects.all():
        texts = [row.title if row.number not in UNTITLED else None, *q2(row).commentary.split("\n\n")]
        for text in filter(None, texts):
            if text in SEED:
                continue
            if text in _repaired_seed(row.number):
                repairs_used.add(row.number)
            else:
                missing.append(f"deliverable {row.number}: {text[:80]!r}")
        assert normalised(row.title) == row.title
    assert missing == []
    assert repairs_used == set(SEED_REPAIRS), "a repair no text needs any more: remove it"
    assert {n: Deliverable.objects.get(number=n).title for n in UNTITLED} == UNTITLED
    for title in [*Priority.objects.values_list("title", flat=True), *Objective.objects.values_list("title", flat=True)]:
        assert title in SEED


# A register table's row: "Risk 3, Children Social Care<TAB>Critical/ Likely" (Risk 7 prints " ,", Risk 16 a
# full stop before its impact; Opportunity 30's row begins with a stray "ial" from the PDF's margin).
TABLE_ROW = re.compile(r"\b(Risk|Opportunity) (\d+) ?, (.+?)\.?\s+((?:Marginal|Substantial|Critical|Exceptional|Major)"
                       r"\s*/\s*\w+(?: \w+)?)\s*$")


def register_tables() -> list[tuple[str, int, str, str]]:
    rows = []
    for line in SEED_LINES:
        if (match := TABLE_ROW.search(line)) and "(Link" not in line:
            rows.append((match[1].lower(), int(match[2]), match[3].strip(), match[4]))
    return rows


def test_every_risk_of_the_register_tables_is_loaded_once_as_printed(loaded):
    tables = register_tables()
    numbers = [number for _kind, number, _title, _words in tables]
    assert len(tables) == 30 and len(set(numbers)) == 30, "each risk appears in one table only"
    assert sorted(numbers) == list(Risk.objects.values_list("number", flat=True))
    for kind, number, title, words in tables:
        risk = Risk.objects.get(number=number)
        assert (risk.kind, risk.title, risk.as_printed) == (kind, title, words)


def test_every_link_line_is_a_link_of_the_deliverable_before_it(loaded):
    linked = set()
    for line in SEED_LINES:
        for link in re.findall(r"\(Link to ([^)]*(?:\)[^)]*)*)", line):
            linked |= {int(n) for n in re.findall(r"(?:Risk|Opportunity) ?(\d+)", link)}
    assert linked == set(Risk.objects.filter(deliverables__isnull=False).values_list("number", flat=True))
    # The three register rows no link line names: Risk 9, Risk 16 and Opportunity 29.
    assert set(Risk.objects.filter(deliverables=None).values_list("number", flat=True)) == {9, 16, 29}


# --- loading again, bad files ---------------------------------------------------------------------


def test_loading_twice_changes_nothing(loaded):
    before = state()
    again = load()
    assert state() == before
    assert "progress: 0 added, 0 changed" in again
    assert "links to indicators and risks: 0 rows' links set" in again


def test_a_changed_commentary_is_the_only_change_on_reloading(loaded, tmp_path):
    before = state()
    plan = data()
    plan["priorities"][0]["objectives"][0]["deliverables"][0]["commentary"] = ["Rewritten."]
    changed = tmp_path / "plan.json"
    changed.write_text(json.dumps(plan), encoding="utf-8")
    out = load(changed)
    assert "progress: 0 added, 1 changed" in out and "deliverables: 0 added, 0 changed" in out
    assert q2(Deliverable.objects.get(number=1)).commentary == "Rewritten."
    assert Progress.history.count() == before["history"][MODELS.index(Progress)] + 1


def _bad(tmp_path, change) -> str:
    plan = data()
    change(plan)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return str(path)


def _refresh(plan) -> dict:
    """Deliverable 49, "Refresh the Community Engagement Strategy" (n/a, Risk 24)."""
    return plan["priorities"][2]["objectives"][1]["deliverables"][1]


@pytest.mark.parametrize(("change", "message"), [
    pytest.param(lambda plan: _refresh(plan).update(risks=[24, 15]),
                 "deliverable 49 'Refresh the Community Engagement Strategy': links to risk 15, which is not in "
                 "the file's risks", id="unknown risk"),
    pytest.param(lambda plan: _refresh(plan).update(status="yellow"),
                 "deliverable 49 'Refresh the Community Engagement Strategy': status 'yellow' is not one of green, "
                 "amber, red, n/a", id="status not a choice"),
    pytest.param(lambda plan: _refresh(plan).update(commentary=[]),
                 "deliverable 49 'Refresh the Community Engagement Strategy': status n/a needs a commentary giving "
                 "the reason", id="n/a without its reason"),
    pytest.param(lambda plan: plan["risks"][0].update(impact="Major"),
                 "Risk 1: impact 'Major' is not one of Marginal, Substantial, Critical, Exceptional (or null)",
                 id="impact not on the scale"),
    pytest.param(lambda plan: _refresh(plan).update(number=48),
                 "deliverable number 48 appears twice", id="number twice"),
    pytest.param(lambda plan: plan["demo_leads"].update({"Olivia Officer": [48, 400]}),
                 "demo_leads 'Olivia Officer': no deliverable numbered 400", id="lead of no deliverable"),
    pytest.param(lambda plan: plan["priorities"][0]["objectives"].append("Schools"),
                 "priority 1: objectives number 4 should be an object", id="a row not an object"),
])
def test_a_bad_file_writes_nothing_and_names_the_problem(db, tmp_path, change, message):
    with pytest.raises(CommandError) as error:
        load(_bad(tmp_path, change))
    assert message in str(error.value)
    assert str(error.value).endswith("nothing was written.")
    assert all(not model.objects.exists() for model in MODELS)


def test_a_bad_file_leaves_the_loaded_plan_as_it_was(loaded, tmp_path):
    before = state()
    with pytest.raises(CommandError):
        load(_bad(tmp_path, lambda plan: plan["priorities"][-1]["objectives"][-1]["deliverables"][-1].update(
            status="purple")))
    assert state() == before


def test_a_file_that_is_not_json_is_refused(db, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text('{"year": 2014,', encoding="utf-8")
    with pytest.raises(CommandError, match=r"plan.json: not JSON: line 1 column 15"):
        load(path)


# --- links to the demo's indicators and users -----------------------------------------------------


def test_each_objective_indicator_is_a_demo_indicator_with_a_reason():
    sheet = load_workbook(PLAN.parent / "thurrock_2016_17.xlsx", read_only=True)["Indicators"]
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    links = [link for priority in data()["priorities"] for objective in priority["objectives"]
             for link in objective["indicators"]]
    assert links and all(link["code"] in codes and len(link["why"]) > 20 for link in links)


def test_objectives_link_the_indicators_in_the_database(db):
    for code in ("WASTE", "LITTER", "HOMES"):
        make_indicator(code)
    out = load()
    streets = Objective.objects.get(title__startswith="Ensure Thurrock's streets")
    assert set(streets.indicators.values_list("code", flat=True)) == {"WASTE", "LITTER"}
    homes = Objective.objects.get(title="Involve communities in shaping where they live and their quality of life")
    assert set(homes.indicators.values_list("code", flat=True)) == {"HOMES"}
    assert "Indicators not in the database, not linked: PRIM, NEET" in out


def test_demo_leads_are_the_users_of_those_full_names(db):
    call_command("create_demo_users", stdout=io.StringIO())
    out = load()
    officer, environment = User.objects.get(username="officer"), User.objects.get(username="env.officer")
    transforming_homes = deliverable("Deliver year 2 of the Transforming Homes Programme and continue to develop "
                                     "Neighbourhood Plans")
    recycling = deliverable("Increase rate and quality of recycling for medium and high rise properties")
    assert transforming_homes.lead == officer and recycling.lead == environment
    assert set(Deliverable.objects.filter(lead=officer).values_list("number", flat=True)) == {33, 48, 65, 78}
    assert set(Deliverable.objects.filter(lead=environment).values_list("number", flat=True)) == {84, 85, 86, 87}
    assert "Olivia Officer (officer) leads deliverables 33, 48, 65, 78" in out
    assert may_update(officer, transforming_homes) and not may_update(officer, recycling)


def named(username, full_name, **fields):
    first, last = full_name.split()
    User.objects.filter(pk=make_user(username, "officer").pk).update(first_name=first, last_name=last, **fields)


def test_a_lead_name_with_no_user_or_two_links_nobody(db):
    named("olivia", "Olivia Officer")
    named("olivia2", "Olivia Officer")
    out = load()
    assert "Olivia Officer: more than one active user has this full name; none linked" in out
    assert "Ed Environment: no active user has this full name; their deliverables keep no lead" in out
    assert not Deliverable.objects.exclude(lead=None).exists()


def test_an_inactive_user_is_not_made_a_lead(db):
    named("ed", "Ed Environment", is_active=False)
    assert "Ed Environment: no active user has this full name" in load()
