"""A RAG status as the plan's pages write it: its word and meaning in a tag of the scorecards' colour."""

from django import template

from kpis.templatetags.kpi_tags import tone_tag
from plan import rag
from plan.selectors import risk_words as _risk_words

register = template.Library()


@register.filter
def rag_text(status):
    """ "Green: progressing as planned"."""
    return rag.rag_text(status)


@register.filter
def rag_label(status):
    """ "Green" alone: the page's key gives its meaning."""
    return rag.rag_label(status)


@register.filter
def rag_tag(status):
    """The govuk-tag colour class of a RAG status (Amber: the scorecards' yellow), grey for n/a or none."""
    return tone_tag(rag.rag_tone(status))


@register.filter
def risk_words(risk):
    """ "Critical / Likely", or the register's own words where they are not on the scale."""
    return _risk_words(risk)
