"""The scorecard table's filters, kept in the query string so a councillor can share a link.

Portfolio, directorate and category are the indicator's own fields. Status, direction of
travel and section are what the scorecard row shows (computed, or as published where the
rules give none): they keep the indicators whose row in the one scorecard read matches, so
a summary line's link lists exactly the rows it counts, at no query per row."""

import django_filters
from django import forms
from django.db.models import Q

from kpis.domain.terms import Category, Direction, Section, Status, label
from kpis.models import Directorate, Indicator, Portfolio

NONE = "none"
EASIER = "easier"  # the year target is easier than last year's outturn or a benchmark (kpis.domain.ambition)


def _choices(members, nothing="None"):
    return [(m.value, label(m)) for m in members] + [(NONE, nothing)]


def row_value(row, name: str) -> str:
    """A scorecard row's value for a computed filter, as the query string writes it."""
    if name == "target":
        return EASIER if row.ambition.easier else NONE
    value = {"status": row.status.value, "dot_year": row.dot_year.value,
             "dot_quarter": row.dot_quarter.value, "section": row.section}[name]
    return value.value if value is not None else NONE


class ScorecardFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="Status", method="by_row", choices=_choices(Status, "No status"))
    dot_year = django_filters.ChoiceFilter(label="Direction since last year", method="by_row",
                                           choices=_choices(Direction, "No direction"))
    dot_quarter = django_filters.ChoiceFilter(label="Direction since last quarter", method="by_row",
                                              choices=_choices(Direction, "No direction"))
    section = django_filters.ChoiceFilter(label="Section", method="by_row",
                                          choices=[(s.value, label(s)) for s in Section])
    target = django_filters.ChoiceFilter(label="Year target", method="by_row", choices=[
        (EASIER, "Easier than last year's outturn or a benchmark"), (NONE, "Not easier, or nothing to compare")])
    category = django_filters.ChoiceFilter(label="Category", field_name="category",
                                           choices=[(c.value, label(c)) for c in Category])
    portfolio = django_filters.ModelChoiceFilter(label="Portfolio", field_name="portfolio", to_field_name="slug",
                                                 queryset=Portfolio.objects.all())
    directorate = django_filters.ModelChoiceFilter(label="Directorate", field_name="directorate",
                                                   queryset=Directorate.objects.all())

    class Meta:
        model = Indicator
        fields = []

    def __init__(self, data=None, queryset=None, *, rows=(), **kwargs):
        self.rows = list(rows)
        super().__init__(data, queryset, **kwargs)

    @property
    def form(self):
        """Its choosers drawn as the design system's selects, "Any" where nothing is chosen."""
        form = super().form
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "govuk-select")
            if getattr(field, "empty_label", None):
                field.empty_label = "Any"
        return form

    def by_row(self, queryset, name, value):
        return queryset.filter(id__in=[row.indicator_id for row in self.rows if row_value(row, name) == value])


def filtered_rows(data, scorecard):
    """The filters of a query string and the scorecard rows they keep, in the scorecard's order:
    the table page and its CSV read this, so the download holds exactly the rows shown."""
    filters = ScorecardFilter(data or None, queryset=Indicator.objects.filter(active=True), rows=scorecard.rows)
    kept = set(filters.qs.values_list("id", flat=True))
    return filters, [row for row in scorecard.rows if row.indicator_id in kept]


def filter_query(data) -> str:
    """The query string of the filters alone (not the table's page or sort), for the CSV link."""
    kept = data.copy()
    for key in list(kept):
        if key not in ScorecardFilter.base_filters:
            del kept[key]
    return kept.urlencode()


class IndicatorFilter(django_filters.FilterSet):
    """/indicators/: words of the title or the code, as anyone would type them (any case), and
    the indicator's portfolio and directorate, as on the scorecard table."""

    q = django_filters.CharFilter(label="Search by title or code", method="by_words",
                                  widget=forms.SearchInput(attrs={"class": "govuk-input", "spellcheck": "false"}))
    portfolio = django_filters.ModelChoiceFilter(label="Portfolio", field_name="portfolio", to_field_name="slug",
                                                 queryset=Portfolio.objects.all(), empty_label="All portfolios",
                                                 widget=forms.Select(attrs={"class": "govuk-select"}))
    directorate = django_filters.ModelChoiceFilter(label="Directorate", field_name="directorate",
                                                   queryset=Directorate.objects.all(), empty_label="All directorates",
                                                   widget=forms.Select(attrs={"class": "govuk-select"}))

    class Meta:
        model = Indicator
        fields = []

    def by_words(self, queryset, name, value):
        words = value.strip()
        return queryset.filter(Q(title__icontains=words) | Q(code__icontains=words)) if words else queryset
