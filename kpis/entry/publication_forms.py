"""What the Quarters page's publishing form posts: a quarter ("2016-Q3") and the committee
date as day, month and year (the design system's date input), or what is wrong, in words, in
the GOV.UK error pattern (kpis.entry.govuk)."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from kpis.domain.periods import Quarter
from kpis.entry.govuk import DATE_PARTS, GovukForm, typed_date


class PublicationError(ValueError):
    """What is wrong with the form, as the page says it."""


def posted_period(data) -> Quarter:
    """The quarter chosen; none chosen is the person's mistake, one no page offers is not found."""
    text = data.get("period", "")
    if not text:
        raise PublicationError("Select the quarter to publish")
    try:
        return Quarter.parse(text)
    except ValueError:
        raise Http404("No such quarter: write it as 2016-Q3.") from None


def posted_date(data) -> date:
    """The committee date from its three boxes."""
    try:
        day = typed_date(data.get(f"published-{name}", "") for name in DATE_PARTS)
    except ValueError:
        raise PublicationError("The committee date must be a real date, for example 14 3 2017") from None
    if day is None:
        raise PublicationError("Enter the date the report goes to committee, as day, month and year")
    return day


def _part(width: int) -> forms.CharField:
    return forms.CharField(required=False, widget=forms.TextInput(
        attrs={"class": f"govuk-date-input__input govuk-input--width-{width}", "inputmode": "numeric"}))


class PublicationForm(GovukForm, forms.Form):
    """The quarter and its committee date, which cannot come before the quarter has ended: the
    report is of a finished quarter. A quarter with few figures may still be published (the
    performance team decides; the confirmation says how many have one)."""

    context_name = "publish_form"
    period = forms.CharField(required=False, label="Quarter to publish", widget=forms.Select)
    day, month, year = _part(2), _part(2), _part(4)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, auto_id="%s", **kwargs)
        for name in DATE_PARTS:
            self.fields[name].label = name.capitalize()

    def add_prefix(self, field_name):
        """The date's boxes post as published-day, -month and -year (their ids too)."""
        return f"published-{field_name}" if field_name in DATE_PARTS else field_name

    def offer(self, rows) -> "PublicationForm":
        """Offer the quarters of the page's table (kpis.selectors.publication.publications)."""
        self.fields["period"].widget.choices = [
            (str(row.quarter), row.quarter.label
             + (f" (published {row.published_on:%-d %b %Y}: change its date)" if row.published_on else ""))
            for row in rows]
        return self

    @property
    def date_parts(self):
        return [self[name] for name in DATE_PARTS]

    def clean_period(self) -> Quarter:
        try:
            return posted_period(self.data)
        except PublicationError as error:
            raise ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        try:
            day = posted_date(self.data)
        except PublicationError as error:
            return self._date_error(str(error))
        quarter = data.get("period")
        if quarter is not None and day < quarter.last_day:
            return self._date_error(f"The committee date must be on or after {quarter.last_day:%-d %B %Y}, "
                                    f"the end of {quarter.label}")
        data["published_on"] = day
        return data

    def _date_error(self, message: str):
        """The message goes with the day (the summary links to its box); all three boxes are
        marked, as the design system marks a date that is wrong as a whole."""
        self.add_error("day", message)
        for name in ("month", "year"):
            attrs = self.fields[name].widget.attrs
            attrs["class"] = f"{attrs['class']} govuk-input--error"
            self._bound_fields_cache.pop(name, None)
        return self.cleaned_data
