"""The Quarters page's forms to lock a quarter, reopen one (with a reason) and copy a year's
targets to the next, in the GOV.UK error pattern (kpis.entry.govuk): each offers the years the
data knows and refuses any other in words naming the field, before anything is written."""

from django import forms
from django.core.exceptions import ValidationError

from kpis.domain.periods import LAST_YEAR, Quarter, known_year, year_label
from kpis.entry.govuk import GovukForm, SummaryLink
from kpis.selectors.quarters import years_to_lock, years_with_targets
from kpis.services import workflow

QUARTERS = [(str(n), f"Quarter {n} ({months})")
            for n, months in enumerate(("April to June", "July to September", "October to December",
                                        "January to March"), start=1)]


def _listed(years: list[int]) -> str:
    shown = [year_label(year) for year in years[:3]]
    return " or ".join(shown) + (" …" if len(years) > 3 else "")


def _chosen_year(text: str, years: list[int], *, blank: str, none_yet: str, not_listed) -> int:
    """The financial year a select sent, one of `years`, or a ValidationError in words: `blank`
    when none was chosen, `none_yet` when there is none to choose, not_listed(year) for another."""
    text = text.strip()
    if not text:
        raise ValidationError(blank)
    year = _year(text)
    if year is None:
        raise ValidationError(f"Financial year: choose one of the years listed ({_listed(years)})"
                              if years else none_yet)
    if year not in years:
        raise ValidationError(not_listed(year))
    return year


def _year(text: str) -> int | None:
    """The year posted (2016 for 2016/17), or None when it is no year the product keeps."""
    try:
        return known_year(int(text))
    except ValueError:
        return None


class LockForm(GovukForm, forms.Form):
    context_name = "lock_form"
    not_listed = "Financial year: {year} has no figures or targets, so it has no quarter to lock"
    year = forms.CharField(label="Financial year", required=False, widget=forms.Select)
    quarter = forms.CharField(label="Quarter", required=False, widget=forms.Select(choices=QUARTERS))

    def __init__(self, data=None, **kwargs):
        kwargs.setdefault("auto_id", "lock-%s")
        super().__init__(data, **kwargs)
        self.years = years_to_lock()
        self.fields["year"].widget.choices = [(str(year), year_label(year)) for year in self.years]

    def clean_year(self) -> int:
        return _chosen_year(self.cleaned_data["year"], self.years, blank="Select the financial year",
                            none_yet="Financial year: no year has figures or targets yet",
                            not_listed=lambda year: self.not_listed.format(year=year_label(year)))

    def clean_quarter(self) -> int:
        text = self.cleaned_data["quarter"].strip()
        if text not in {number for number, _ in QUARTERS}:
            raise ValidationError("Quarter: choose quarter 1, 2, 3 or 4")
        return int(text)

    def clean(self):
        data = super().clean()
        if "year" in data and "quarter" in data:
            data["period"] = Quarter(data["year"], data["quarter"])
        return data


class ReopenForm(LockForm):
    """Posted from a locked quarter's row: its year and quarter (hidden) and the reason typed there."""

    context_name = "reopen_form"
    not_listed = "Financial year: {year} has no locked quarter to reopen"
    reason = forms.CharField(required=False, strip=False, label=workflow.REOPEN_REASON)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, auto_id="reopen-%s", **kwargs)
        self.fields["reason"].validators = []  # the workflow's rule words a reason's problems

    @staticmethod
    def reason_id(year, quarter) -> str:
        """The id of the reason box in the row of Quarter(year, quarter)."""
        return f"reason-{year}-{quarter}"

    @property
    def period(self) -> Quarter | None:
        """The row the form was posted from, when it is one of a known year."""
        year = _year(self.data.get("year", ""))
        quarter = self.data.get("quarter", "")
        return Quarter(year, int(quarter)) if year is not None and quarter in {"1", "2", "3", "4"} else None

    def clean_reason(self) -> str:
        problem = workflow.reason_problem(workflow.REOPEN_REASON, self.cleaned_data["reason"],
                                          workflow.REOPEN_REASON_MISSING)
        if problem:
            raise ValidationError(problem)
        return self.cleaned_data["reason"].strip()

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period is not None and period not in workflow.locked_quarters():
            self.add_error(None, f"{period.label} is not locked: only a locked quarter is reopened")
        return data

    def summary_links(self, **kwargs) -> list[SummaryLink]:
        """The reason's message links to its row's box; the quarter's are the row's hidden
        fields, so their messages are text alone."""
        period = self.period
        box = f"#{self.reason_id(period.year, period.number)}" if period else ""
        return [SummaryLink(box if link.href == self.anchor("reason") else "", link.text)
                for link in super().summary_links(**kwargs)]


class CopyTargetsForm(GovukForm, forms.Form):
    context_name = "copy_form"
    year = forms.CharField(label="Financial year to copy targets from", required=False, widget=forms.Select,
                           help_text="Each of its targets is copied to the year after, unless that year already "
                                     "has one; adjust them in the admin.")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, auto_id="copy-%s", **kwargs)
        self.years = years_with_targets()
        self.fields["year"].widget.choices = [(str(year), f"{year_label(year)} to {year_label(year + 1)}")
                                              for year in self.years if year < LAST_YEAR]

    def clean_year(self) -> int:
        year = _chosen_year(self.cleaned_data["year"], self.years,
                            blank="Select the financial year to copy targets from",
                            none_yet="Financial year: no year has targets to copy yet",
                            not_listed=workflow.no_targets_to_copy)
        if year >= LAST_YEAR:
            raise ValidationError(f"Financial year: {year_label(year)} is the last year kept; none follows it")
        return year
