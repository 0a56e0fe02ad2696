from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from kpis import models
from kpis.domain.periods import Month, Quarter
from kpis.services import workflow


@admin.register(models.Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["name", "holder"]
    prepopulated_fields = {"slug": ["name"]}


admin.site.register(models.Directorate)


@admin.register(models.ChangeOfProcess)
class ChangeOfProcessAdmin(SimpleHistoryAdmin):
    """Recorded on the indicator's page or imported (SpcPeriods); kept here with its history."""

    list_display = ["indicator", "month", "reason", "recorded_by"]
    list_filter = ["indicator"]
admin.site.register(models.ReportingYear)


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "category", "portfolio", "directorate", "unit", "polarity", "rollup", "active"]
    list_filter = ["category", "portfolio", "directorate", "active"]
    search_fields = ["code", "title"]


def _quarters_of(obj) -> set[Quarter]:
    """The quarters whose signed-off report a change to `obj` would alter."""
    if isinstance(obj, models.Reading):
        return {Month.of(obj.month).quarter} if obj.month else set()
    if isinstance(obj, models.Commentary):
        return {Quarter(obj.year, obj.quarter)} if obj.year and obj.quarter in (1, 2, 3, 4) else set()
    if isinstance(obj, models.Target) and obj.year:
        # A year target stands in for every quarter without one of its own.
        return ({Quarter(obj.year, int(obj.period[1]))} if obj.period in models.QUARTER_PERIODS
                else {Quarter(obj.year, n) for n in range(1, 5)})
    return set()


def _lock_problem(*objects) -> str | None:
    touched = set().union(*(_quarters_of(obj) for obj in objects if obj is not None))
    locked = sorted(touched & workflow.locked_quarters())
    if not locked:
        return None
    return (f"{locked[0].label} is locked: reopen it on the Quarters page, with a reason, before changing what "
            "its report says.")


class LockedQuarterGuard:
    """Figures, targets and commentary of a locked quarter change only after it is reopened
    with a reason, in the admin as everywhere: no change, no delete (nor a bulk one)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        stored = obj

        class Guarded(form):
            def clean(self):
                data = super().clean()
                problem = _lock_problem(stored, self.instance)
                if problem and not self._errors:  # a reading's own form may have said so already
                    raise forms.ValidationError(problem)
                return data

        return Guarded

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or _lock_problem(obj) is None)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, each checked against the locks
        return actions


class ReadingAdminForm(forms.ModelForm):
    """A figure's admin form carries the version it was opened with, so a save from a stale page
    is refused here, as on the month sheet, instead of overwriting a newer figure."""

    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = models.Reading
        fields = ["indicator", "month", "value", "numerator", "denominator", "flag", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The stored version, also when the admin shows an older one from the history to revert to.
        if self.instance.pk is not None:
            self.fields["seen_version"].initial = models.Reading.objects.filter(
                pk=self.instance.pk).values_list("version", flat=True).first()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            workflow.check_reading_edit(self.instance.pk, data["indicator"].id, data["month"], data.get("seen_version"))
        except workflow.WorkflowError as error:
            for messages in error.problems.values():
                for message in messages:
                    self.add_error(None, message)
            # Shown again with the newer version: saving again is then a decision.
            current = models.Reading.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current is not None:
                self.data = self.data.copy()
                self.data[self.add_prefix("seen_version")] = str(current)
        return data


@admin.register(models.Reading)
class ReadingAdmin(LockedQuarterGuard, SimpleHistoryAdmin):
    list_display = ["indicator", "month", "value", "numerator", "denominator", "flag", "state"]
    list_filter = ["state", "flag", "indicator__category"]
    search_fields = ["indicator__code", "indicator__title"]
    date_hierarchy = "month"
    form = ReadingAdminForm
    # A figure is approved or returned in the review queue, where its words are published with it.
    readonly_fields = ["state", "submitted_commentary", "version", "updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        """Through the same service as every other write of a figure (kpis.services.workflow)."""
        workflow.edit_reading(request.user, obj, seen_version=form.cleaned_data.get("seen_version"))

    def history_form_view(self, request, *args, **kwargs):
        # One transaction, as Django's own change form: what the form checked holds until saved.
        with transaction.atomic():
            return super().history_form_view(request, *args, **kwargs)


@admin.register(models.Target)
class TargetAdmin(LockedQuarterGuard, SimpleHistoryAdmin):
    list_display = ["indicator", "year", "period", "value", "kind", "text"]
    list_filter = ["year", "kind"]
    search_fields = ["indicator__code"]


@admin.register(models.Commentary)
class CommentaryAdmin(LockedQuarterGuard, SimpleHistoryAdmin):
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


class ListedOnlyAdmin(SimpleHistoryAdmin):
    """Rows the admin lists, with their history, but never adds, changes or deletes: a page of the
    service does that, with its checks and its reason."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.QuarterLock)
class QuarterLockAdmin(ListedOnlyAdmin):
    """Listed here; locked and reopened (with a reason) on the Quarters page only."""

    list_display = ["year", "quarter", "locked", "reason", "changed_by"]


@admin.register(models.QuarterPublication)
class QuarterPublicationAdmin(ListedOnlyAdmin):
    """Listed here; published and withdrawn on the Quarters page only."""

    list_display = ["year", "quarter", "published_on", "changed_by"]
