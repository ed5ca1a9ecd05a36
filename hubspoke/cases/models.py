"""Cases: the work with one young person at one service, opened by allocating an accepted
referral to a worker. The casework capability builds the case file on these two models."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.network.models import Service, Spoke
from hubspoke.referrals.models import Referral, YoungPerson


class CaseStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Case(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="cases")
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="cases")
    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The day a worker first met or spoke with the young person: the service's first-contact
    # target (working days from acceptance) runs until then.
    first_contact_on = models.DateField(null=True, blank=True)
    # When the plan is next to be reviewed with the young person.
    plan_review_on = models.DateField(null=True, blank=True)
    # For a young person nearing 18: what happens next (adult services, leaving care, college).
    transition_plan = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "status"], name="cases_service_status")]
        constraints = [
            # A young person has at most one open case at a service.
            models.UniqueConstraint(
                fields=["young_person"], condition=Q(status="open"), name="cases_one_open_case_per_young_person",
                violation_error_message="This young person already has an open case",
            ),
        ]

    def __str__(self):
        return f"Case of {self.young_person}"


class CaseReferral(models.Model):
    """The referrals a case answers: the one whose allocation opened it, and any later referral
    of the same young person accepted while it was open. A referral belongs to one case, ever:
    the database refuses a second (which is what makes allocation safe when two managers try
    at once)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="case_referrals")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="case_link")
    linked_at = models.DateTimeField()
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"{self.referral} in {self.case}"


class AllocationRole(models.TextChoices):
    LEAD = "lead", "Lead worker"
    CO_WORKER = "co_worker", "Co-worker"


class Allocation(models.Model):
    """Who works a case, from when to when. Reallocation ends one row and starts another, so
    the history stays."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=10, choices=AllocationRole.choices, default=AllocationRole.LEAD)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    # Why the case moved to this worker (empty for the first allocation).
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            # A worker's current caseload.
            models.Index(fields=["worker", "ends_at"], name="cases_allocation_current"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(role="lead", ends_at__isnull=True), name="cases_one_current_lead",
                violation_error_message="This case already has a lead worker",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.worker}"


class ContactMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    TEXT = "text", "Text or message"
    OUTREACH = "outreach", "Outreach (looking for them)"
    GROUP = "group", "Group session"


class ContactLocation(models.TextChoices):
    SCHOOL = "school", "School or college"
    HOME = "home", "Home or placement"
    YOUTH_VENUE = "youth_venue", "Youth venue"
    HUB_OFFICE = "hub_office", "Hub office"
    HOST_AGENCY = "host_agency", "Host agency"
    HEALTH = "health", "Health setting or SARC"
    PUBLIC = "public", "Public place"
    VEHICLE = "vehicle", "Vehicle"
    OTHER = "other", "Somewhere else"


class ContactOutcome(models.TextChoices):
    ATTENDED = "attended", "It happened"
    DID_NOT_ATTEND = "did_not_attend", "They did not come, or did not answer"
    CANCELLED_BY_YOUNG_PERSON = "cancelled_by_young_person", "Cancelled by the young person"
    CANCELLED_BY_WORKER = "cancelled_by_worker", "Cancelled by the worker"


class Present(models.TextChoices):
    YOUNG_PERSON = "young_person", "The young person"
    PARENT_CARER = "parent_carer", "Parent or carer"
    PROFESSIONALS = "professionals", "Other professionals"


class PlanElement(models.TextChoices):
    """The five elements of effective direct work; engagement is the one the others rest on."""

    ENGAGEMENT = "engagement", "Engagement and relationship building"
    SUPPORT = "support", "Ensuring support and stability"
    ADVOCACY = "advocacy", "Advocacy"
    REDUCING_RISK = "reducing_risk", "Reducing risk"
    GROWTH = "growth", "Enabling growth and resilience"


class Contact(models.Model):
    """A contact with (or an attempt to reach) the young person. An attempt that did not happen
    counts: persistent, consistent outreach is how engagement is won."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="contacts")
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=ContactMethod.choices)
    location = models.CharField(max_length=20, choices=ContactLocation.choices, blank=True)
    outcome = models.CharField(max_length=30, choices=ContactOutcome.choices)
    present = models.JSONField(default=list, blank=True)  # Present values
    professionals_present = models.CharField(max_length=300, blank=True)
    elements = models.JSONField(default=list, blank=True)  # PlanElement values
    notes = models.TextField(blank=True)
    # A restricted note is read only by the case's allocated workers and the service's managers,
    # and every opening is audited.
    restricted = models.BooleanField(default=False)
    # The young person was there and it happened: what "last contact" and first contact count.
    reached = models.BooleanField(default=False)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["case", "-occurred_at"], name="cases_contact_by_case")]

    def __str__(self):
        return f"{self.get_method_display()} on {self.occurred_at:%d %b %Y}"


class Agreement(models.TextChoices):
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Does not agree"
    NOT_ASKED = "not_asked", "Not talked through yet"


class GoalStatus(models.TextChoices):
    WORKING = "working", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    STOPPED = "stopped", "Stopped"


class PlanGoal(models.Model):
    """A goal in the young person's plan, under one of the five elements, written so it could
    be read aloud to them, with what they said about it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="goals")
    element = models.CharField(max_length=20, choices=PlanElement.choices)
    goal = models.TextField()
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.WORKING)
    agreement = models.CharField(max_length=12, choices=Agreement.choices, default=Agreement.NOT_ASKED)
    young_persons_comments = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status_changed_at = models.DateTimeField(null=True, blank=True)  # when it was last achieved or stopped

    def __str__(self):
        return self.goal[:60]


class ActionStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    DONE = "done", "Done"
    NOT_DONE = "not_done", "Not done"


class PlanAction(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(PlanGoal, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    who = models.CharField(max_length=150)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default=ActionStatus.TO_DO)
    finished_at = models.DateTimeField(null=True, blank=True)  # marked done or not done
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["status", "due_on"], name="cases_planaction_due")]

    def __str__(self):
        return self.action[:60]


class ChronologyMark(models.Model):
    """An event in the case's chronology marked as significant (the event is identified by its
    own UUID: a contact, a decision, an assessment, a goal)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="chronology_marks")
    event_ref = models.UUIDField()
    marked_at = models.DateTimeField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["case", "event_ref"], name="cases_one_mark_per_event",
            violation_error_message="This event is already marked as significant",
        )]

    def __str__(self):
        return str(self.event_ref)


class ClosureReason(models.TextChoices):
    OUTCOMES_ACHIEVED = "outcomes_achieved", "Outcomes achieved"
    MOVED = "moved", "Moved out of the area"
    TRANSFERRED = "transferred", "Transferred to another service"
    DECLINED = "declined", "The young person declined further support"
    TURNED_18 = "turned_18", "Turned 18 or moved on to adult services"
    DISENGAGED = "disengaged", "Disengaged"
    OTHER = "other", "Other"


# What a person closing a case may give as the reason: "transferred" is set only when a
# receiving service accepts a transfer.
CLOSING_REASONS = [(value, label) for value, label in ClosureReason.choices if value != ClosureReason.TRANSFERRED]


class Rating(models.TextChoices):
    NONE = "none", "None"
    SOME = "some", "Some"
    MOST = "most", "Most"
    ALL = "all", "All"


class Engagement(models.TextChoices):
    NOT = "not", "Not engaged"
    SOMETIMES = "sometimes", "Sometimes engaged"
    MOSTLY = "mostly", "Mostly engaged"
    FULLY = "fully", "Fully engaged"


class CaseClosure(models.Model):
    """One closing of a case, and its reopening if it was reopened: the history stays."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closures")
    closed_at = models.DateTimeField()
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=ClosureReason.choices)
    summary = models.TextField()
    risk_now = models.CharField(max_length=100)  # the level label at closure, or "Not assessed"
    engagement = models.CharField(max_length=10, choices=Engagement.choices)
    outcomes_achieved = models.CharField(max_length=10, choices=Rating.choices)
    what_helped = models.TextField(blank=True)
    # The guard: a manager's approval of closing a case whose risk stood at its tool's highest.
    guarded = models.BooleanField(default=False)
    approval_rationale = models.TextField(blank=True)
    statutory_agency_told = models.CharField(max_length=200, blank=True)
    statutory_told_on = models.DateField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reopen_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(guarded=False)
                | (~Q(approval_rationale="") & ~Q(statutory_agency_told="") & Q(statutory_told_on__isnull=False)),
                name="cases_guarded_closure_is_approved",
                violation_error_message="Enter why closing is right, which statutory agency was told, and when",
            ),
        ]
        indexes = [
            # Returns count reopenings in a quarter (monitoring.indicators); few closings are
            # ever reopened, so only those are indexed.
            models.Index(fields=["reopened_at"], name="cases_closure_reopened", condition=Q(reopened_at__isnull=False)),
        ]

    def __str__(self):
        return f"Closed {self.closed_at:%d %b %Y}: {self.get_reason_display()}"


class ReturnInterview(models.TextChoices):
    NOT_YET = "not_yet", "Not offered yet"
    OFFERED = "offered", "Offered"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined by the young person"


class MissingEpisode(models.Model):
    """A time the young person was missing. Where they were found, who they were with and the
    places involved are restricted: the allocated workers and managers read them, audited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="missing_episodes")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)  # empty while still missing
    reported_to_police = models.BooleanField(default=False)
    police_reference = models.CharField(max_length=60, blank=True)
    return_interview = models.CharField(max_length=10, choices=ReturnInterview.choices,
                                        default=ReturnInterview.NOT_YET)
    return_interview_by = models.CharField(max_length=150, blank=True)
    where_found = models.TextField(blank=True)
    associates = models.TextField(blank=True)
    places = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="cases_missing_ends_after_it_starts",
                violation_error_message="The time they came back must be on or after the time they went missing",
            ),
        ]

    def __str__(self):
        return f"Missing from {self.started_at:%d %b %Y}"


class MeetingKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy discussion"
    CP_CONFERENCE = "cp_conference", "Child protection conference"
    EXPLOITATION_PANEL = "exploitation_panel", "Exploitation panel (such as MACE or MASE)"
    PROFESSIONALS = "professionals", "Professionals' meeting"
    CIN_LAC_REVIEW = "cin_lac_review", "Child in need or looked-after review"


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField()
    agencies_present = models.TextField()
    decisions = models.TextField()
    actions = models.TextField(blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self):
        return f"{self.get_kind_display()} on {self.held_on:%d %b %Y}"


class RatingOccasion(models.TextChoices):
    START = "start", "Start of the work"
    REVIEW = "review", "Review"
    CLOSURE = "closure", "Closure"


class Rater(models.TextChoices):
    YOUNG_PERSON = "young_person", "The young person"
    WORKER = "worker", "The worker"


class OutcomeRating(models.Model):
    """One rating of the outcome areas (cases.outcomes) by the young person or the worker."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="outcome_ratings")
    rated_on = models.DateField()
    occasion = models.CharField(max_length=10, choices=RatingOccasion.choices)
    rater = models.CharField(max_length=15, choices=Rater.choices)
    scores = models.JSONField()  # area id -> 1..5
    personal_goals = models.JSONField(default=list, blank=True)  # [{"goal": text, "score": 0..10}]
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["case", "rater", "rated_on"], name="cases_outcome_by_case")]

    def __str__(self):
        return f"{self.get_rater_display()}, {self.rated_on:%d %b %Y}"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the receiving manager"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class CaseTransfer(models.Model):
    """Moving a young person's work to another spoke of the service, or to another service (they
    have moved across a local-authority boundary). The receiving service's manager accepts.

    What each side sees: the receiving side gets a new case (and, from another service, its own
    copy of the young person's record) with the handover summary; the sending service keeps its
    own closed case and history, and learns only that the transfer was accepted, when and by
    whom, never the receiving service's work."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers_out")
    to_service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    to_spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    handover_summary = models.TextField()
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decline_reason = models.TextField(blank=True)
    new_case = models.OneToOneField(Case, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="transfer_in")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="requested"), name="cases_one_pending_transfer",
                violation_error_message="This case already has a transfer waiting for an answer",
            ),
        ]

    def __str__(self):
        return f"Transfer to {self.to_service}"
