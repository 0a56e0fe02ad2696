"""The month's entry form: one form per indicator, checked in the indicator's unit."""

from decimal import Decimal

from django import forms

from kpis import entry, workflow
from kpis.models import Indicator
from kpis.terms import Flag, label


class ReadingForm(forms.Form):
    value = forms.CharField(required=False, max_length=40)
    numerator = forms.CharField(required=False, max_length=40)
    denominator = forms.CharField(required=False, max_length=40)
    flag = forms.ChoiceField(required=False, choices=[(f.value, label(f)) for f in entry.FLAGS_OFFICERS_SET])
    note = forms.CharField(required=False, max_length=500)
    commentary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, label="Yes, this figure is right")

    def __init__(self, *args, indicator: Indicator, history: list[Decimal], read_only=False, **kwargs):
        self.indicator, self.spec, self.history = indicator, indicator.spec(), history
        self.needs_confirmation, self.read_only = False, read_only
        super().__init__(*args, prefix=indicator.code, **kwargs)
        if read_only:  # submitted or approved: the browser shows it, Django ignores what is posted
            for field in self.fields.values():
                field.disabled = True
        unit = label(self.spec.unit).lower()
        names = {"value": f"Figure ({unit})", "numerator": "Numerator", "denominator": "Denominator",
                 "flag": "Flag", "note": "Note", "commentary": "Commentary for the quarter"}
        for name, text in names.items():
            self.fields[name].label = f"{text}: {indicator.title}"

    def clean(self):
        data = super().clean()
        value = self._parsed("value", lambda text: entry.parse_value(self.spec, text))
        numerator = self._parsed("numerator", lambda text: entry.parse_count(text, "numerator"))
        denominator = self._parsed("denominator", lambda text: entry.parse_count(text, "denominator"))
        if self.errors:
            return data
        if (numerator is None) != (denominator is None):
            self.add_error("denominator" if denominator is None else "numerator",
                           "give both the numerator and the denominator, or neither")
        elif numerator is not None:
            if value is not None:
                self.add_error("value", "leave the figure blank when you give its numerator and denominator: "
                                        "it is worked out from them")
                return data
            try:
                value = entry.ratio_value(self.spec, numerator, denominator)
            except entry.EntryError as error:
                self.add_error("numerator", str(error))
                return data
        flag = Flag(data.get("flag") or "")
        if value is None and flag in (Flag.NONE, Flag.PROVISIONAL) and (data.get("note") or numerator is not None):
            self.add_error("value", "give the figure, or a flag saying why there is none")
        if value is not None and not data.get("confirm"):
            usual = entry.outside_usual_range(value, self.history)
            if usual:
                self.needs_confirmation = True
                low, high = (f"{v.normalize():f}" for v in usual)
                self.add_error("value", f"{value.normalize():f} is outside the usual range of the last 12 figures "
                                        f"({low} to {high}): tick \"Yes, this figure is right\" to keep it")
        data.update(value=value, numerator=numerator, denominator=denominator, flag=flag)
        return data

    def _parsed(self, field: str, parse):
        text = (self.cleaned_data.get(field) or "").strip()
        try:
            return parse(text) if text else None
        except entry.EntryError as error:
            self.add_error(field, str(error))
            return None

    @property
    def is_blank(self) -> bool:
        """Nothing typed and nothing stored: the indicator is left out of the save."""
        data = self.cleaned_data
        return (data.get("version") is None and data.get("value") is None and data.get("numerator") is None
                and data.get("flag") is Flag.NONE and not data.get("note") and not data.get("commentary"))

    def to_entry(self) -> workflow.Entry:
        data = self.cleaned_data
        return workflow.Entry(
            indicator=self.indicator, value=data["value"], numerator=data["numerator"],
            denominator=data["denominator"], flag=data["flag"], note=data.get("note") or "",
            commentary=data.get("commentary") or "", seen_version=data.get("version"),
        )
