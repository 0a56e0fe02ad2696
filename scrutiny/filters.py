"""The tracker's filters, kept in the query string so a link to "open, assigned to Dawn Calvert"
can be shared; the page and its workbook read the same ones."""

import django_filters
from django import forms

from kpis.entry.govuk import SummaryLink
from scrutiny.models import Assignee, Meeting, Recommendation


class _MeetingField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{meeting.date:%-d %B %Y}"


class MeetingChoice(django_filters.ModelChoiceFilter):
    """A meeting is chosen by its date, as the tracker names it."""

    field_class = _MeetingField


class TrackerFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label="Open or closed", field_name="status", empty_label="Open and closed",
                                         choices=Recommendation.Status.choices,
                                         error_messages={"invalid_choice": "Choose open, closed, or both"},
                                         widget=forms.Select(attrs={"class": "govuk-select"}))
    meeting = MeetingChoice(label="Meeting", field_name="meeting", queryset=Meeting.objects.all(),
                            empty_label="All meetings",
                            error_messages={"invalid_choice": "Choose a meeting from the list"},
                            widget=forms.Select(attrs={"class": "govuk-select"}))
    assignee = django_filters.ModelChoiceFilter(label="Assigned to", field_name="assignees",
                                                queryset=Assignee.objects.all(), empty_label="Anyone",
                                                error_messages={"invalid_choice": "Choose an assignee from the list"},
                                                widget=forms.Select(attrs={"class": "govuk-select"}))

    class Meta:
        model = Recommendation
        fields = []


def summary_links(filters: TrackerFilter) -> list[SummaryLink]:
    """The error summary's links for filters no list offers (an old or edited link): each names its filter."""
    return [SummaryLink(f"#{bound.id_for_label}", f"{bound.label}: {error}")
            for bound in filters.form for error in bound.errors]


def filter_query(data) -> str:
    """The query string of the filters alone, for the workbook's link."""
    kept = data.copy()
    for key in list(kept):
        if key not in TrackerFilter.base_filters or not kept.get(key):
            del kept[key]
    return kept.urlencode()
