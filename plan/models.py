"""The corporate plan (priorities -> objectives -> deliverables, each deliverable's progress per
quarter) and the strategic risks and opportunities register beside it (../shared/DOMAIN.md,
"Around the indicators"; the council's 2014/15 mid-year report, seeds/001).

A quarter's progress is public once the quarter is published (kpis.QuarterPublication: one
report, one publication); until then officers and the teams read it as in progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kpis.domain.periods import Quarter
from kpis.models import COMMENTARY_MAX_LENGTH, Indicator, quarter_1_to_4, within_known_years


class Priority(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, help_text="Its place in the plan, from 1.")
    title = models.CharField(max_length=300, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name_plural = "priorities"

    def __str__(self):
        return self.title


class Objective(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="objectives")
    number = models.PositiveSmallIntegerField(help_text="Its place under its priority, from 1.")
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True)
    # The KPIs whose results the objective's page shows beside its deliverables.
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="objectives")
    history = HistoricalRecords(m2m_fields=[indicators])

    class Meta:
        ordering = ["priority__number", "number"]
        constraints = [models.UniqueConstraint(fields=["priority", "number"], name="one_objective_per_place")]

    def __str__(self):
        return self.title


class Risk(models.Model):
    """A strategic risk or opportunity of the corporate register. Risks and opportunities share one
    numbering (Risk 25, Opportunity 26 …), as the council's register does."""

    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        OPPORTUNITY = "opportunity", "Opportunity"

    class Impact(models.IntegerChoices):
        MARGINAL = 1, "Marginal"
        SUBSTANTIAL = 2, "Substantial"
        CRITICAL = 3, "Critical"
        EXCEPTIONAL = 4, "Exceptional"  # the opportunities' highest

    class Likelihood(models.IntegerChoices):
        VERY_UNLIKELY = 1, "Very unlikely"
        UNLIKELY = 2, "Unlikely"
        LIKELY = 3, "Likely"
        VERY_LIKELY = 4, "Very likely"

    number = models.PositiveSmallIntegerField(unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=300)
    # Empty where the register's words are not on the scale (the 2014/15 report rates Opportunity 27
    # "Major"): the heat map then lists it as not placed, with those words, rather than guess.
    impact = models.PositiveSmallIntegerField(choices=Impact.choices, null=True, blank=True)
    likelihood = models.PositiveSmallIntegerField(choices=Likelihood.choices, null=True, blank=True)
    as_printed = models.CharField("impact / likelihood as printed", max_length=100, blank=True,
                                  help_text='The report\'s own words, for example "Critical / Likely".')
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}, {self.title}"


class Deliverable(models.Model):
    number = models.PositiveSmallIntegerField(unique=True, help_text="Its place in the whole plan, from 1.")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="deliverables")
    title = models.TextField(max_length=1000)
    lead_officer = models.CharField(max_length=200, blank=True,
                                    help_text="The lead officer's name, as the plan gives it.")
    # The person who updates its progress (with the performance team); none: the team alone.
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="deliverables_led")
    risks = models.ManyToManyField(Risk, blank=True, related_name="deliverables")
    history = HistoricalRecords(m2m_fields=[risks])

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return self.title


class Progress(models.Model):
    """A deliverable's RAG status and commentary for one quarter."""

    class Status(models.TextChoices):
        GREEN = "green", "Green"  # progressing as planned
        AMBER = "amber", "Amber"  # some slippage but within tolerance
        RED = "red", "Red"  # requires remedial action
        NOT_APPLICABLE = "n/a", "n/a"  # with the reason in the commentary

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="progress")
    year = models.PositiveSmallIntegerField(validators=[within_known_years])
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=5, choices=Status.choices)
    commentary = models.TextField(max_length=COMMENTARY_MAX_LENGTH, blank=True,
                                  help_text="What was done, what slipped and why; for n/a, why there is no status.")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deliverable", "year", "quarter"]
        verbose_name_plural = "progress"
        constraints = [
            models.UniqueConstraint(fields=["deliverable", "year", "quarter"], name="one_progress_per_quarter"),
            quarter_1_to_4("progress"),
            models.CheckConstraint(condition=~Q(status="n/a") | ~Q(commentary=""), name="not_applicable_says_why"),
        ]

    def __str__(self):
        return f"{self.deliverable.number} {self.period}: {self.get_status_display()}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)
