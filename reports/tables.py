"""The scorecard table (appendix 1 on screen): django-tables2 sorts it by any column and pages
it; each cell of the page shown is written by a plain function of its record (`cells`), not
by django-tables2's per-cell lookups, which cost more than the rest of the page at 1,000 rows."""

import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from kpis.templatetags.kpi_tags import toned

MARK_COLOURS = {"In Focus": "blue", "Draft": "orange"}


class ScorecardTable(tables.Table):
    indicator = tables.Column(verbose_name="Indicator", order_by=("title",), attrs={"th": {"scope": "col"}})
    portfolio_holder = tables.Column(verbose_name="Portfolio holder")
    directorate = tables.Column(verbose_name="Directorate")
    figure = tables.Column(verbose_name="Figure", order_by=("figure_sort",))
    target = tables.Column(verbose_name="Quarter target", order_by=("target_sort",))
    year_target = tables.Column(verbose_name="Year target", order_by=("year_target_sort",))
    status = tables.Column(verbose_name="Status", order_by=("status_sort",))
    dot_year = tables.Column(verbose_name="Since last year", order_by=("dot_year_sort",))
    dot_quarter = tables.Column(verbose_name="Since last quarter", order_by=("dot_quarter_sort",))
    trend = tables.Column(verbose_name="Months so far", orderable=False, empty_values=())
    # Statistical process control and the year-end forecast (reports.spc_words): words, with a mark.
    variation = tables.Column(verbose_name="Variation", order_by=("variation_sort",), empty_values=())
    assurance = tables.Column(verbose_name="Assurance", order_by=("assurance_sort",), empty_values=())
    year_end = tables.Column(verbose_name="Year end", order_by=("year_end_sort",), empty_values=())

    class Meta:
        attrs = {"class": "govuk-table scorecard"}
        template_name = "reports/_table.html"

    @property
    def page_cells(self) -> list[list[str]]:
        """The cells of each row of the page shown, in the columns' order."""
        return [cells(row.record) for row in self.page.object_list]


def cells(record) -> list[str]:
    """A record's cells (reports.presentation.table_record), in ScorecardTable's column order."""
    marks = [text for text, shown in (("In Focus", record["in_focus"]), ("Draft", record["includes_draft"])) if shown]
    status = _with_note(toned(record["status"], record["status_tone"], tag=True), record["status_note"])
    if record["disagrees"]:
        status = format_html('{}<br><span class="flag">differs from the published {}</span>', status,
                             record["published_status"])
    return [
        format_html('<a href="/indicators/{}/">{}</a>{}', record["code"], record["indicator"],
                    format_html_join("", ' <strong class="govuk-tag govuk-tag--{}">{}</strong>',
                         ((MARK_COLOURS[m], m) for m in marks))),
        format_html("{}", record["portfolio_holder"]),
        format_html("{}", record["directorate"]),
        _with_note(record["figure"], record["period_note"]),
        _with_note(record["target"], record["target_text"]),
        _with_note(record["year_target"], record["ambition"]),
        status,
        _with_note(toned(record["dot_year"], record["dot_year_tone"]), record["dot_year_note"]),
        _with_note(toned(record["dot_quarter"], record["dot_quarter_tone"]), record["dot_quarter_note"]),
        record["sparkline"],
        _words(record.get("variation")),
        _words(record.get("assurance")),
        _words(record.get("year_end")),
    ]


def _words(words):
    """A judgement (reports.spc_words.Words) as a tag: its mark (hidden from screen readers, which read
    the words) and words; blank when there is none."""
    if not words or not words.text:
        return ""
    return format_html('<strong class="{}"><span aria-hidden="true">{} </span>{}</strong>', words.tag_class,
                       words.mark, words.text)


def _with_note(text, note):
    if not note:
        return format_html("{}", text)
    return format_html('{}<br><span class="note">{}</span>', text, note)

