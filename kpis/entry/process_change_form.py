"""The indicator page's form to record a change of process, in the GOV.UK error pattern
(kpis.entry.govuk): a month of the indicator's figures and a reason, each refused in words
naming the field before anything is written (kpis.services.process_changes)."""

from django import forms

from kpis.domain.periods import Month
from kpis.entry.govuk import GovukForm
from kpis.models import Indicator
from kpis.selectors.process_changes import months_with_figures
from kpis.services.process_changes import ChangeOfProcessRefused, given_reason, record_change_of_process


class ChangeOfProcessForm(GovukForm, forms.Form):
    month = forms.CharField(label="First month of the new process", required=False, widget=forms.Select)
    reason = forms.CharField(
        label="Reason the process changed", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, a new contractor from this month, or a new definition of the measure.")

    def __init__(self, indicator: Indicator, data=None, **kwargs):
        kwargs.setdefault("auto_id", "change-%s")
        super().__init__(data, **kwargs)
        self.indicator = indicator
        self.months = months_with_figures(indicator)
        self.fields["month"].widget.choices = [("", "Choose a month")] + [
            (str(month), f"{month.first_day:%B %Y}") for month in self.months]

    def clean_month(self) -> Month:
        text = self.cleaned_data["month"].strip()
        if not text:
            raise forms.ValidationError("Choose the first month of the new process")
        chosen = next((month for month in self.months if str(month) == text), None)
        if chosen is None:
            raise forms.ValidationError("Choose one of the months listed: the months with a figure")
        return chosen

    def clean_reason(self) -> str:
        try:
            return given_reason(self.cleaned_data["reason"])
        except ChangeOfProcessRefused as refused:
            raise forms.ValidationError(refused.message) from None

    def record(self, user) -> bool:
        """Write the change; False, with the refusal on its field, when nothing was written."""
        if not self.is_valid():
            return False
        try:
            record_change_of_process(user, self.indicator, self.cleaned_data["month"], self.cleaned_data["reason"])
        except ChangeOfProcessRefused as refused:
            self.add_error(refused.field, refused.message)
            return False
        return True
