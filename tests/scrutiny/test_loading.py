"""load_tracker: the council's tracker (fixtures/seeds/004_de7dc345a7c49949.txt) loads exactly as
the seed gives it, loads once however often it runs, refuses a bad file naming row and column with
nothing written, and links assignees to the users of the same full name."""

import datetime
import io
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutiny.loading import REASON, TRACKER
from scrutiny.models import Assignee, ForwardPlanItem, Meeting, ProgressUpdate, Recommendation
from scrutiny.permissions import may_update

MODELS = (Meeting, Assignee, Recommendation, ProgressUpdate, ForwardPlanItem)
SEED_LINES = TRACKER.read_text(encoding="utf-8").splitlines()

# The seed's "Assigned to" column, row by row (row 3's "Dawn Calvert /" + "O&S Officers" across a page).
ASSIGNED = {
    1: {"Louise Neilan"},
    2: {"O&S Officers"},
    3: {"Dawn Calvert", "O&S Officers"},
    4: {"Marta Poczowska"},
    5: {"Tracie Heiser", "O&S Officers"},
    6: {"Tina Dempsey"},
    7: {"Louise Neilan"},
    8: {"Patrick McDermott", "Sarah Brown"},
    9: {"Dawn Calvert"},
    10: {"Michele Lucas"},
    11: {"Patrick McDermott", "Sarah Brown"},
    12: {"Dawn Calvert", "Sima Khiroya"},
    13: {"Dawn Calvert"},
    14: {"Dawn Calvert"},
}
MEETINGS = {  # the seed's Meeting Date column: "30 July 2024", "17 Sept 2024" … and the rows of each
    datetime.date(2024, 7, 30): [1, 2],
    datetime.date(2024, 9, 17): [3, 4, 5],
    datetime.date(2024, 10, 22): [6, 7, 8],
    datetime.date(2024, 11, 20): [9],
    datetime.date(2025, 1, 14): [10, 11, 12, 13, 14],
}


def load(*args):
    out = io.StringIO()
    call_command("load_tracker", *map(str, args), stdout=out)
    return out.getvalue()


def state():
    """Every row of every tracker table, and how many history rows each has."""
    tables = {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}
    tables["assignments"] = sorted(Recommendation.assignees.through.objects.values_list(
        "recommendation_id", "assignee_id"))
    tables["history"] = [model.history.count() for model in MODELS]
    tables["assignment history"] = apps.get_model("scrutiny", "HistoricalRecommendation_assignees").objects.count()
    return tables


@pytest.fixture
def loaded(db):
    return load()


def test_it_loads_the_fourteen_recommendations_of_the_seed(loaded):
    assert list(Recommendation.objects.values_list("number", flat=True)) == list(range(1, 15))
    assert "recommendations: 14 added, 0 changed" in loaded


def test_thirteen_are_closed_and_number_2_is_open_with_the_committee_officers(loaded):
    assert Recommendation.objects.filter(status="closed").count() == 13
    still_open = Recommendation.objects.get(status="open")
    assert still_open.number == 2
    assert [a.name for a in still_open.assignees.all()] == ["O&S Officers"]


def test_the_assignees_are_named_as_the_seed_names_them(loaded):
    assert set(Assignee.objects.values_list("name", flat=True)) == set().union(*ASSIGNED.values())
    assert Assignee.objects.count() == 10


@pytest.mark.parametrize("number", ASSIGNED, ids=[f"row {n}" for n in ASSIGNED])
def test_each_recommendation_is_assigned_as_in_the_seed(loaded, number):
    recommendation = Recommendation.objects.get(number=number)
    assert set(recommendation.assignees.values_list("name", flat=True)) == ASSIGNED[number]


def test_the_five_meetings_and_their_rows(loaded):
    assert list(Meeting.objects.values_list("date", flat=True)) == list(MEETINGS)
    for date, numbers in MEETINGS.items():
        assert list(Recommendation.objects.filter(meeting__date=date).values_list("number", flat=True)) == numbers


@pytest.mark.parametrize("number, title", [
    (1, "Developing Thurrock Council's Communication and Engagement Strategy 2024-25"),
    (3, "Q1 Forecast Revenue and Capital Outturn Report"),  # across a page break
    (5, "Q & A Session: Members Enquiries Process"),
    (11, "Corporate Plan Performance Management and Assurance Report, Quarter 2, 2024/25"),
    (14, "Fees and Charges 2025-26"),
], ids=["row 1", "row 3 split", "row 5", "row 11", "row 14"])
def test_report_titles(loaded, number, title):
    assert Recommendation.objects.get(number=number).report_title == title


def test_the_eight_items_of_the_cabinet_forward_plan(loaded):
    items = list(ForwardPlanItem.objects.values_list("number", "report_title", "cabinet_month"))
    assert len(items) == 8
    assert items[0] == (1, "Quarter 3 Corporate Performance Report", datetime.date(2025, 3, 1))
    assert items[4][1] == "South East Local Enterprise Partnership (SELEP) Accountable Body Transition Arrangements"
    assert items[7][1] == "Corporate Risk Register"
    assert {month for *_, month in items} == {datetime.date(2025, 3, 1)}
    assert ForwardPlanItem.objects.get(number=8).information.startswith("Falls within Audit Committee remit.")


def test_summaries_keep_their_paragraphs_and_lists(loaded):
    first = Recommendation.objects.get(number=1).discussion
    assert first.count("<p>") == 3 and first.startswith("<p>The Committee's initial thoughts")
    grangewaters = Recommendation.objects.get(number=10).discussion
    assert "<p>The proposals were welcomed by the Committee. Areas of discussion included:</p>" in grangewaters
    items = re.findall(r"<li>(.*?)</li>", re.search(r"<ul>(.*)</ul>", grangewaters, re.S)[1])
    assert len(items) == 8
    assert items[0] == "The potential entrance to the site from North Stifford."
    assert items[-1] == "Discount for residents i.e. year pass to be considered."
    # The tracker's list markup, less its style attribute
    assert "style=" not in grangewaters and "•" not in grangewaters


def test_numbered_recommendations_become_list_items_across_a_page_break(loaded):
    savings = Recommendation.objects.get(number=9).recommendations
    assert savings.startswith("<p>Cabinet to:</p>\n<ol><li>Present a report outlining in further detail the "
                              "business case for CS02 'Grangewaters: Business Opportunities'")
    assert savings.count("<li>") == 6
    outturn = Recommendation.objects.get(number=12).recommendations
    assert outturn.count("<li>") == 6
    assert "Capital Programme slippage of £30.627m and £10.157m HRA" in outturn  # across a page break
    assert "December 2024.</li><li>Noted and commented on the progress" in outturn  # "2024. 4." is one item's end


def test_a_paragraph_cut_by_a_page_break_is_whole_again(loaded):
    pmaf = Recommendation.objects.get(number=8)
    assert "shows any slippage on projects and the direction of travel" in pmaf.discussion
    assert pmaf.updates.get().text.endswith("O&amp;S comments were included as part of the agenda and discussion.</p>")
    # Row 11's page break lost an empty cell, and a "--" rule stands between its two last parts.
    quarter_2 = Recommendation.objects.get(number=11)
    assert ("<li>Consider recommending any areas of concern within the remits of the Place and People Overview "
            "and Scrutiny Committees to the chairs of those respective committees.</li></ul>") in quarter_2.recommendations
    assert quarter_2.discussion.endswith("<p>The Chairs for the People &amp; Place O&amp;S Committees may wish to "
                                         "look more in depth in certain areas but is not for Corporate O&amp;S to "
                                         "determine.</p>")
    assert "Children's Services" in quarter_2.discussion


def test_text_without_tags_stays_text(loaded):
    assert Recommendation.objects.get(number=4).recommendations == (
        "1. Agreed time frames and milestones for the Digital Transformation Programme to be shared with "
        "the Committee, including what aspects are already in train.")
    assert Recommendation.objects.get(number=3).updates.get().text == (
        "Work programme updated. The quarterly reports will be reviewed by scrutiny post-Cabinet.")


def test_progress_is_one_undated_update_per_row_that_has_some(loaded):
    assert sorted(ProgressUpdate.objects.values_list("recommendation__number", flat=True)) == [
        n for n in range(1, 15) if n not in (6, 12)]
    assert not ProgressUpdate.objects.exclude(written_on=None).exists()
    assert not ProgressUpdate.objects.exclude(author=None).exists()


def test_the_history_says_the_tracker_loaded_it(loaded):
    for model in MODELS:
        assert set(model.history.values_list("history_change_reason", flat=True)) == {REASON}


def test_loading_twice_changes_nothing(loaded):
    before = state()
    second = load()
    assert state() == before
    assert "recommendations: 0 added, 0 changed" in second


def test_loading_an_edited_tracker_changes_what_changed(loaded, tmp_path):
    edited = tmp_path / "tracker.txt"
    edited.write_text(TRACKER.read_text().replace("\tOpen\tO&S Officers\t", "\tClosed\tO&S Officers\t"))
    history = Recommendation.history.count()
    assert "recommendations: 0 added, 1 changed" in load(edited)
    assert not Recommendation.objects.filter(status="open").exists()
    assert Recommendation.history.count() == history + 1
    assert Recommendation.objects.get(number=2).history.first().history_change_reason == REASON
    assert ProgressUpdate.objects.count() == 12


def with_cell(start, column, value):
    """The seed with one cell replaced, in the line that starts `start`; and that line's number."""
    lines = list(SEED_LINES)
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    cells = lines[index].split("\t")
    cells[column] = value
    lines[index] = "\t".join(cells)
    return "\n".join(lines), index + 1


@pytest.mark.parametrize("start, column, value, message", [
    ("5\t", 0, "5a", "column 'No': '5a' is not a number"),
    ("14\t", 1, "31 Sept 2024", "row 14, column 'Meeting Date': cannot read '31 Sept 2024' as a date"),
    ("7\t", 1, "Octember 22 2024", "row 7, column 'Meeting Date': cannot read 'Octember 22 2024' as a date"),
    ("14\t", 5, "Pending", "row 14, column 'Open / Closed': 'Pending' is neither Open nor Closed"),
    ("8\tCorporate Risk", 2, "Spring 2025",
     "row 8, column 'Forward plan Cabinet Date': cannot read 'Spring 2025' as a month"),
], ids=["No not a number", "no 31 September", "unreadable date", "status", "forward plan month"])
def test_a_malformed_file_writes_nothing_and_names_row_and_column(db, tmp_path, start, column, value, message):
    text, line = with_cell(start, column, value)
    bad = tmp_path / "tracker.txt"
    bad.write_text(text)
    with pytest.raises(CommandError) as error:
        load(bad)
    assert f"tracker.txt line {line}, " in str(error.value)
    assert message in str(error.value)
    assert "nothing was written" in str(error.value)
    assert all(not model.objects.exists() for model in MODELS)


def test_a_malformed_file_leaves_the_loaded_tracker_as_it_was(loaded, tmp_path):
    before = state()
    bad = tmp_path / "tracker.txt"
    bad.write_text(TRACKER.read_text().replace("Louise Neilan", "Louise N").replace("\tClosed\tDawn Calvert\t",
                                                                                      "\tShut\tDawn Calvert\t"))
    with pytest.raises(CommandError, match="is neither Open nor Closed"):
        load(bad)
    assert state() == before


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="nowhere.txt: no such file"):
        load(tmp_path / "nowhere.txt")


def test_assignees_are_linked_to_the_one_active_user_of_their_full_name(db):
    dawn = User.objects.create_user("dcalvert", first_name="Dawn", last_name="Calvert")
    User.objects.create_user("sbrown1", first_name="Sarah", last_name="Brown")
    User.objects.create_user("sbrown2", first_name="Sarah", last_name="Brown")
    User.objects.create_user("tina", first_name="Tina", last_name="Dempsey", is_active=False)
    User.objects.create_user("louise", first_name="Louise", last_name="Neilan-Smith")
    out = load()
    assert "Linked assignee Dawn Calvert to user dcalvert" in out
    assert dict(Assignee.objects.exclude(user=None).values_list("name", "user")) == {"Dawn Calvert": dawn.pk}
    assert "Linked" not in load()  # already linked: nothing more to say


def test_the_demo_assignee_updates_her_own_items_once_linked(db):
    call_command("create_demo_users", stdout=io.StringIO())
    out = load()
    assert "Linked assignee Dawn Calvert to user dawn.calvert" in out
    dawn, officer, sam = (User.objects.get(username=name) for name in ("dawn.calvert", "officer", "scrutiny"))
    budget, people = Recommendation.objects.get(number=13), Recommendation.objects.get(number=6)
    assert may_update(dawn, budget) and not may_update(dawn, people)
    assert not may_update(officer, budget)
    assert may_update(sam, people)

