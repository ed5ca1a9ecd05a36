"""Assessment tools (versioned definitions, imported from files) and the assessments made with
them. An assessment points at the exact tool version it was made with and stores its answers
and its computed result, so that importing a new version never changes it. No I/O and no
business rules here."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.network.models import Agency, Service, Spoke
from hubspoke.referrals.models import Referral, YoungPerson


class Purpose(models.TextChoices):
    SCREENING = "screening", "Screening"
    ASSESSMENT = "assessment", "Assessment"


class AssessmentTool(models.Model):
    """One version of one tool. ``definition`` is the normalised definition
    (assessments.definition.check); ``source`` the file as imported, for export."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tool_id = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    definition = models.JSONField()
    source = models.TextField()
    checksum = models.CharField(max_length=64)
    imported_at = models.DateTimeField()
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    # A retired tool is kept (its assessments still show it) but offered for no new ones.
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["tool_id", "version"], name="assessments_tool_version",
            violation_error_message="This version of the tool has already been imported",
        )]
        ordering = ["tool_id", "-version"]

    def __str__(self):
        return f"{self.title} (version {self.version})"


class ServiceTool(models.Model):
    """A tool a service offers for new assessments, chosen by its managers (by tool id, so a
    new version is offered as soon as it is imported). A service that has chosen none offers
    every active tool."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    tool_id = models.SlugField(max_length=60)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["service", "tool_id"], name="assessments_service_tool",
            violation_error_message="The service already offers this tool",
        )]

    def __str__(self):
        return self.tool_id


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class Assessment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tool = models.ForeignKey(AssessmentTool, on_delete=models.PROTECT, related_name="assessments")
    # Where it is held (network.scoping): the young person's service and spoke, or, for a
    # screening of a referral not yet linked to a young person, the referral's.
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Empty only for a screening made before triage linked the referral to a record.
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="assessments")
    # A screening started from a referral, to inform its triage.
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="assessments")
    # The assessment this one reviews: it started from that one's answers.
    review_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reviews")
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)

    # indicator id -> {"answer": value, "window": time-window id or "", "note": text}
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField()

    # Set on completion.
    assessed_on = models.DateField(null=True, blank=True)
    age_at_assessment = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    result = models.JSONField(null=True, blank=True)  # scoring.Result.to_dict()
    computed_level = models.CharField(max_length=60, blank=True)
    # Professional judgement: empty when the worker agrees with the computed level.
    judgement_level = models.CharField(max_length=60, blank=True)
    judgement_rationale = models.TextField(blank=True)
    # The level that stands: the judgement where given, else the computed level; with its label
    # and its place in the tool's levels (0 lowest), and the computed level's place, so that
    # lists and reports need not read the tool.
    level = models.CharField(max_length=60, blank=True)
    level_label = models.CharField(max_length=100, blank=True)
    level_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    computed_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    # The judgement's place where one is given. A judgement lower than the computed level that
    # needs a countersignature stands only once a manager has countersigned: until then
    # ``level`` is the computed level (and the next review is the computed level's).
    judgement_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    contributing_agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    other_contributors = models.TextField(blank=True)
    young_persons_view = models.TextField(blank=True)
    view_not_obtained_reason = models.TextField(blank=True)
    models_of_cse = models.JSONField(default=list, blank=True)  # referrals.models.ConcernTag values
    vulnerabilities = models.JSONField(default=list, blank=True)  # indicator ids, category "vulnerability"
    next_review_on = models.DateField(null=True, blank=True)
    needs_countersignature = models.BooleanField(default=False)
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")

    class Meta:
        indexes = [
            models.Index(fields=["young_person", "status", "assessed_on"], name="assessments_by_young_person"),
            models.Index(fields=["status", "next_review_on"], name="assessments_review_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person__isnull=False) | Q(referral__isnull=False),
                name="assessments_about_someone",
                violation_error_message="An assessment must be about a young person or a referral",
            ),
            models.CheckConstraint(
                condition=Q(judgement_level="") | ~Q(judgement_rationale=""),
                name="assessments_judgement_needs_rationale",
                violation_error_message="Enter the reason for the professional judgement",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed")
                | (~Q(young_persons_view="") | ~Q(view_not_obtained_reason="")),
                name="assessments_completed_has_voice",
                violation_error_message="Enter the young person's view, or why it was not obtained",
            ),
        ]

    def __str__(self):
        return f"{self.tool.title} of {self.subject_name}"

    @property
    def subject_name(self) -> str:
        if self.young_person_id:
            return str(self.young_person)
        return f"{self.referral.subject_first_name} {self.referral.subject_last_name}"
