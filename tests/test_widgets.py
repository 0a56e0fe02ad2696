"""thurrock_kpi.widgets writes the HTML Django's widget templates write, byte for byte, for
every widget and value the product's forms use, and for hostile text."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from thurrock_kpi.widgets import Renderer

HOSTILE = "<script>alert('x')</script> & \"quoted\" =SUM(A1)"
VALUES = [None, "", "0", 0, Decimal("97.10"), "12:30", HOSTILE, mark_safe("<b>safe</b>"),
          datetime.date(2017, 1, 31), True, False]
ATTRS = [{}, {"aria-describedby": "id_X-error", "aria-invalid": "true"}, {"class": HOSTILE, "disabled": True},
         {"required": False, "maxlength": 40, "placeholder": None}]
CHOICES = [("", "—"), ("n/a", "Not available"), ("prov", "Provisional <p>"), (3, 3)]
GROUPED = [("Flags", [("n/a", "Not available"), ("x", HOSTILE)]), ("", "None"), (HOSTILE, [(1, "One")])]

WIDGETS = [forms.TextInput, forms.HiddenInput, forms.NumberInput, forms.EmailInput, forms.PasswordInput,
           forms.URLInput, forms.SearchInput, forms.TelInput, forms.CheckboxInput, forms.Textarea,
           lambda attrs=None: forms.Select(attrs, choices=CHOICES),
           lambda attrs=None: forms.Select(attrs, choices=GROUPED)]


@pytest.mark.parametrize("attrs", ATTRS, ids=range(len(ATTRS)))
@pytest.mark.parametrize("value", VALUES, ids=repr)
@pytest.mark.parametrize("widget", WIDGETS, ids=range(len(WIDGETS)))
def test_each_widget_is_written_as_its_template_writes_it(widget, value, attrs):
    made = widget(attrs=dict(attrs))
    ours = made.render("X-value", value, attrs={"id": "id_X-value"}, renderer=Renderer())
    django = made.render("X-value", value, attrs={"id": "id_X-value"}, renderer=DjangoTemplates())
    assert ours == django


def test_a_widget_with_a_template_of_its_own_is_rendered_by_it(tmp_path, settings):
    class Radio(forms.RadioSelect):
        pass

    class OddOption(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    for made in (Radio(choices=CHOICES), OddOption(choices=CHOICES)):
        assert made.render("X", "n/a", renderer=Renderer()) == made.render("X", "n/a", renderer=DjangoTemplates())


def test_the_product_renders_its_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
