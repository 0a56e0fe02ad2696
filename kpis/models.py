"""Indicators, their monthly readings, targets, outturns, benchmarks and commentary."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from kpis.domain import terms
from kpis.domain.periods import Month, PeriodOutOfRange, Quarter, known_year, year_label
from kpis.domain.rules import IndicatorSpec

QUARTER_PERIODS = ("Q1", "Q2", "Q3", "Q4")
# A commentary is a few paragraphs (cause, action, forecast); an Excel cell holds 32,767
# characters at most, so a longer one could not reach Appendix 1b whole.
COMMENTARY_MAX_LENGTH = 10_000
YEAR_PERIOD = "year"


def choices(enum):
    return [(member.value, terms.label(member)) for member in enum]


def within_known_years(year: int):
    """A form's or the admin's check that a financial year is one the product keeps figures for."""
    try:
        known_year(year)
    except PeriodOutOfRange as error:
        raise ValidationError(str(error)) from None


def month_within_known_years(day):
    within_known_years(Month.of(day).financial_year)


def figure_field(**kwargs):
    """Figures are exact decimals: six places, never a float."""
    return models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True, **kwargs)


class Portfolio(models.Model):
    """A cabinet portfolio; "where a portfolio has no name, it is named after its holder"."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    holder = models.CharField("cabinet member", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = self.name or self.holder
        self.slug = self.slug or slugify(self.name)
        super().save(*args, **kwargs)


class Directorate(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Indicator(models.Model):
    code = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=500)
    aliases = models.JSONField(default=list, blank=True, help_text="Other titles the indicator is known by.")
    definition = models.TextField(blank=True)
    portfolio = models.ForeignKey(Portfolio, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators")
    directorate = models.ForeignKey(
        Directorate, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    owner = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=10, choices=choices(terms.Category), default=terms.Category.KPI)
    unit = models.CharField(max_length=10, choices=choices(terms.Unit), default=terms.Unit.NUMBER)
    decimals = models.PositiveSmallIntegerField(default=0)
    polarity = models.CharField(max_length=5, choices=choices(terms.Polarity), default=terms.Polarity.UP)
    frequency = models.CharField(max_length=10, choices=choices(terms.Frequency), default=terms.Frequency.MONTHLY)
    rollup = models.CharField(max_length=10, choices=choices(terms.Rollup), default=terms.Rollup.LATEST)
    target_basis = models.CharField(
        max_length=10, choices=choices(terms.TargetBasis), default=terms.TargetBasis.YTD
    )
    tolerance = figure_field(help_text="How far a figure may miss its target and still be Amber, in its units.")
    per = figure_field(help_text="A ratio's scale (numerator / denominator x per); 100 for percentages.")
    active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0, help_text="Order in the appendix.")
    # Statistical process control (reports.spc): the number of its first monthly points that fix the
    # XmR chart's mean and limits, which then extend; none: each period's own points.
    spc_baseline = models.PositiveSmallIntegerField(
        "SPC baseline", null=True, blank=True,
        help_text="How many of the first points fix the SPC chart's mean and limits (empty: all of a period's).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(decimals__lte=6), name="indicator_decimals_at_most_6"),
            models.CheckConstraint(condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0),
                                   name="indicator_tolerance_not_negative"),
            models.CheckConstraint(condition=Q(per__isnull=True) | Q(per__gt=0), name="indicator_per_positive"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def ratio_per(self) -> Decimal:
        if self.per is not None:
            return self.per
        return Decimal(100) if self.unit == terms.Unit.PERCENT else Decimal(1)

    def spec(self) -> IndicatorSpec:
        return IndicatorSpec(
            code=self.code,
            category=terms.Category(self.category),
            unit=terms.Unit(self.unit),
            decimals=self.decimals,
            polarity=terms.Polarity(self.polarity),
            frequency=terms.Frequency(self.frequency),
            rollup=terms.Rollup(self.rollup),
            target_basis=terms.TargetBasis(self.target_basis),
            tolerance=self.tolerance,
            per=self.ratio_per,
        )


class ChangeOfProcess(models.Model):
    """A recorded change in how an indicator's figures arise (a new contractor, a new definition):
    its SPC chart starts a new period of mean and limits from `month` (reports.spc)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="changes_of_process")
    month = models.DateField(validators=[month_within_known_years], help_text="The first month of the new process.")
    reason = models.TextField(max_length=COMMENTARY_MAX_LENGTH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "month"]
        verbose_name_plural = "changes of process"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="one_change_of_process_a_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="change_of_process_on_first_of_month"),
        ]

    def __str__(self):
        return f"{self.indicator.code} new process from {self.month:%B %Y}"


class ReportingYear(models.Model):
    """A financial year (2016 = 2016/17) and the status scheme it is reported under."""

    year = models.PositiveSmallIntegerField(unique=True, validators=[within_known_years])
    scheme = models.CharField(max_length=20, choices=choices(terms.Scheme), default=terms.Scheme.ACHIEVED_FAILED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year"]

    def __str__(self):
        return year_label(self.year)


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    period = models.CharField(max_length=4, choices=[(p, p) for p in (*QUARTER_PERIODS, YEAR_PERIOD)])
    value = figure_field()
    kind = models.CharField(max_length=10, choices=choices(terms.TargetKind), default=terms.TargetKind.ABSOLUTE)
    text = models.CharField(max_length=200, blank=True, help_text='The target as printed, e.g. "650 by year end".')
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "period"], name="one_target_per_indicator_period"),
            models.CheckConstraint(
                condition=~Q(kind=terms.TargetKind.ABSOLUTE) | Q(value__isnull=False), name="absolute_target_has_value"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {year_label(self.year)} {self.period}: {self.text or self.value}"


class RemembersLoaded(models.Model):
    """Keeps the values each instance was read with (Django's documented from_db pattern), so
    a save can tell what it changes without reading its row again (kpis.services.freshness).
    That holds because every writer in kpis.services reads the rows it changes under a lock,
    or refuses a version changed since (workflow.edit_reading): an instance never saves over
    a row someone else changed after it was read."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded = None  # read again whole when saved: what was loaded first is no longer the row


class Reading(RemembersLoaded):
    """One month's figure for one indicator (a quarterly figure sits on the quarter's last month)."""

    class State(models.TextChoices):
        DRAFT = "draft"
        SUBMITTED = "submitted"
        RETURNED = "returned"  # to the officer, with a reason
        APPROVED = "approved"  # published

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="readings")
    month = models.DateField(help_text="First day of the calendar month.", validators=[month_within_known_years])
    value = figure_field()
    numerator = figure_field()
    denominator = figure_field()
    flag = models.CharField(max_length=12, choices=choices(terms.Flag), default=terms.Flag.NONE, blank=True)
    note = models.TextField(blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    return_reason = models.TextField(blank=True)
    # The quarter's commentary as the officer sent it with this figure: approving the figure
    # publishes these words, and nothing written after them.
    submitted_commentary = models.TextField(max_length=COMMENTARY_MAX_LENGTH, blank=True)
    # Bumped by every save through kpis.services.imports, so a save from a stale page is caught.
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="one_reading_per_indicator_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="reading_month_is_first_day"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="reading_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
                name="reading_numerator_with_denominator",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="reading_numerator_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {Month.of(self.month)}: {self.value}"


class Outturn(models.Model):
    """A year-end figure, as published ("58% (5838)")."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="outturns")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    value = figure_field()
    text = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="one_outturn_per_indicator_year")]

    def __str__(self):
        return f"{self.indicator.code} {year_label(self.year)} outturn: {self.text or self.value}"


class Benchmark(models.Model):
    """National, regional, statistical neighbours ...: shown beside targets, never a target."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="benchmarks")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    kind = models.CharField(max_length=40)
    value = figure_field()
    text = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "kind"], name="one_benchmark_per_indicator_year_kind")
        ]

    def __str__(self):
        return f"{self.indicator.code} {year_label(self.year)} {self.kind}: {self.text or self.value}"


class Commentary(RemembersLoaded):
    """What the service says of a quarter: cause, action, forecast (appendix 1b)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commentaries")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    # Two texts, so a draft never replaces or hides what the public reads: the service's
    # latest words (its month sheet) and the words approved for publication, kept until
    # newer words are approved. The words sent for review travel with each submitted
    # figure (Reading.submitted_commentary).
    text = models.TextField(max_length=COMMENTARY_MAX_LENGTH, help_text="The service's latest words, draft or not.")
    published_text = models.TextField(max_length=COMMENTARY_MAX_LENGTH, blank=True,
                                      help_text="The words approved for publication: what the public reads.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "quarter"]
        verbose_name_plural = "commentaries"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "quarter"],
                                    name="one_commentary_per_indicator_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="commentary_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {Quarter(self.year, self.quarter)} commentary"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


def quarter_1_to_4(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name=f"{name}_quarter_1_to_4")


class PublishedValue(models.Model):
    """A value of one indicator and quarter as the council printed it ("Achieved", "↑",
    "Qtr in arrears"). Kept to show where the product and the paper disagree; the rules
    never read it (kpis/published.py says what it means)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="published_values")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    field = models.CharField(
        max_length=20, help_text="status, dot_year, dot_quarter, figure, section or dot_month_M_N (M = N + 1)."
    )
    value = models.TextField(help_text="Exactly as printed.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "quarter", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter", "field"], name="one_published_value_per_indicator_quarter_field"
            ),
            quarter_1_to_4("published_value"),
        ]

    def __str__(self):
        return f"{self.indicator.code} {Quarter(self.year, self.quarter)} {self.field}: {self.value}"


class PublishedSummary(models.Model):
    """One line of the council's printed quarter summary: "Achieved 55%" (22 of 40)."""

    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=12, choices=choices(terms.SummaryMeasure))
    value = models.CharField(max_length=12, help_text="A status for statuses; better, static or worse for the others.")
    percent = models.DecimalField(max_digits=9, decimal_places=6)
    count = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "measure", "value"]
        verbose_name_plural = "published summaries"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "measure", "value"], name="one_published_share_per_value"
            ),
            quarter_1_to_4("published_summary"),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="published_percent_0_to_100"),
        ]

    def __str__(self):
        return f"{Quarter(self.year, self.quarter)} {self.measure} {self.value}: {self.percent}%"


class FocusIndicator(models.Model):
    """An indicator the performance team chose for the quarter's "In Focus" pages."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="focus_quarters")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    position = models.PositiveIntegerField(default=0, help_text="Order in the report.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter", "position", "indicator"]
        verbose_name = "In Focus indicator"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year", "quarter"], name="one_focus_per_indicator_quarter"),
            quarter_1_to_4("focus"),
        ]

    def __str__(self):
        return f"{self.indicator.code} in focus {Quarter(self.year, self.quarter)}"


class Role(models.TextChoices):
    OFFICER = "officer", "Data officer"
    PERFORMANCE = "performance", "Performance team"
    COUNCILLOR = "councillor", "Councillor / scrutiny member"
    # The committee's officers (democratic services): they keep the scrutiny recommendations
    # tracker; for the figures they read what a councillor reads.
    SCRUTINY = "scrutiny", "Scrutiny officer"


class Profile(models.Model):
    """What a signed-in person may do: a data officer enters the figures of their own
    services; the performance team checks, approves and locks; a councillor reads."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=12, choices=Role.choices)
    services = models.ManyToManyField(Directorate, blank=True, related_name="officers")
    history = HistoricalRecords(m2m_fields=[services])

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class QuarterLock(models.Model):
    """A signed-off quarter: its figures change only after reopening, with a reason.
    Each lock and reopening is kept in the history (who, when, why)."""

    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    locked = models.BooleanField(default=True)
    reason = models.TextField(blank=True, help_text="Why it was last reopened.")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_lock_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="lock_quarter_1_to_4"),
        ]

    def __str__(self):
        return f"{Quarter(self.year, self.quarter)} {'locked' if self.locked else 'open'}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class QuarterPublication(models.Model):
    """A quarter the performance team has published: the day its report goes to committee
    (Thurrock's Q3 2016/17 report went to Corporate Overview and Scrutiny on 14 March 2017).
    Until then the public reads the quarter as in progress. Withdrawing keeps the row, without
    a date; each publication and withdrawal is kept in the history (who, when)."""

    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    published_on = models.DateField(null=True, blank=True, help_text="The committee date; empty when withdrawn.")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="one_publication_per_quarter"),
            quarter_1_to_4("publication"),
        ]

    def __str__(self):
        state = f"published {self.published_on:%d %b %Y}" if self.published_on else "not published"
        return f"{Quarter(self.year, self.quarter)} {state}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)


class DataVersion(models.Model):
    """Two tokens that change with every write a page could show, so a scorecard or a page
    computed once is reused until its data changes (kpis.services.freshness writes them,
    reports.cache reads them). One row. New random tokens, never a counter: a rolled-back
    write takes its token with it, and no later write can reuse it for other data."""

    public = models.CharField(max_length=32, help_text="Changes when anything the public reads changes.")
    working = models.CharField(max_length=32, help_text="Changes with every change, drafts included.")

    def __str__(self):
        return f"public {self.public}, working {self.working}"


class UploadLayout(models.TextChoices):
    CONTRACT = "contract", "Import contract (Indicators, Targets, Readings … sheets)"
    APPENDIX = "appendix", "Appendix layout (one row per indicator, months as columns)"


class PendingUpload(models.Model):
    """A workbook uploaded in the browser, from its dry run to the performance team's "Confirm"
    (kpis.services.uploads). In the database, not on one server's disk, so whichever server or
    worker answers next can check, confirm or cancel it; only its uploader may."""

    class Stage(models.TextChoices):
        QUEUED = "queued", "Waiting to be checked"
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked"  # the preview is ready: confirm or cancel
        CONFIRMED = "confirmed", "Waiting to be written"
        WRITING = "writing", "Being written"
        WRITTEN = "written", "Written"
        REFUSED = "refused", "Problems found: nothing was written"
        FAILED = "failed", "Stopped: nothing was written"

    token = models.CharField(max_length=64, unique=True)  # random (secrets.token_urlsafe): it names the upload in URLs
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255, help_text="The file's name on the uploader's computer.")
    layout = models.CharField(max_length=16, choices=UploadLayout.choices)
    year = models.IntegerField(null=True, blank=True, help_text="The appendix layout's financial year (2016: 2016/17).")
    reopen = models.TextField(blank=True, help_text="Why a locked quarter the workbook changes may be reopened.")
    # The workbook's bytes (KPI_UPLOAD_MAX_BYTES at most), emptied once nothing can be confirmed.
    content = models.BinaryField(default=b"")
    preview = models.CharField(max_length=64, blank=True, help_text="The fingerprint of what its dry run showed.")
    kept_at = models.DateTimeField(help_text="When it was uploaded: swept after uploads.KEPT_FOR_SECONDS.")
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.QUEUED)
    progress = models.CharField(max_length=200, blank=True, help_text="How far the check or the import has gone.")
    # What the page shows once a step ends: the dry run's report, the problems, or the message.
    outcome = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return f"{self.name} ({self.get_stage_display()})"

    @property
    def description(self) -> str:
        """What the uploader said the file is: "Appendix layout (…), financial year 2016/17"."""
        layout = UploadLayout(self.layout).label
        return f"{layout}, financial year {year_label(self.year)}" if self.year is not None else layout

    @property
    def reason(self) -> str:
        """What the change history says about every value the import writes."""
        return f"upload {self.name}"


class SentMail(models.Model):
    """An e-mail `send_reminders` sent: one row per kind, occasion and person, so a second run
    (cron run twice, or by hand after it) finds it and sends nothing again. The unique rule is
    the guard: two runs at once cannot both insert the row, so neither can both send."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder before the due day"
        LATE_DIGEST = "late_digest", "Digest of late figures"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    # The occasion: the month reminded of ("2016-12": once a month), or the digest's day ("2017-01-20": once a day).
    occasion = models.CharField(max_length=10)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "occasion", "recipient"], name="mail_sent_once")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occasion} to {self.recipient}"
