"""Forms in the GOV.UK Design System's error pattern: each input with its govuk-* class, marked
--error when its field is in error and pointing to its message (and hint) for screen readers;
messages in sentence case; and the error summary's links, each to the field it names."""

from dataclasses import dataclass
from datetime import date

from django import forms

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.FileInput: "govuk-file-upload",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.TextInput: "govuk-input",
    forms.PasswordInput: "govuk-input",
}
# Only these take an --error modifier; radios and checkboxes are marked by their form group.
_ERROR_MODIFIER = ("govuk-input", "govuk-textarea", "govuk-select", "govuk-file-upload")


DATE_PARTS = ("day", "month", "year")  # the design system's date input: its three boxes


def typed_date(parts) -> date | None:
    """The date typed in a date input's boxes (`parts`: day, month, year): None when a box is empty;
    ValueError when they make no real date (digits only, a year of four). Each form words its messages."""
    day, month, year = (part.strip() for part in parts)
    if not (day and month and year):
        return None
    if not all(part.isascii() and part.isdigit() for part in (day, month, year)) or len(year) != 4:
        raise ValueError(f"not a date: {day} {month} {year}")
    return date(int(year), int(month), int(day))


def sentence_case(message: str) -> str:
    return message[:1].upper() + message[1:]


@dataclass(frozen=True)
class SummaryLink:
    href: str  # "#id_BINS-value": the field's id, which the summary's link moves to
    text: str


class GovukForm:
    """Mix into a Form before forms.Form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            kind = next((css for widget, css in _CLASSES.items() if isinstance(field.widget, widget)), None)
            if kind and kind not in field.widget.attrs.get("class", "").split():
                field.widget.attrs["class"] = " ".join(filter(None, [field.widget.attrs.get("class"), kind]))
            if field.help_text:
                field.widget.attrs["aria-describedby"] = self.hint_id(name)

    def hint_id(self, name: str) -> str:
        return f"{self[name].auto_id}-hint"

    def error_id(self, name: str) -> str:
        return f"{self[name].auto_id}-error"

    def add_error(self, field, error):
        if isinstance(error, str):
            error = sentence_case(error)
        super().add_error(field, error)
        if field in self.fields:
            self._mark(field)

    def full_clean(self):
        super().full_clean()
        for name in list(self._errors or {}):
            if name in self.fields:
                self._mark(name)

    def _mark(self, name: str):
        attrs = self.fields[name].widget.attrs
        classes = attrs.get("class", "").split()
        for css in _ERROR_MODIFIER:
            if css in classes and f"{css}--error" not in classes:
                classes.append(f"{css}--error")
        attrs["class"] = " ".join(classes)
        described = attrs.get("aria-describedby", "").split()
        if self.error_id(name) not in described:
            described.append(self.error_id(name))
        attrs["aria-describedby"] = " ".join(described)
        attrs["aria-invalid"] = "true"
        self._bound_fields_cache.pop(name, None)

    def anchor(self, name: str) -> str:
        """Where the summary's link to field `name` goes: the input (the first radio of a group)."""
        bound = self[name]
        return f"#{bound.auto_id}_0" if isinstance(bound.field.widget, forms.RadioSelect) else f"#{bound.id_for_label}"

    def summary_links(self, *, name_field=None, fallback: str = "") -> list[SummaryLink]:
        """The error summary's links, in the form's order. `name_field(bound_field, message)`
        words a field's message for the summary (the default: the message itself); an error
        of the whole form links to `fallback` (an id with its #), or is text alone."""
        links = [SummaryLink(fallback, str(error)) for error in self.non_field_errors()]
        for bound in self:
            for error in bound.errors:
                links.append(SummaryLink(self.anchor(bound.name),
                                         name_field(bound, error) if name_field else str(error)))
        return links
