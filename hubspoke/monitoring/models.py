"""Monitoring returns and snapshot surveys (docs/monitoring-return.md).

A return is one service's figures for one quarter. While it is a draft its figures are computed
from the record whenever they are read; submitting freezes them, exact, in a numbered
``ReturnVersion``. Reopening (with a reason) makes the return a draft again; the next submission
is a new version, and every version is kept. Disclosure control is applied when figures leave
the service (``monitoring/disclosure.py``); what is stored is exact and never leaves as it is.

No I/O and no rules here: writes go through ``actions.py``, reads through ``queries.py``."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.network.models import Funder, PostLocation, Programme, Service, Spoke


class MonitoringSettings(models.Model):
    """The programme's rules for returns: when they are due, and the disclosure-control rule
    applied to every figure that leaves a service (defaults as NHS Digital publishes)."""

    programme = models.OneToOneField(Programme, on_delete=models.PROTECT, related_name="monitoring_settings")
    # The first quarter for which returns are asked (any date in it).
    returns_from = models.DateField(help_text="Returns are asked for from the quarter containing this date.")
    deadline_days = models.PositiveSmallIntegerField(
        default=30, help_text="A return is due this many days after its quarter ends."
    )
    suppress_max = models.PositiveSmallIntegerField(
        default=7, help_text="Counts from 1 to this number are shown as 'c'."
    )
    round_to = models.PositiveSmallIntegerField(default=5, help_text="Other counts are rounded to a multiple of this.")
    percent_min_denominator = models.PositiveSmallIntegerField(
        default=8, help_text="Percentages are hidden when fewer than this many are counted beneath them."
    )
    measure_min_n = models.PositiveSmallIntegerField(
        default=8, help_text="Averages are hidden when based on fewer than this many."
    )

    class Meta:
        verbose_name = "monitoring settings"
        verbose_name_plural = "monitoring settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(round_to__gte=1), name="monitoring_settings_round_to_positive",
                violation_error_message="Round to must be 1 or more",
            ),
        ]

    def __str__(self):
        return f"Monitoring settings for {self.programme}"

    def clean(self):
        from django.core.exceptions import ValidationError

        from hubspoke.lib.disclosure import Rule

        try:
            Rule(suppress_max=self.suppress_max, round_to=self.round_to,
                 percent_min_denominator=self.percent_min_denominator, measure_min_n=self.measure_min_n)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class MonitoringReturn(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="monitoring_returns")
    period_start = models.DateField()
    period_end = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)
    # The number of the latest submitted version; 0 until the first submission.
    version = models.PositiveSmallIntegerField(default=0)
    # The draft narrative; each submission copies it into its version.
    achievements = models.TextField(blank=True)
    challenges = models.TextField(blank=True)
    context = models.TextField(blank=True)
    data_quality_notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "period_start"], name="monitoring_return_one_per_quarter",
                violation_error_message="The service already has a return for this quarter",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="monitoring_return_period_ordered",
                violation_error_message="The quarter's end must be the same as or after its start",
            ),
        ]
        indexes = [models.Index(fields=["period_start", "status"], name="monitoring_return_period")]

    def __str__(self):
        return f"{self.service} {self.period_start:%Y-%m}"


class ReturnVersion(models.Model):
    """A submitted return, frozen: exact figures as computed at submission, the names of the
    service's parts at that time, and the narrative as submitted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    monitoring_return = models.ForeignKey(MonitoringReturn, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    figures = models.JSONField()  # indicators.compute() for the service: {"total": ..., "parts": {...}}
    part_labels = models.JSONField()  # part key -> its name at submission ("hub" -> "Hub")
    narrative = models.JSONField()  # achievements, challenges, context, data_quality_notes
    # The dashboard's headline values, worked out at submission from the figures above (exact):
    # {"total": {headline: n}, "parts": {part: {headline: n}}}. Reading these rather than the
    # figures keeps the programme dashboard quick with hundreds of services.
    headlines = models.JSONField(default=dict, blank=True)
    # ``figures["total"]`` again, on its own: programme-wide figures add up services' totals, and
    # reading a total should not mean reading every part's figures with it.
    total = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_time = models.BooleanField()
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopen_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["monitoring_return", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "number"], name="monitoring_version_unique_number",
                violation_error_message="The return already has a version with this number",
            ),
        ]

    def __str__(self):
        return f"{self.monitoring_return} v{self.number}"


class Survey(models.Model):
    """A snapshot survey of staff posts and roles, as at a date the programme chooses."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="surveys")
    as_of = models.DateField("as at")
    due_on = models.DateField()
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-as_of"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "as_of"], name="monitoring_survey_one_per_date",
                violation_error_message="There is already a snapshot survey as at this date",
            ),
        ]

    def __str__(self):
        return f"Snapshot survey as at {self.as_of:%-d %B %Y}"


class SurveyResponse(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="survey_responses")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["survey", "service__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "service"], name="monitoring_response_one_per_service",
                violation_error_message="The service already has a response to this survey",
            ),
        ]

    def __str__(self):
        return f"{self.service}: {self.survey}"


class SurveyPost(models.Model):
    """One post as the service confirms it: prefilled from the network's posts."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=150, validators=[VisibleCharactersOnly("Post title")])
    fte = models.DecimalField("FTE", max_digits=3, decimal_places=2)
    location = models.CharField(max_length=10, choices=PostLocation.choices)
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="+")
    filled = models.BooleanField()

    class Meta:
        ordering = ["response", "location", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0, fte__lte=1), name="monitoring_post_fte_range",
                violation_error_message="The FTE must be more than 0 and no more than 1",
            ),
            models.CheckConstraint(
                condition=Q(location=PostLocation.HUB, spoke__isnull=True)
                | Q(location=PostLocation.SPOKE, spoke__isnull=False),
                name="monitoring_post_location_matches_spoke",
                violation_error_message="Select a spoke for a post at a spoke, and no spoke for a post at the hub",
            ),
        ]

    def __str__(self):
        return self.title


class ApiToken(models.Model):
    """An evaluator's key to the monitoring API. Only a hash is kept; the key is shown once."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the key is for, so you can tell keys apart.")
    prefix = models.CharField(max_length=12)  # shown so a person can recognise a key
    key_hash = models.CharField(max_length=64, unique=True)  # SHA-256 of the whole key
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"
