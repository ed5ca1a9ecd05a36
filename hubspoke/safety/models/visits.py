"""Lone-working visits and their escalation chain (see engine.py for the timer's rules).

A visit names the worker, the place and whom they meet by role only: never a young person's
name. Where the visit is part of a case, the link is a row of its own (``VisitCaseLink``) that a
responder reaches only once an alarm is raised, and that look is audited. Every change of
state is a ``VisitEvent`` with its time."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

__all__ = [
    "ChainHours", "ChainStep", "MeetingWith", "NextAction", "SafetyProfile", "Visit", "VisitCaseLink",
    "VisitEvent", "VisitEventKind", "VisitState",
]


class SafetyProfile(models.Model):
    """What a responder needs to find a worker, kept once and copied onto each visit."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_profile")
    phone = models.CharField("Mobile phone", max_length=20, blank=True)
    vehicle = models.CharField("Vehicle", max_length=120, blank=True,
                               help_text="Colour, make and registration, for example “Blue Fiesta, AB12 CDE”")
    buddy = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="Told first when a visit goes amber")
    # A hash (Django's password hasher), never the PIN itself.
    duress_pin = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Safety profile of {self.person}"


class ChainHours(models.TextChoices):
    ALWAYS = "always", "At any time"
    OFFICE = "office", "Office hours only"
    OUT_OF_HOURS = "out_of_hours", "Out of hours only"


class ChainStep(models.Model):
    """One step of a service's red-alarm chain. Steps for a spoke come before the service's own
    (a spoke's host agency's duty contact, then the hub manager, then on-call out of hours)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("network.Service", on_delete=models.CASCADE, related_name="+")
    spoke = models.ForeignKey("network.Spoke", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                              help_text="Only for visits at this spoke; leave empty for every visit")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=120, help_text="For example “Host agency duty desk”")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                               related_name="+", help_text="Someone with a Hubspoke account")
    phone = models.CharField(max_length=20, blank=True, help_text="Or a phone number for text messages")
    email = models.EmailField(blank=True, help_text="Or an email address")
    wait_minutes = models.PositiveSmallIntegerField(default=10)
    hours = models.CharField(max_length=12, choices=ChainHours.choices, default=ChainHours.ALWAYS)

    class Meta:
        ordering = ["service_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(phone="") | ~Q(email=""), name="safety_chain_step_reachable",
                violation_error_message="A step needs a person, a phone number or an email address",
            ),
            models.CheckConstraint(
                condition=Q(wait_minutes__gte=1), name="safety_chain_step_waits",
                violation_error_message="A step waits at least one minute before the next",
            ),
        ]

    def __str__(self):
        return self.label


class VisitState(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    AMBER = "amber", "Amber: overdue"
    RED = "red", "Red: alarm raised"
    ACKNOWLEDGED = "acknowledged", "Alarm acknowledged"
    FINISHED = "finished", "Finished safely"
    RESOLVED = "resolved", "Alarm resolved"


OPEN_STATES = (VisitState.IN_PROGRESS, VisitState.AMBER, VisitState.RED, VisitState.ACKNOWLEDGED)
# States in which the server's timer runs.
TIMED_STATES = (VisitState.IN_PROGRESS, VisitState.AMBER, VisitState.RED)


class NextAction(models.TextChoices):
    AMBER = "amber", "Go amber and remind the worker"
    BUDDY = "buddy", "Tell the buddy"
    RED = "red", "Go red"
    STEP = "step", "Next step of the chain"


class MeetingWith(models.TextChoices):
    YOUNG_PERSON = "young_person", "A young person"
    YOUNG_PERSON_AND_FAMILY = "young_person_family", "A young person and family or carers"
    FAMILY = "family", "Family or carers"
    PROFESSIONALS = "professionals", "Professionals"
    GROUP = "group", "A group (school session, outreach, training)"
    NOBODY = "nobody", "Nobody yet (outreach)"
    OTHER = "other", "Someone else"


class Visit(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="safety_visits")
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, related_name="+")
    spoke = models.ForeignKey("network.Spoke", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=200)
    location = models.CharField("Postcode or grid reference", max_length=40, blank=True)
    meeting_with = models.CharField(max_length=24, choices=MeetingWith.choices)
    # A role, not a name (checked against the service's young people when the visit starts).
    meeting_with_detail = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    vehicle = models.CharField(max_length=120, blank=True)
    buddy = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    expected_end = models.DateTimeField()
    check_in_every = models.PositiveSmallIntegerField(null=True, blank=True)  # minutes
    last_check_in_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=VisitState.choices, default=VisitState.IN_PROGRESS)
    # The server's timer: what happens next, and when (nothing once acknowledged or finished).
    next_action = models.CharField(max_length=6, choices=NextAction.choices, blank=True)
    next_action_at = models.DateTimeField(null=True, blank=True)
    # Where the red chain has got to: the step's place in the visit's chain and the round.
    chain_position = models.PositiveSmallIntegerField(default=0)
    chain_round = models.PositiveSmallIntegerField(default=0)
    duress = models.BooleanField(default=False)
    # The worker pressed "I need help now" (the messages say so, not "has not checked in").
    help_requested = models.BooleanField(default=False)
    amber_at = models.DateTimeField(null=True, blank=True)
    alarm_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.CharField(max_length=200, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    incident_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["next_action_at"], condition=Q(next_action_at__isnull=False),
                         name="safety_visit_timer_due"),
            models.Index(fields=["service", "state"], name="safety_visit_service_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(next_action="") & Q(next_action_at__isnull=True))
                | (~Q(next_action="") & Q(next_action_at__isnull=False)), name="safety_visit_timer_whole",
                violation_error_message="A visit's timer needs both what happens next and when",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["red", "acknowledged", "resolved"]) | Q(alarm_at__isnull=False),
                name="safety_visit_alarm_has_time",
                violation_error_message="A raised alarm must say when it was raised",
            ),
            models.CheckConstraint(
                condition=~Q(state="resolved") | (Q(resolved_at__isnull=False) & ~Q(incident_note="")),
                name="safety_visit_resolved_has_note",
                violation_error_message="Resolving an alarm needs an incident note",
            ),
            models.CheckConstraint(
                condition=Q(expected_end__gt=models.F("started_at")), name="safety_visit_ends_after_start",
                violation_error_message="A visit must end after it starts",
            ),
        ]

    def __str__(self):
        return f"Visit by {self.worker} at {self.place}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def in_alarm(self) -> bool:
        return self.state in (VisitState.RED, VisitState.ACKNOWLEDGED)


class VisitCaseLink(models.Model):
    """Which case a visit was part of, kept apart from the visit: shown to a responder only once
    the alarm is raised (audited), and deleted when the young person's record is erased."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="case_link")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return "The case a visit was part of"


class VisitEventKind(models.TextChoices):
    STARTED = "started", "Started"
    CHECKED_IN = "checked_in", "Checked in"
    EXTENDED = "extended", "Extended"
    AMBER = "amber", "Went amber; worker reminded"
    BUDDY = "buddy", "Buddy told"
    RED = "red", "Went red; alarm raised"
    DURESS = "duress", "Duress raised"
    ESCALATED = "escalated", "Escalated to the next step"
    ACKNOWLEDGED = "acknowledged", "Alarm acknowledged"
    FINISHED = "finished", "Finished safely"
    RESOLVED = "resolved", "Resolved with an incident note"


class VisitEvent(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=VisitEventKind.choices)
    by = models.CharField(max_length=200, blank=True)  # a person's name, or the chain step told
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return self.get_kind_display()
