"""The tracker's forms in the GOV.UK error pattern (kpis.entry.govuk): a progress update, a
recommendation added or changed, and the overdue page's number of weeks. Dates are the design
system's date input (day, month and year boxes); each message names its field."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError

from kpis.domain.periods import FIRST_YEAR, LAST_YEAR
from kpis.entry.govuk import DATE_PARTS, GovukForm, typed_date
from scrutiny.html import TAGS, sanitise
from scrutiny.models import Assignee, Recommendation

KEPT_TAGS = ", ".join(f"<{tag}>" for tag in sorted(TAGS))
HTML_HINT = (f"HTML paragraphs and lists are kept (the tags {KEPT_TAGS}); any other tag, every attribute "
             "and any script are removed when it is saved.")
MAX_WEEKS = 104  # two years: the tracker's oldest open item is younger
# The tracker's numbers run to a few dozen; past this is a slip of the keyboard, and far past it
# (beyond the database's integer) the save itself failed with a server error instead of a message.
MAX_NUMBER = 99_999


def _part(width: int, label: str) -> forms.CharField:
    return forms.CharField(required=False, label=label, widget=forms.TextInput(
        attrs={"class": f"govuk-input govuk-date-input__input govuk-input--width-{width}", "inputmode": "numeric"}))


class DateBoxes:
    """A date typed in three boxes named `<date_name>-day`, `-month` and `-year`: the form's
    fields `<date_name>_day` … and its cleaned `<date_name>`; its error goes with the day box
    and marks all three, as the design system marks a date wrong as a whole."""

    date_name = "date"
    date_label = "date"  # as a message names it: "Enter the date of the update"

    def add_prefix(self, field_name):
        for name in DATE_PARTS:
            if field_name == f"{self.date_name}_{name}":
                return f"{self.date_name}-{name}"
        return super().add_prefix(field_name)

    @property
    def date_parts(self):
        return [self[f"{self.date_name}_{name}"] for name in DATE_PARTS]

    @property
    def date_errors(self):
        return self.errors.get(f"{self.date_name}_day", [])

    def typed_date(self) -> date | None:
        """The date of the three boxes, or None with the error added."""
        example = "for example 27 3 2025"
        try:
            typed = typed_date(self.data.get(f"{self.date_name}-{name}", "") for name in DATE_PARTS)
        except ValueError:
            return self._date_error(f"The {self.date_label} must be a real date, {example}")
        if typed is None:
            return self._date_error(f"Enter the {self.date_label} as day, month and year, {example}")
        # The product's years (kpis.domain.periods): "0001" was taken, and the workbook cannot show it.
        if not FIRST_YEAR <= typed.year <= LAST_YEAR:
            return self._date_error(f"The {self.date_label} must be in a year from {FIRST_YEAR} to {LAST_YEAR}")
        return typed

    def _date_error(self, message: str):
        self.add_error(f"{self.date_name}_day", message)
        for name in ("month", "year"):
            attrs = self.fields[f"{self.date_name}_{name}"].widget.attrs
            if "govuk-input--error" not in attrs["class"]:
                attrs["class"] = f"{attrs['class']} govuk-input--error"
            self._bound_fields_cache.pop(f"{self.date_name}_{name}", None)
        return None


STATUS_CHOICES = Recommendation.Status.choices


class ProgressForm(DateBoxes, GovukForm, forms.Form):
    """A progress update: its date (on or before `today`, the product's as-of day) and its text,
    as typed; a manager also sets the recommendation open or closed."""

    date_name = "written_on"
    date_label = "date of the update"
    written_on_day, written_on_month, written_on_year = _part(2, "Day"), _part(2, "Month"), _part(4, "Year")
    text = forms.CharField(required=False, label="Progress", widget=forms.Textarea(attrs={"rows": 6}),
                           help_text="Write what has been done. Leave a blank line between paragraphs.")
    status = forms.ChoiceField(required=False, label="Open or closed", choices=STATUS_CHOICES,
                               widget=forms.RadioSelect)

    def __init__(self, data=None, *, today: date, manages: bool, recommendation: Recommendation, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        if manages:
            self.fields["status"].initial = recommendation.status
        else:
            del self.fields["status"]

    def clean(self):
        data = super().clean()
        written_on = self.typed_date()
        if written_on is not None and written_on > self.today:
            self._date_error(f"The {self.date_label} must be on or before {self.today:%-d %B %Y} (today)")
            written_on = None
        data["written_on"] = written_on
        if not sanitise(data.get("text", "")):
            self.add_error("text", "Enter the progress")
        if "status" in self.fields and not data.get("status"):
            self.add_error("status", "Select whether the recommendation is open or closed")
        return data


def _names(text: str) -> list[str]:
    """Names separated by "/", as the tracker writes "Dawn Calvert / O&S Officers"."""
    return [name for name in (" ".join(part.split()) for part in (text or "").split("/")) if name]


class RecommendationForm(DateBoxes, GovukForm, forms.Form):
    """A recommendation, new or changed, by the committee's officers or the performance team."""

    date_name = "meeting"
    date_label = "meeting date"
    number = forms.IntegerField(label="No.", min_value=1, max_value=MAX_NUMBER,
                                help_text="The tracker's number for it.",
                                error_messages={"required": "Enter the No.",
                                                "invalid": "The No. must be a whole number",
                                                "min_value": "The No. must be 1 or more",
                                                "max_value": f"The No. must be {MAX_NUMBER:,} or fewer"},
                                widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-4",
                                                              "inputmode": "numeric"}))
    meeting_day, meeting_month, meeting_year = _part(2, "Day"), _part(2, "Month"), _part(4, "Year")
    report_title = forms.CharField(label="Report title", max_length=500,
                                   error_messages={"required": "Enter the report title",
                                                   "max_length": "The report title must be 500 characters or fewer"})
    discussion = forms.CharField(required=False, label="Summary of discussion", help_text=HTML_HINT,
                                 widget=forms.Textarea(attrs={"rows": 8}))
    recommendations = forms.CharField(required=False, label="Recommendations", help_text=HTML_HINT,
                                      widget=forms.Textarea(attrs={"rows": 8}))
    status = forms.ChoiceField(label="Open or closed", choices=STATUS_CHOICES, widget=forms.RadioSelect,
                               error_messages={"required": "Select whether the recommendation is open or closed"})
    assignees = forms.ModelMultipleChoiceField(label="Assigned to", required=False, queryset=Assignee.objects.all(),
                                               widget=forms.CheckboxSelectMultiple(
                                                   attrs={"class": "govuk-checkboxes__input"}))
    new_assignees = forms.CharField(required=False, label="New assignees", max_length=1000,
                                    help_text='Names not in the list above, separated by "/", for example '
                                              '"Dawn Calvert / O&S Officers".')

    def __init__(self, data=None, *, recommendation: Recommendation | None = None, **kwargs):
        self.recommendation = recommendation
        super().__init__(data, **kwargs)

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Recommendation.objects.filter(number=number)
        if self.recommendation is not None:
            taken = taken.exclude(pk=self.recommendation.pk)
        if taken.exists():
            raise ValidationError(f"No. {number} is already taken: choose another number")
        return number

    def clean_recommendations(self):
        text = self.cleaned_data["recommendations"]
        if not sanitise(text):
            raise ValidationError("Enter the recommendations")
        return text

    def clean_new_assignees(self):
        names = _names(self.cleaned_data["new_assignees"])
        if any(len(name) > 200 for name in names):
            raise ValidationError("Each new assignee's name must be 200 characters or fewer")
        return names

    def clean(self):
        data = super().clean()
        data["meeting_date"] = self.typed_date()
        return data


class OverdueForm(GovukForm, forms.Form):
    weeks = forms.IntegerField(label="Weeks without a dated progress update", min_value=1, max_value=MAX_WEEKS,
                               required=False,
                               error_messages={"invalid": "The number of weeks must be a whole number, for example 8",
                                               "min_value": "The number of weeks must be 1 or more",
                                               "max_value": f"The number of weeks must be {MAX_WEEKS} or fewer"},
                               widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-3",
                                                             "inputmode": "numeric"}))
