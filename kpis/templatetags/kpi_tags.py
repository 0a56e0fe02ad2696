from django import template
from django.utils.html import conditional_escape, format_html

from kpis.domain.terms import STATUS_TONES, Section, TargetKind, label
from kpis.domain.writing import NOTHING, figure_text, status_text, target_figure_text
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


# GOV.UK Frontend's tag colours for a status's tone; a tag always holds the word and mark too.
TAG_COLOURS = {"good": "govuk-tag--green", "bad": "govuk-tag--red", "warn": "govuk-tag--yellow"}


@register.filter
def tone_tag(tone):
    """The govuk-tag colour class of a tone ("good" -> "govuk-tag--green"); grey for none."""
    return TAG_COLOURS.get(tone, "govuk-tag--grey")


@register.simple_tag
def toned(text, tone, tag=False):
    """A word in its tone: a status as a GOV.UK tag (tag=True), a direction as a span in its colour,
    either as it is with no tone; the word always says it, never the colour alone. The one writer of
    both, for the templates (kpis/_shown.html) and the scorecard table's cells (reports.tables)."""
    if tag:
        return format_html('<strong class="govuk-tag {}">{}</strong>', tone_tag(tone), text)
    return format_html('<span class="tone-{}">{}</span>', tone, text) if tone else conditional_escape(text)


@register.filter
def status_tag(status):
    """The govuk-tag colour class of a status ("govuk-tag--green" for Achieved); grey for none."""
    return TAG_COLOURS.get(STATUS_TONES.get(status), "govuk-tag--grey")


@register.filter
def target(target, indicator):
    """A target (kpis.domain.rules.TargetSpec) as the scorecards write it: its figure keeping the
    places it has (a profiled 487.5), its printed words when it has no figure, or "No target"."""
    if target is None or target.kind is TargetKind.NONE:
        return label(TargetKind.NONE)
    if target.value is None:
        return target.text or NOTHING
    spec = indicator.spec()
    return target_figure_text(target.value, spec.unit, spec.decimals)


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
