"""Meetings, assignees (and who signs in as each) and the Cabinet forward plan, kept here with their
history; recommendations and their progress are written on the tracker's pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kpis.admin import ListedOnlyAdmin
from scrutiny import models


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "committee"]


@admin.register(models.Assignee)
class AssigneeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "user"]
    raw_id_fields = ["user"]


@admin.register(models.ForwardPlanItem)
class ForwardPlanItemAdmin(SimpleHistoryAdmin):
    list_display = ["number", "report_title", "cabinet_month"]


@admin.register(models.Recommendation)
class RecommendationAdmin(ListedOnlyAdmin):
    """Listed here; written on the tracker's pages, by the committee's officers or the performance team."""

    list_display = ["number", "meeting", "report_title", "status"]
    list_filter = ["status", "meeting"]


@admin.register(models.ProgressUpdate)
class ProgressUpdateAdmin(ListedOnlyAdmin):
    list_display = ["recommendation", "written_on", "author", "created_at"]
