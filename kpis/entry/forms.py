"""The month's entry form (one form per indicator, checked in the indicator's unit), and
the performance team's workbook upload."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict

from kpis.domain import figures
from kpis.domain.periods import FIRST_YEAR, LAST_YEAR, Month
from kpis.domain.terms import Flag, Rollup, label
from kpis.domain.writing import plain_number
from kpis.entry.govuk import GovukForm
from kpis.models import COMMENTARY_MAX_LENGTH, Indicator
from kpis.services import uploads, workflow

PART_ATTRS = {"class": "govuk-input--width-10", "inputmode": "decimal"}  # a ratio's numerator and denominator


class ReadingForm(GovukForm, forms.Form):
    value = forms.CharField(required=False, max_length=40,
                            widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}))
    numerator = forms.CharField(required=False, max_length=40, widget=forms.TextInput(attrs=PART_ATTRS))
    denominator = forms.CharField(required=False, max_length=40, widget=forms.TextInput(attrs=PART_ATTRS))
    flag = forms.ChoiceField(required=False, choices=[(f.value, label(f)) for f in figures.FLAGS_OFFICERS_SET])
    note = forms.CharField(required=False, max_length=500)
    commentary = forms.CharField(required=False, max_length=COMMENTARY_MAX_LENGTH,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    commentary_seen = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, label="Yes, this figure is right")

    def __init__(self, *args, indicator: Indicator, history: list[Decimal], read_only=False,
                 stored: Decimal | None = None, month: Month | None = None, due=False, submitting=False,
                 **kwargs):
        self.indicator, self.spec, self.history, self.stored = indicator, indicator.spec(), history, stored
        self.needs_confirmation, self.read_only = False, read_only
        # On Submit a due figure left blank (and no flag saying why) is named, not skipped unseen.
        self.month, self.figure_required = month, due and submitting
        super().__init__(*args, prefix=indicator.code, **kwargs)
        if not self.is_ratio:  # a figure worked out from its parts is a ratio's; others are typed
            del self.fields["numerator"], self.fields["denominator"]
        if read_only:
            self.show_only()
        unit = label(self.spec.unit).lower()
        names = {"value": f"Figure ({unit})", "numerator": "Numerator", "denominator": "Denominator",
                 "flag": "Flag", "note": "Note", "commentary": "Commentary for the quarter"}
        for name, text in names.items():
            if name in self.fields:
                self.fields[name].label = f"{text}: {indicator.title}"

    @property
    def is_ratio(self) -> bool:
        return self.spec.rollup is Rollup.RATIO

    def show_only(self, initial: dict | None = None):
        """Submitted or approved: the browser shows the figure (`initial`, when it has just
        changed), Django ignores what is posted."""
        self.read_only = True
        if initial is not None:
            self.initial = initial
        for field in self.fields.values():
            field.disabled = True
        self._bound_fields_cache.clear()  # their values are read again, from `initial`

    def full_clean(self):
        # A submitted or approved figure is shown, never checked or saved again from this page:
        # it was checked when saved, and its confirmation box is disabled, so an unusual figure
        # its officer confirmed would otherwise block every later save of the month.
        if self.read_only:
            self._errors, self.cleaned_data = ErrorDict(), {}
            return
        super().full_clean()

    def clean(self):
        data = super().clean()
        value = self._parsed("value", lambda text: figures.parse_value(self.spec, text))
        numerator = self._parsed("numerator", lambda text: figures.parse_count(text, "numerator"))
        denominator = self._parsed("denominator", lambda text: figures.parse_count(text, "denominator"))
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
                value = figures.ratio_value(self.spec, numerator, denominator)
            except figures.EntryError as error:
                self.add_error("numerator", str(error))
                return data
        flag = Flag(data.get("flag") or "")
        if value is None and flag in (Flag.NONE, Flag.PROVISIONAL) and (data.get("note") or numerator is not None):
            self.add_error("value", "give the figure, or a flag saying why there is none")
        elif value is None and flag in (Flag.NONE, Flag.PROVISIONAL) and self.figure_required:
            self.add_error("value", f"Enter a figure for {self.indicator.title} for {self.month.first_day:%B %Y}, "
                                    "or save as draft")
        # A figure already saved was confirmed then: it is not asked about again at every save.
        if value is not None and not data.get("confirm") and value != self.stored:
            usual = figures.outside_usual_range(value, self.history, self.spec.unit)
            if usual:
                self.needs_confirmation = True
                low, high = (plain_number(v) for v in usual)
                self.add_error("value", f"{plain_number(value)} is outside the usual range of the last 12 figures "
                                        f"({low} to {high}): tick \"Yes, this figure is right\" to keep it")
        data.update(value=value, numerator=numerator, denominator=denominator, flag=flag)
        return data

    def _parsed(self, field: str, parse):
        text = (self.cleaned_data.get(field) or "").strip()
        try:
            return parse(text) if text else None
        except figures.EntryError as error:
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
            seen_commentary=data.get("commentary_seen") or None,
        )


class WorkbookUploadForm(GovukForm, forms.Form):
    """The performance team's upload: an .xlsx workbook and how it is laid out. The file is
    refused here, before anything is kept, when it is too large or not a workbook."""

    workbook = forms.FileField(
        label="Workbook (.xlsx)", allow_empty_file=True,  # an empty file gets our own words below
        widget=forms.FileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": "Choose the workbook to upload.",
                        "invalid": "The file did not arrive: choose it and upload it again."})
    layout = forms.ChoiceField(
        label="What kind of workbook is it?", choices=uploads.Layout.choices, initial=uploads.Layout.CONTRACT,
        widget=forms.RadioSelect, error_messages={"required": "Say what kind of workbook it is."})
    year = forms.IntegerField(
        label="Financial year of the appendix", required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR,
        help_text="For the appendix layout only: 2016 for 2016/17.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={"invalid": "Write the financial year as a number, e.g. 2016 for 2016/17.",
                        "min_value": "Write the financial year in full, e.g. 2016 for 2016/17.",
                        "max_value": "Write the financial year in full, e.g. 2016 for 2016/17."})
    reopen = forms.CharField(
        label="Reason to reopen a locked quarter (optional)", required=False,
        widget=forms.TextInput(),
        help_text="Only if the workbook is meant to change a quarter that has been signed off and locked.")

    def clean_workbook(self):
        workbook = self.cleaned_data["workbook"]
        name = workbook.name
        if not name.lower().endswith(".xlsx"):
            extension = name.rsplit(".", 1)[1].lower() if "." in name else ""
            kind = f"a .{extension} file" if extension else "a file with no extension"
            if extension == "xls":
                kind = "an older Excel 97-2003 .xls file"
            raise forms.ValidationError(f"This is not an Excel .xlsx workbook: {name} is {kind}. Open it in Excel, "
                                        "save it as “Excel Workbook (.xlsx)” and upload that.")
        if workbook.size > settings.KPI_UPLOAD_MAX_BYTES:
            raise forms.ValidationError(f"{name} is {_size(workbook.size)}: the largest workbook this page takes "
                                        f"is {_size(settings.KPI_UPLOAD_MAX_BYTES)}.")
        if workbook.size == 0:
            raise forms.ValidationError(f"This is not an Excel .xlsx workbook: {name} is empty.")
        workbook.seek(0)
        start = workbook.read(4)
        workbook.seek(0)
        if start != XLSX_START:
            raise forms.ValidationError(f"This is not an Excel .xlsx workbook: {name} is named .xlsx but does not "
                                        "hold a workbook (was another file renamed?). Save it from Excel and "
                                        "upload it again.")
        return workbook

    def clean_reopen(self):
        reopen = self.cleaned_data["reopen"]
        problem = workflow.reason_too_long("Reason to reopen a locked quarter", reopen)
        if problem:
            raise forms.ValidationError(problem)
        return reopen

    def clean(self):
        data = super().clean()
        if data.get("layout") == uploads.Layout.APPENDIX and data.get("year") is None and "year" not in self.errors:
            self.add_error("year", "Give the financial year of the appendix, e.g. 2016 for 2016/17.")
        return data


# An .xlsx file is a zip archive, and every zip archive starts with these bytes.
XLSX_START = b"PK\x03\x04"


def _size(size: int) -> str:
    """A file's size as Windows Explorer shows it: "12.3 MB", "15 KB"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(size / 1024))} KB"


def posted_ids(values) -> list[int]:
    """The row ids a form posted (checkboxes); anything else is not an id and is left out.
    ASCII digits only, and short: "²" is a digit to str.isdigit but not to int()."""
    return [int(value) for value in values if value.isascii() and value.isdigit() and len(value) <= 18]
