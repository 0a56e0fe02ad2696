from django import template

from kpis.domain.terms import Section, label
from kpis.domain.writing import figure_text, status_text
from kpis.permissions import role_of as _role_of

register = template.Library()


@register.simple_tag
def role_of(user):
    role = _role_of(user)
    return role.value if role else ""


@register.filter
def figure(value, indicator):
    """A stored figure as the council prints it, in the indicator's unit and decimals."""
    if value is None or value == "":
        return ""
    spec = indicator.spec()
    return figure_text(value, spec.unit, spec.decimals)


@register.filter
def status_word(status):
    """ "Achieved ✓" / "Failed ✗": a word and a mark, never colour alone."""
    return status_text(status) if status else "No status"


@register.filter
def section_heading(section):
    """ "failing" -> "Indicators failing target": the appendix's heading, as the workbook writes it."""
    return label(Section(section))


@register.filter
def field_name(label):
    """The visible part of a field's label ("Figure (percent): % Rent collected" -> "Figure (percent)")."""
    return str(label).split(": ", 1)[0]


@register.filter
def described(field, errors):
    """The field's widget, pointing to its error message for screen readers."""
    attrs = {"aria-describedby": f"{field.id_for_label}-error", "aria-invalid": "true"} if errors else {}
    return field.as_widget(attrs=attrs)
