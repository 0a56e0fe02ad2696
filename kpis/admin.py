from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from kpis import models


@admin.register(models.Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "holder"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(models.Directorate)
admin.site.register(models.ReportingYear)


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "category", "portfolio", "directorate", "unit", "polarity", "rollup", "active"]
    list_filter = ["category", "portfolio", "directorate", "active"]
    search_fields = ["code", "title"]


@admin.register(models.Reading)
class ReadingAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "month", "value", "numerator", "denominator", "flag", "state"]
    list_filter = ["state", "flag", "indicator__category"]
    search_fields = ["indicator__code", "indicator__title"]
    date_hierarchy = "month"


@admin.register(models.Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "period", "value", "kind", "text"]
    list_filter = ["year", "kind"]
    search_fields = ["indicator__code"]


@admin.register(models.Commentary)
class CommentaryAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "quarter"]
    list_filter = ["year", "quarter"]


@admin.register(models.Outturn, models.Benchmark)
class YearFigureAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "text"]


@admin.register(models.PublishedValue)
class PublishedValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "quarter", "field", "value"]
    list_filter = ["year", "quarter", "field"]
    search_fields = ["indicator__code", "indicator__title", "value"]


@admin.register(models.PublishedSummary)
class PublishedSummaryAdmin(SimpleHistoryAdmin):
    list_display = ["year", "quarter", "measure", "value", "percent", "count"]
    list_filter = ["year", "quarter", "measure"]


@admin.register(models.FocusIndicator)
class FocusIndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "quarter", "position"]
    list_filter = ["year", "quarter"]
    search_fields = ["indicator__code", "indicator__title"]


class ProfileInline(admin.StackedInline):
    """A person's role and, for a data officer, the services whose figures they enter."""

    model = models.Profile
    can_delete = False
    filter_horizontal = ["services"]


class PersonAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", "role", "is_active"]

    @admin.display(description="Role")
    def role(self, user):
        profile = getattr(user, "profile", None)
        return profile.get_role_display() if profile else "–"


admin.site.unregister(User)
admin.site.register(User, PersonAdmin)


@admin.register(models.QuarterLock)
class QuarterLockAdmin(SimpleHistoryAdmin):
    list_display = ["year", "quarter", "locked", "reason", "changed_by"]
