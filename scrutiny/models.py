"""The scrutiny committee's recommendations tracker (../shared/seeds/004_de7dc345a7c49949.txt):
each meeting's reports, a summary of the discussion, the committee's recommendations, who they
are assigned to, whether they are open or closed, and the progress reported on them.

The tracker is a public committee paper: everything here is public. Its texts are the council's
HTML (paragraphs and lists): they are sanitised (scrutiny.html) every time they are saved."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from scrutiny.html import sanitise

COMMITTEE = "Corporate Overview and Scrutiny Committee"


class Meeting(models.Model):
    committee = models.CharField(max_length=200, default=COMMITTEE)
    date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["committee", "date"], name="one_meeting_per_committee_day")]

    def __str__(self):
        return f"{self.committee}, {self.date:%-d %B %Y}"


class Assignee(models.Model):
    """Who a recommendation is assigned to, as the tracker names them: a person ("Dawn Calvert")
    or a team ("O&S Officers"). A person who signs in here updates what is assigned to them."""

    name = models.CharField(max_length=200, unique=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tracker_assignee")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Recommendation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    number = models.PositiveIntegerField(unique=True, help_text="The tracker's No.")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="recommendations")
    report_title = models.CharField(max_length=500)
    discussion = models.TextField("summary of the discussion", blank=True, help_text="HTML: paragraphs and lists.")
    recommendations = models.TextField("the committee's recommendations", help_text="HTML: paragraphs and lists.")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    assignees = models.ManyToManyField(Assignee, blank=True, related_name="recommendations")
    history = HistoricalRecords(m2m_fields=[assignees])

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.report_title}"

    def save(self, *args, **kwargs):
        self.discussion, self.recommendations = sanitise(self.discussion), sanitise(self.recommendations)
        super().save(*args, **kwargs)


class ProgressUpdate(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="updates")
    # The tracker's progress column carries no date: those updates are loaded undated.
    written_on = models.DateField(null=True, blank=True)
    text = models.TextField(help_text="HTML: paragraphs and lists.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", models.F("written_on").asc(nulls_first=True), "id"]

    def __str__(self):
        return f"Progress on {self.recommendation.number}, {self.written_on or 'undated'}"

    def save(self, *args, **kwargs):
        self.text = sanitise(self.text)
        super().save(*args, **kwargs)


class ForwardPlanItem(models.Model):
    """A report on the Cabinet forward plan, and what it means for the committee."""

    number = models.PositiveIntegerField(unique=True)
    report_title = models.CharField(max_length=500)
    cabinet_month = models.DateField(help_text="The first day of the month of the Cabinet meeting.")
    information = models.TextField("information for the committee", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.report_title}"
