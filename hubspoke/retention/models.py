"""How long each kind of record is kept, legal holds, and disposal: decided by two people,
carried out everywhere the personal data is held, and certified.

A disposal and its certificate refer to the erased record by its kind and UUID only, never by
a foreign key: the record is gone, and nothing here ever held the young person's name. Fields,
choices and constraints only: the rules are in ``rules.py``, writes in ``actions.py``."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.network.models import Programme, Service
from hubspoke.referrals.models import Referral, YoungPerson


class RecordKind(models.TextChoices):
    CASE_RECORD = "case_record", "A young person's record with support (a case)"
    NO_CASE_RECORD = "no_case_record", "A young person's record with no case (accepted, never supported)"
    DECLINED_REFERRAL = "declined_referral", "A referral declined or closed without a record"
    AUDIT_TRAIL = "audit_trail", "The audit trail"


class Basis(models.TextChoices):
    """What a period counts from."""

    AGE = "age", "Until the young person's birthday at this age"
    AFTER_DECISION = "after_decision", "Years after the decision"
    WITH_RECORDS = "with_records", "As long as the records it describes"


# The defaults, without any row: (basis, years). An administrator's RetentionRule replaces the
# years for their programme; the audit trail's rule is not editable.
DEFAULTS = {
    RecordKind.CASE_RECORD: (Basis.AGE, 75),
    RecordKind.NO_CASE_RECORD: (Basis.AGE, 25),
    RecordKind.DECLINED_REFERRAL: (Basis.AFTER_DECISION, 6),
    RecordKind.AUDIT_TRAIL: (Basis.WITH_RECORDS, None),
}
EDITABLE_KINDS = (RecordKind.CASE_RECORD, RecordKind.NO_CASE_RECORD, RecordKind.DECLINED_REFERRAL)
# The bounds an administrator may set, so that a typing slip cannot make every record due at once.
YEARS_BOUNDS = {
    RecordKind.CASE_RECORD: (25, 100),
    RecordKind.NO_CASE_RECORD: (18, 100),
    RecordKind.DECLINED_REFERRAL: (1, 75),
}


class RetentionRule(models.Model):
    """A programme's own period for one kind of record (a default in ``DEFAULTS`` otherwise)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    years = models.PositiveSmallIntegerField()
    reason = models.TextField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="retention_one_rule_per_kind",
                                    violation_error_message="The programme already has a period for this kind"),
            models.CheckConstraint(condition=~Q(kind="audit_trail"), name="retention_audit_rule_fixed",
                                   violation_error_message="The audit trail is kept as long as its records"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.years} years"


class DataProtectionLead(models.Model):
    """The person who approves a service's disposals besides its managers: someone who holds a
    current administrator membership of the service's programme (the actions check it, and
    check it again at each approval). Their pages about a disposal show no young person's
    details, so administrators still never see a page about a young person."""

    service = models.OneToOneField(Service, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"Data protection lead of {self.service}"


class LegalHold(models.Model):
    """A hold on one record (a young person's record, or a referral with none) that stops its
    disposal: a claim, an inquiry, a police investigation. Placed and lifted by the service's
    managers, each with a reason."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField()
    placed_at = models.DateTimeField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    lift_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person__isnull=False, referral__isnull=True)
                | Q(young_person__isnull=True, referral__isnull=False),
                name="retention_hold_on_one_record",
                violation_error_message="A hold is on one young person's record or one referral",
            ),
            models.UniqueConstraint(fields=["young_person"], condition=Q(lifted_at__isnull=True),
                                    name="retention_one_hold_per_person",
                                    violation_error_message="This record is already on legal hold"),
            models.UniqueConstraint(fields=["referral"], condition=Q(lifted_at__isnull=True),
                                    name="retention_one_hold_per_referral",
                                    violation_error_message="This referral is already on legal hold"),
        ]

    def __str__(self):
        return "Legal hold"


class DisposalReason(models.TextChoices):
    PERIOD_ENDED = "period_ended", "The retention period has ended"
    MADE_IN_ERROR = "made_in_error", "The record was made in error (a duplicate, or the wrong person)"


class DisposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for a second person"
    CARRIED_OUT = "carried_out", "Carried out"
    REJECTED = "rejected", "Not approved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Disposal(models.Model):
    """One proposal to dispose of one record, and its outcome. ``young_person`` or ``referral``
    points at the record while it exists; erasure clears them, and ``record_ref`` stays."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    record_kind = models.CharField(max_length=20, choices=RecordKind.choices)
    record_ref = models.UUIDField()
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(max_length=20, choices=DisposalReason.choices)
    # Why, in the proposer's words (never the young person's name: the action refuses it).
    explanation = models.TextField(blank=True)
    # The rule that made it due, as it read when proposed ("Until the 75th birthday"), and the date.
    basis = models.CharField(max_length=200)
    review_on = models.DateField(null=True, blank=True)
    # What erasure would erase, counted when it was proposed (kinds and counts, never content).
    expected = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=DisposalStatus.choices, default=DisposalStatus.PROPOSED)
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    # "service manager" or "data protection lead": in what capacity the second person decided.
    decided_as = models.CharField(max_length=30, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "status"], name="retention_disposal_status")]
        constraints = [
            models.UniqueConstraint(fields=["record_ref"], condition=Q(status="proposed"),
                                    name="retention_one_open_proposal",
                                    violation_error_message="A disposal of this record is already proposed"),
            models.CheckConstraint(condition=Q(status="proposed") | Q(decided_by__isnull=False),
                                   name="retention_decided_has_decider",
                                   violation_error_message="Say who decided"),
        ]

    def __str__(self):
        return f"Disposal of {self.get_record_kind_display().lower()}"


class DisposalCertificate(models.Model):
    """What was erased (kinds and counts, never content), of which record, when, by whose
    decision, why, on which retention basis; and what was not erased because it is another
    service's (a copy made by a transfer). It names nobody but the two staff who decided."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    disposal = models.OneToOneField(Disposal, on_delete=models.PROTECT, related_name="certificate")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    carried_out_at = models.DateTimeField()
    erased = models.JSONField()  # {"contacts": 3, ...}
    # Other services holding their own copy of the record (by a transfer): their names and counts.
    copies_elsewhere = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-carried_out_at", "-id"]
        indexes = [models.Index(fields=["service", "-carried_out_at"], name="retention_certificates")]

    def __str__(self):
        return "Certificate of disposal"
