"""An officer's month: the indicators due, what is stored, the forms, and the rules' statuses."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from kpis.domain.figures import is_due
from kpis.domain.periods import Month
from kpis.domain.rules import MonthFigure, quarter_target
from kpis.domain.terms import Flag, Rollup
from kpis.domain.writing import plain_number
from kpis.entry.forms import ReadingForm
from kpis.entry.govuk import SummaryLink
from kpis.models import Commentary, Indicator, Reading
from kpis.permissions import enterable_indicators
from kpis.selectors.month import MonthStatus, statuses_for_month
from kpis.selectors.my_data import MonthState, state_of
from kpis.selectors.scorecard import targets_by_indicator
from kpis.services import workflow


@dataclass
class SheetRow:
    indicator: Indicator
    form: ReadingForm
    reading: Reading | None  # this month's, in any state
    last_month: Reading | None
    last_year: Reading | None
    target: object
    status: MonthStatus | None = None

    @property
    def state(self) -> MonthState | None:
        """The figure's state as My data words and colours it (None: nothing stored)."""
        return MonthState(self.reading.state) if self.reading else None


class MonthSheet:
    def __init__(self, user, month: Month, data=None, *, submitting=False, locked=False):
        """`submitting`: the figures are to be sent, so a due one left blank is refused.
        `locked`: the month's quarter is locked, so every figure is shown, none can be changed."""
        self.user, self.month, self.locked = user, month, locked
        indicators = list(enterable_indicators(user).select_related("directorate"))
        months = [month, month.previous(), month.last_year()]
        stored = {
            (r.indicator_id, Month.of(r.month)): r
            for r in Reading.objects.filter(indicator__in=indicators, month__in=[m.first_day for m in months])
        }
        self.indicators = [i for i in indicators if is_due(i.spec(), month) or (i.id, month) in stored]
        history = defaultdict(list)
        for indicator_id, value in Reading.objects.filter(
            indicator__in=self.indicators, value__isnull=False,
            month__gte=month.shifted(-12).first_day, month__lt=month.first_day,
        ).order_by("month").values_list("indicator_id", "value"):
            history[indicator_id].append(value)
        quarter = month.quarter
        commentary = dict(Commentary.objects.filter(
            indicator__in=self.indicators, year=quarter.year, quarter=quarter.number,
        ).values_list("indicator_id", "text"))
        targets = targets_by_indicator(range(quarter.year, quarter.year + 1), only=[i.id for i in self.indicators])
        self.rows = []
        for indicator in self.indicators:
            reading = stored.get((indicator.id, month))
            fixed = reading is not None and reading.state not in workflow.EDITABLE_STATES
            form = ReadingForm(data, indicator=indicator, history=history[indicator.id],
                               initial=_initial(reading, commentary.get(indicator.id, ""), indicator),
                               month=month, due=is_due(indicator.spec(), month), submitting=submitting,
                               read_only=locked or (fixed and not _overtaken(data, indicator, reading)),
                               stored=reading.value if reading else None)
            self.rows.append(SheetRow(
                indicator, form, reading, stored.get((indicator.id, month.previous())),
                stored.get((indicator.id, month.last_year())),
                quarter_target(indicator.spec(), targets.get(indicator.id, {}), quarter),
            ))

    @property
    def state(self) -> MonthState | None:
        """How far the month's figures have gone, as My data says it (None: nothing due)."""
        return state_of([row.reading.state if row.reading else None for row in self.rows]) if self.rows else None

    @property
    def owed(self) -> bool:
        """Whether a figure of the month is still the officer's to send."""
        return self.state not in (None, MonthState.SUBMITTED, MonthState.APPROVED)

    def check(self) -> bool:
        """Validate every form and work out the statuses of what was typed (a read-only row is
        not validated: see ReadingForm.full_clean)."""
        valid = all([row.form.is_valid() for row in self.rows])
        self.add_statuses()
        return valid

    def add_statuses(self):
        # A read-only row's figure is the stored one, which the statuses read already.
        entered = {row.indicator.id: _figure(self.month, row.form) for row in self.rows
                   if row.form.is_bound and not row.form.read_only and row.form.is_valid()}
        statuses = statuses_for_month(self.indicators, self.month, entered)
        for row in self.rows:
            row.status = statuses[row.indicator.id]

    def save(self, *, submit: bool):
        """Raises workflow.WorkflowError; its problems are put on the forms they concern."""
        # A submitted or approved figure is shown, not sent: the page's other rows still save.
        entries = [row.form.to_entry() for row in self.rows if not row.form.is_blank and not row.form.read_only]
        try:
            return workflow.save_month(self.user, self.month, entries, submit=submit)
        except workflow.WorkflowError as error:
            self.add_problems(error.problems)
            raise

    def add_problems(self, problems: dict[str, list[str]]):
        self.problems = problems.get("", [])
        for row in self.rows:
            for message in problems.get(row.indicator.code, []):
                row.form.add_error(None, message)
            if row.indicator.code in problems:
                # Show the newer figure and take its version, so a second save is a decision.
                row.reading = Reading.objects.filter(indicator=row.indicator, month=self.month.first_day).first()
                form_data = row.form.data.copy()
                if row.reading is not None:
                    form_data[row.form.add_prefix("version")] = row.reading.version
                stored = Commentary.objects.filter(indicator=row.indicator, year=self.month.quarter.year,
                                                   quarter=self.month.quarter.number).values_list("text", flat=True)
                words = stored.first() or ""
                form_data[row.form.add_prefix("commentary_seen")] = workflow.commentary_digest(words)
                row.form.data = form_data
                if row.reading is not None and row.reading.state not in workflow.EDITABLE_STATES:
                    row.form.show_only(_initial(row.reading, words, row.indicator))  # no longer the officer's to change

    problems: list[str] = []

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or any(row.form.is_bound and row.form.errors for row in self.rows)

    def summary_links(self) -> list[SummaryLink]:
        """The error summary's links: the month's own problems (text alone), then each row's,
        each naming its indicator and linking to the field (or the indicator's fieldset)."""
        links = [SummaryLink("", problem) for problem in self.problems]
        for row in self.rows:
            form, title = row.form, row.indicator.title
            if not (form.is_bound and form.errors):
                continue
            links += [SummaryLink(f"#row-{row.indicator.code}", f"{title}: {_continued(error)}")
                      for error in form.non_field_errors()]
            links += [SummaryLink(form.anchor(bound.name), _named(title, bound, error))
                      for bound in form for error in bound.errors]
        return links


def _named(title: str, bound, error: str) -> str:
    """A field's message in the summary, naming the indicator and the field unless it does, as
    one sentence: "% Rent collected figure: use a full stop for decimals, for example 97.5"."""
    if title in error:
        return error
    field = str(bound.label).split(": ", 1)[0].split(" (")[0].lower()
    return f"{title} {field}: {_continued(error)}"


def _continued(message: str) -> str:
    """A message (written in sentence case to stand beside its field) carried on after a colon:
    its first word in lower case, unless it is a name or an abbreviation ("RENT", "December")."""
    word = message.split(" ", 1)[0]
    if word.isalpha() and word[1:].islower() and word not in _NAMES:
        return message[:1].lower() + message[1:]
    return message


_NAMES = {date(2000, number, 1).strftime("%B") for number in range(1, 13)}


def _initial(reading: Reading | None, commentary: str, indicator: Indicator) -> dict:
    seen = {"commentary": commentary, "commentary_seen": workflow.commentary_digest(commentary)}
    if reading is None:
        return {**seen, "flag": ""}
    def text(value):
        return "" if value is None else plain_number(value)
    parts = reading.numerator is not None and indicator.spec().rollup is Rollup.RATIO
    return {"value": "" if parts else text(reading.value), "numerator": text(reading.numerator),
            "denominator": text(reading.denominator), "flag": reading.flag, "note": reading.note,
            **seen, "version": reading.version}


def _overtaken(data, indicator: Indicator, reading: Reading) -> bool:
    """A submitted or approved figure is shown read-only, and the browser sends nothing of it.
    A figure sent with another version than the stored one was typed on a page opened before
    it was submitted or approved: it goes to the save, which refuses it saying who changed it
    and when, rather than being dropped unseen."""
    prefix = f"{indicator.code}-"
    sent = data is not None and any(key.startswith(prefix) for key in data)
    return sent and data.get(f"{prefix}version") != str(reading.version)


def _figure(month: Month, form: ReadingForm) -> MonthFigure | None:
    data = getattr(form, "cleaned_data", None) or {}
    if data.get("value") is None and data.get("flag", Flag.NONE) is Flag.NONE:
        return None
    return MonthFigure(month, data.get("value"), data.get("numerator"), data.get("denominator"),
                       data.get("flag") or Flag.NONE)
