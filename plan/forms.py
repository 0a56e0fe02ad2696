"""The deliverable's progress form in the GOV.UK error pattern (kpis.entry.govuk): the quarter from
a list, the status as radios with the report's words, the commentary. Its rules are the service's
(plan.services.problems_of), so the page and the write refuse the same things in the same words."""

from django import forms

from kpis.domain.periods import Quarter
from kpis.entry.govuk import GovukForm
from plan.rag import ORDER, rag_text
from plan.selectors import QuarterChoice
from plan.services import QUARTER_NOT_LISTED, Report, problems_of


class ProgressForm(GovukForm, forms.Form):
    quarter = forms.CharField(label="Quarter", required=False, widget=forms.Select)
    status = forms.CharField(label="Status", required=False,
                             widget=forms.RadioSelect(choices=[(status, rag_text(status)) for status in ORDER]))
    commentary = forms.CharField(
        label="Commentary", required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What was done this quarter, what slipped and why, and what happens next. "
                  "For n/a, say why the deliverable has no status this quarter.")

    def __init__(self, data=None, *, user, quarters: list[QuarterChoice], **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        self.quarters = {str(choice.quarter): choice for choice in quarters}
        self.fields["quarter"].widget.choices = [(key, _label(choice)) for key, choice in self.quarters.items()]

    def clean_quarter(self) -> Quarter:
        choice = self.quarters.get(self.cleaned_data["quarter"].strip())
        if choice is None:
            raise forms.ValidationError(QUARTER_NOT_LISTED)
        return choice.quarter

    def clean(self):
        data = super().clean()
        report = Report(data.get("quarter"), data.get("status", "").strip(), data.get("commentary", ""))
        for name, problem in problems_of(self.user, report).items():
            self.add_error(name, problem)
        if not self.errors:
            data["report"] = report
        return data

    def refused(self, problems: dict[str, str]):
        """The service's refusal (a quarter locked since the page was checked) shown on the form."""
        for name, problem in problems.items():
            self.add_error(name, problem)


def _label(choice: QuarterChoice) -> str:
    """ "Quarter 2 2014/15 (published)": what the select says of a quarter before it is chosen."""
    marks = [word for word, marked in (("locked", choice.locked), ("published", choice.published)) if marked]
    return choice.quarter.label + (f" ({', '.join(marks)})" if marks else "")
