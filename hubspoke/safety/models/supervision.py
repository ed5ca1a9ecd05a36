"""Supervision records and how often each kind is due.

A ``Supervision`` is one person's supervision: who supervised them, when, of which kind, the
cases discussed, the actions agreed and a note on their wellbeing. Its content is for the
supervisee and the supervisor only; the service's managers see its date and kind (``access``).

A group debrief is recorded together, from one form, as one record per person in the group:
each keeps their own wellbeing note and the cases of theirs discussed, and none can read the
others' records. The records made together share ``group_ref``, so that the group can be shown
as one meeting without anyone's content being shared.

``SupervisionSchedule`` says how often a service expects each kind for each staff role (every
``every_days`` days); a kind with no row for a role is not expected of it, so nothing of that
kind is ever overdue for them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hubspoke.network.models import Role, Service

__all__ = ["STAFF_ROLES", "Supervision", "SupervisionCase", "SupervisionKind", "SupervisionSchedule"]


class SupervisionKind(models.TextChoices):
    CLINICAL = "clinical", "Clinical (reflective) supervision"
    MANAGEMENT = "management", "One-to-one management supervision"
    GROUP_DEBRIEF = "group_debrief", "Group debrief"
    PEER = "peer", "Peer supervision"


# The roles a schedule may name: the service's own staff.
STAFF_ROLES = (Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER)


class SupervisionSchedule(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="supervision_schedules")
    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    role = models.CharField(max_length=20, choices=[(r.value, r.label) for r in STAFF_ROLES])
    every_days = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["service", "role", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "kind", "role"], name="safety_schedule_unique",
                violation_error_message="The service already says how often this kind is due for this role",
            ),
            models.CheckConstraint(
                condition=Q(every_days__gt=0), name="safety_schedule_every_days_positive",
                violation_error_message="How often it is due must be at least every 1 day",
            ),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in STAFF_ROLES]), name="safety_schedule_staff_role",
                violation_error_message="Supervision is scheduled for service managers, hub workers and spoke workers",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} every {self.every_days} days for {self.get_role_display()}"


class Supervision(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=SupervisionKind.choices)
    held_on = models.DateField()
    actions_agreed = models.TextField(blank=True)
    wellbeing_note = models.TextField(blank=True)
    # The records of one group debrief, made together (see the module's docstring).
    group_ref = models.UUIDField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            # queries.supervision.latest: the latest of each kind per person.
            models.Index(fields=["supervisee", "kind", "held_on"], name="safety_supervision_latest"),
            models.Index(fields=["supervisor", "held_on"], name="safety_supervision_by"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supervisee=F("supervisor")), name="safety_supervision_not_self",
                violation_error_message="Someone else supervises you: the supervisor and supervisee must differ",
            ),
            models.CheckConstraint(
                condition=Q(group_ref__isnull=True) | Q(kind=SupervisionKind.GROUP_DEBRIEF),
                name="safety_supervision_group_is_debrief",
                violation_error_message="Only a group debrief is recorded for a group",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.held_on:%-d %B %Y}"


class SupervisionCase(models.Model):
    """A case discussed in a supervision: the case's chronology shows that it was, with the
    date and kind only."""

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="cases_discussed")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["case"], name="safety_supervisioncase_case")]
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "case"], name="safety_supervisioncase_unique",
                violation_error_message="This case is already listed as discussed in this supervision",
            ),
        ]

    def __str__(self):
        return f"Case discussed in {self.supervision}"
