"""The plan's structure (priorities, objectives, deliverables, their leads, KPIs and risks) and the
register are the performance team's, kept here with their history; progress is written on the
deliverable's page, by its lead or the team."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kpis.admin import ListedOnlyAdmin
from plan import models


@admin.register(models.Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(models.Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["title", "priority", "number"]
    list_filter = ["priority"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["indicators"]


@admin.register(models.Deliverable)
class DeliverableAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "objective", "lead_officer", "lead"]
    list_filter = ["objective__priority"]
    search_fields = ["title", "lead_officer"]
    filter_horizontal = ["risks"]
    raw_id_fields = ["lead"]


@admin.register(models.Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "title", "impact", "likelihood", "as_printed"]
    list_filter = ["kind", "impact", "likelihood"]


@admin.register(models.Progress)
class ProgressAdmin(ListedOnlyAdmin):
    """Listed here; written on the deliverable's page, by its lead or the performance team."""

    list_display = ["deliverable", "year", "quarter", "status", "updated_by", "updated_at"]
    list_filter = ["year", "quarter", "status"]
