"""Subject access requests (UK GDPR Article 15): who asked and with what authority, the
deadline and its pauses, what was gathered, what was redacted and why, and the bundle."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.lib.storage import private_storage
from hubspoke.network.models import Service
from hubspoke.referrals.models import YoungPerson


class RequesterKind(models.TextChoices):
    # The same codes as ``sharing.models.SubjectRecipient``: the bundle is recorded as given to them.
    YOUNG_PERSON = "young_person", "The young person"
    PARENT = "parent", "A parent or carer with parental responsibility"
    REPRESENTATIVE = "representative", "A solicitor or other representative with their authority"


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    PAUSED = "paused", "Paused"
    IN_REVIEW = "in_review", "In review"
    SIGNED_OFF = "signed_off", "Signed off"
    BUNDLE_READY = "bundle_ready", "Bundle ready"
    COMPLETED = "completed", "Completed"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES = (Status.RECEIVED, Status.PAUSED, Status.IN_REVIEW, Status.SIGNED_OFF, Status.BUNDLE_READY)
CLOSED_STATUSES = (Status.COMPLETED, Status.REFUSED, Status.WITHDRAWN)


class SubjectAccessRequest(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="subject_access_requests")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="subject_access_requests")
    requester_kind = models.CharField("who asked", max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField("requester's name", max_length=200, blank=True)
    identity_checked = models.TextField("how identity was checked")
    authority_checked = models.TextField("how authority was checked", blank=True)
    received_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # Kept by the actions from ``deadlines.deadline`` at every change, so that lists and the home
    # page order and count by it in one query. None while a pause is open.
    due_on = models.DateField(null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    extension_told_on = models.DateField(null=True, blank=True)
    # What was gathered, frozen when review starts: what was reviewed is what is sent.
    snapshot = models.JSONField(null=True, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "received_on", "pk"]
        indexes = [models.Index(fields=["service", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(extension_months__lte=2), name="rights_extension_at_most_two_months",
                                   violation_error_message="An extension is one or two months at most"),
            models.CheckConstraint(
                condition=Q(extension_months=0) | (~Q(extension_reason="") & Q(extension_told_on__isnull=False)),
                name="rights_extension_has_reason_and_told_on",
                violation_error_message="An extension needs its reason and the date the requester was told",
            ),
            models.CheckConstraint(
                condition=Q(requester_kind="young_person") | ~Q(authority_checked=""),
                name="rights_authority_checked_for_others",
                violation_error_message="Say how the requester's authority to act for the young person was checked",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_by__isnull=True) | ~Q(signed_off_by=models.F("frozen_by"))
                | Q(frozen_by__isnull=True),
                name="rights_signed_off_by_someone_else",
                violation_error_message="A second manager signs off: not the person who started the review",
            ),
        ]

    def __str__(self):
        return f"Subject access request received {self.received_on:%d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PauseKind(models.TextChoices):
    IDENTITY = "identity", "Waiting for proof of identity"
    AUTHORITY = "authority", "Waiting for proof of authority"
    CLARIFICATION = "clarification", "Waiting for clarification"


class Pause(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="pauses")
    kind = models.CharField(max_length=20, choices=PauseKind.choices)
    what_was_asked = models.TextField()
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                                   name="rights_pause_ends_after_it_starts",
                                   violation_error_message="A pause cannot end before it starts"),
            models.UniqueConstraint(fields=["request"], condition=Q(ended_on__isnull=True),
                                    name="rights_one_open_pause",
                                    violation_error_message="The request is already paused: resume it first"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%d %B %Y}"


class Exemption(models.TextChoices):
    THIRD_PARTY = "third_party", "Third-party information (DPA 2018 Schedule 2 paragraph 16)"
    SERIOUS_HARM = "serious_harm", "Serious harm: social work or health data (DPA 2018 Schedule 3)"
    CHILD_ABUSE = "child_abuse", "Child abuse data, on a parent's request (DPA 2018 Schedule 3 paragraph 21)"
    CRIME = "crime", "Crime and taxation (DPA 2018 Schedule 2 paragraph 2)"
    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege (DPA 2018 Schedule 2 paragraph 19)"
    COURT = "court", "Court proceedings and adoption records (DPA 2018 Schedule 4)"
    CONFIDENTIAL_REFERENCE = "confidential_reference", "Confidential reference (DPA 2018 Schedule 2 paragraph 24)"
    NEGOTIATIONS = "negotiations", "Negotiations with the requester (DPA 2018 Schedule 2 paragraph 23)"


class Redaction(models.Model):
    """One field, or one exact passage within it, withheld from the bundle and why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions")
    part_key = models.CharField(max_length=60)
    entry_kind = models.CharField(max_length=60)
    entry_ref = models.CharField(max_length=80)
    field_key = models.CharField(max_length=80)
    passage = models.TextField(blank=True)  # empty: the whole field
    exemption = models.CharField(max_length=30, choices=Exemption.choices)
    marked_at = models.DateTimeField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["marked_at", "pk"]

    def __str__(self):
        return f"Redaction under {self.get_exemption_display()}"


class Bundle(models.Model):
    """One ZIP made for a request. Downloadable once: after the download its file is deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="bundles")
    file = models.FileField(storage=private_storage, upload_to="rights/bundles/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    with_pdf = models.BooleanField(default=False)
    asked_at = models.DateTimeField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    downloaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+")

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["request"], condition=Q(downloaded_at__isnull=True),
                                    name="rights_one_bundle_waiting",
                                    violation_error_message="A bundle is already waiting to be downloaded"),
        ]

    def __str__(self):
        return f"Bundle asked for {self.asked_at:%d %B %Y}"
