"""The indicator page's history: every change to a figure, a target or a commentary, newest first."""

from datetime import date
from decimal import Decimal

from kpis.models import Commentary, Indicator, Reading, Target
from kpis.selectors.history import history_of
from tests.people import make_user

IMPORTED, IMPORT = "import or system", "import_workbook small.xlsx"


def test_each_changed_field_is_listed_with_who_why_old_and_new(imported_small_council):
    homes = Indicator.objects.get(code="HOMES")
    olivia = make_user("olivia", "officer")
    reading = Reading.objects.get(indicator=homes, month=date(2015, 4, 1))
    reading.value, reading.flag = Decimal("12.50"), "provisional"
    reading._history_user, reading._change_reason = olivia, "typo"  # kept by the instance for its later saves
    reading.save()
    reading.note = "a field the history does not show"
    reading.save()
    reading.value = None
    reading.save()
    target = Target.objects.get(indicator=homes, year=2016, period="year")
    target.text = "new words"
    target.save()
    Commentary.objects.create(indicator=homes, year=2016, quarter=3, text="Why, what, when.")
    shown = [(c.who, c.what, c.old, c.new, c.reason) for c in history_of(homes)
             if "Apr-15" in c.what or not c.what.startswith("Figure")]
    assert shown == [
        (IMPORTED, "Commentary Q3 2016/17: text", "–", "Why, what, when.", ""),
        (IMPORTED, "Target 2016/17 year: text", "50 per month", "new words", ""),
        ("Olivia", "Figure Apr-15: value", "12.5", "–", "typo"),  # the note alone changed nothing shown
        ("Olivia", "Figure Apr-15: value", "50", "12.5", "typo"),
        ("Olivia", "Figure Apr-15: flag", "", "provisional", "typo"),
        # A new record lists its fields that hold something, in the page's order.
        (IMPORTED, "Figure Apr-15: value", "–", "50", IMPORT),
        (IMPORTED, "Figure Apr-15: state", "–", "approved", IMPORT),
        (IMPORTED, "Target 2016/17 year: value", "–", "600", IMPORT),
        (IMPORTED, "Target 2016/17 year: kind", "–", "absolute", IMPORT),
        (IMPORTED, "Target 2016/17 year: text", "–", "50 per month", IMPORT),
    ]
