"""The service's work with professionals and the local system: consultations, training and
awareness sessions (with participants' anonymous feedback), prevention and group sessions with
young people, strategic and multi-agency meetings, and challenges and escalations.

Every record belongs to a service and, where the work was done from one, a spoke; it is seen
as the service's other records are (``network.scoping.records_q``). Two kinds may be linked to a
young person's record, and are then part of it:

- a consultation about a child who turns out to be known (``young_person``);
- a challenge about a young person's case (``case``), which is then seen only by those who may
  see the case.

Nothing here names a child otherwise: a consultation needs no child's identity, and prevention
sessions count young people by age band and gender, never by name. Audience and reach numbers
are kept as one column each, so that the return can sum them in one query."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from hubspoke.lib.names import VisibleCharactersOnly
from hubspoke.network.models import Agency, AgencyType, Service, Spoke

__all__ = [
    "AUDIENCES", "AGE_BANDS", "GENDERS", "Challenge", "ChallengeAbout", "ChallengeDirection", "ChallengeOutcome",
    "ChallengeStage", "ChallengeStep", "Consultation", "ConsultationMethod", "ConsultationOutcome", "MeetingKind",
    "MeetingOutput", "MeetingRole", "PreventionFormat", "PreventionSession", "PreventionSetting", "PreventionTopic",
    "StrategicMeeting", "TrainingFeedback", "TrainingSession",
]

TEXT_MAX = 3000


class _Work(models.Model):
    """What every record of this work has: where it belongs, when, who did it, who recorded it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    spoke = models.ForeignKey(Spoke, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    held_on = models.DateField()
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True
        ordering = ["-held_on", "-pk"]


# --- Consultations -------------------------------------------------------------------------


class ConsultationMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Text or message"


class ConsultationOutcome(models.TextChoices):
    REFERRAL_MADE = "referral_made", "A referral was made"
    REFERRAL_EXPECTED = "referral_expected", "They will make a referral"
    SIGNPOSTED = "signposted", "Signposted elsewhere"
    ADVICE_ONLY = "advice_only", "Advice only: no further action"


class Consultation(_Work):
    """Advice given to a professional about a child who is not on the caseload, or not yet.
    "A referral was made" names the referral when it is recorded (the action requires it); the
    link may later go, with the referral, when a record is erased, and the outcome still counts."""

    agency_type = models.CharField("Their agency", max_length=30, choices=AgencyType.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    professional_role = models.CharField("Their role", max_length=100, blank=True,
                                         validators=[VisibleCharactersOnly("Their role")])
    method = models.CharField(max_length=20, choices=ConsultationMethod.choices)
    concern = models.CharField(max_length=300)
    advice = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=ConsultationOutcome.choices)
    signposted_to = models.CharField(max_length=200, blank=True)
    referral = models.ForeignKey("referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    young_person = models.ForeignKey("referrals.YoungPerson", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")

    class Meta(_Work.Meta):
        indexes = [
            models.Index(fields=["service", "held_on"], name="engagement_consult_when"),
            models.Index(fields=["young_person"], name="engagement_consult_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome=ConsultationOutcome.SIGNPOSTED) | ~Q(signposted_to=""),
                name="engagement_consult_signposted_where",
                violation_error_message="Say where they were signposted to",
            ),
        ]

    def __str__(self):
        return f"Consultation on {self.held_on:%-d %B %Y}"


# --- Training and awareness ----------------------------------------------------------------

# Who was trained: (field, label). Each is a column of the session, so the return sums them.
AUDIENCES = (
    ("police", "Police"),
    ("social_care", "Social care"),
    ("health", "Health"),
    ("education", "Education"),
    ("voluntary", "Voluntary sector"),
    ("licensed_trades", "Taxi drivers and other licensed trades"),
    ("parents_carers", "Parents and carers"),
    ("other", "Others"),
)


class TrainingSession(_Work):
    """Training or an awareness session the service delivered. ``worker`` is the lead trainer;
    participants give feedback anonymously by the session's link (``feedback_token``) until
    ``feedback_until``."""

    topic = models.CharField(max_length=200, validators=[VisibleCharactersOnly("Topic")])
    minutes = models.PositiveSmallIntegerField("Length in minutes")
    co_trainers = models.CharField("Others who delivered it", max_length=200, blank=True)
    materials = models.CharField("Materials used", max_length=300, blank=True)
    materials_url = models.URLField("Link to the materials", max_length=500, blank=True)
    police = models.PositiveIntegerField(default=0)
    social_care = models.PositiveIntegerField(default=0)
    health = models.PositiveIntegerField(default=0)
    education = models.PositiveIntegerField(default=0)
    voluntary = models.PositiveIntegerField(default=0)
    licensed_trades = models.PositiveIntegerField(default=0)
    parents_carers = models.PositiveIntegerField(default=0)
    other = models.PositiveIntegerField(default=0)
    attended = models.PositiveIntegerField()
    feedback_token = models.CharField(max_length=40, unique=True)
    feedback_until = models.DateField()

    class Meta(_Work.Meta):
        indexes = [models.Index(fields=["service", "held_on"], name="engagement_training_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(attended=F("police") + F("social_care") + F("health") + F("education") + F("voluntary")
                            + F("licensed_trades") + F("parents_carers") + F("other")),
                name="engagement_training_attended_adds_up",
                violation_error_message="The number who attended must be the sum of each audience",
            ),
            models.CheckConstraint(
                condition=Q(attended__gt=0), name="engagement_training_someone_attended",
                violation_error_message="Enter how many attended from at least one audience",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="engagement_training_minutes_positive",
                violation_error_message="Enter how long it was, in minutes",
            ),
        ]

    def __str__(self):
        return f"Training on {self.held_on:%-d %B %Y}: {self.topic}"

    def audience(self) -> list[tuple[str, int]]:
        return [(label, getattr(self, field)) for field, label in AUDIENCES if getattr(self, field)]


class TrainingFeedback(models.Model):
    """One participant's anonymous answer: nothing about who gave it is kept (no account, no
    address, no time of day), only the day it came."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="feedback")
    confidence_before = models.PositiveSmallIntegerField()
    confidence_after = models.PositiveSmallIntegerField()
    will_do = models.TextField(blank=True)
    given_on = models.DateField()

    class Meta:
        ordering = ["session", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence_before__gte=1, confidence_before__lte=5,
                            confidence_after__gte=1, confidence_after__lte=5),
                name="engagement_feedback_scale",
                violation_error_message="Confidence is from 1 (not at all) to 5 (very)",
            ),
        ]

    def __str__(self):
        return f"Feedback on {self.session}"


# --- Prevention and group sessions -----------------------------------------------------------


class PreventionSetting(models.TextChoices):
    SCHOOL = "school", "School"
    COLLEGE = "college", "College"
    ALTERNATIVE = "alternative", "Alternative provision or pupil referral unit"
    YOUTH_VENUE = "youth_venue", "Youth club or youth venue"
    RESIDENTIAL = "residential", "Children's home or residential setting"
    COMMUNITY = "community", "Community venue"
    OTHER = "other", "Somewhere else"


class PreventionFormat(models.TextChoices):
    ASSEMBLY = "assembly", "Assembly or large group"
    LESSON = "lesson", "Lesson or class"
    SMALL_GROUP = "small_group", "Small group"
    PROGRAMME = "programme", "Part of a programme of sessions"
    DROP_IN = "drop_in", "Drop-in"


class PreventionTopic(models.TextChoices):
    RELATIONSHIPS = "relationships", "Healthy relationships"
    CONSENT = "consent", "Consent"
    GROOMING = "grooming", "Grooming and exploitation"
    ONLINE = "online", "Online safety"
    CRIMINAL = "criminal", "Criminal exploitation and county lines"
    SEXUAL_HEALTH = "sexual_health", "Sexual health"
    HARMFUL_BEHAVIOUR = "harmful_behaviour", "Harmful sexual behaviour"
    HELP = "help", "Where to get help"


# Young people reached, by age band and by gender: (field, label). Each set adds up to ``reached``.
AGE_BANDS = (
    ("age_under_11", "Under 11"),
    ("age_11_13", "11 to 13"),
    ("age_14_15", "14 to 15"),
    ("age_16_17", "16 to 17"),
    ("age_18_over", "18 and over"),
    ("age_not_known", "Age not known"),
)
GENDERS = (
    ("girls", "Girls and young women"),
    ("boys", "Boys and young men"),
    ("gender_other", "In another way"),
    ("gender_not_known", "Gender not known"),
)


def _sum(fields) -> F:
    total = F(fields[0][0])
    for name, _ in fields[1:]:
        total = total + F(name)
    return total


class PreventionSession(_Work):
    """A prevention or group session with young people: numbers only, never names."""

    setting = models.CharField(max_length=20, choices=PreventionSetting.choices)
    setting_name = models.CharField("Where", max_length=150, validators=[VisibleCharactersOnly("Where")])
    format = models.CharField(max_length=20, choices=PreventionFormat.choices)
    topics = models.JSONField(default=list)  # PreventionTopic values
    minutes = models.PositiveSmallIntegerField("Length in minutes")
    age_under_11 = models.PositiveIntegerField(default=0)
    age_11_13 = models.PositiveIntegerField(default=0)
    age_14_15 = models.PositiveIntegerField(default=0)
    age_16_17 = models.PositiveIntegerField(default=0)
    age_18_over = models.PositiveIntegerField(default=0)
    age_not_known = models.PositiveIntegerField(default=0)
    girls = models.PositiveIntegerField(default=0)
    boys = models.PositiveIntegerField(default=0)
    gender_other = models.PositiveIntegerField(default=0)
    gender_not_known = models.PositiveIntegerField(default=0)
    reached = models.PositiveIntegerField()
    follow_up_referrals = models.PositiveSmallIntegerField(default=0)
    notes = models.TextField(blank=True)

    class Meta(_Work.Meta):
        indexes = [models.Index(fields=["service", "held_on"], name="engagement_prevention_when")]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached=_sum(AGE_BANDS)), name="engagement_prevention_ages_add_up",
                violation_error_message="The numbers by age must add up to the number of young people reached",
            ),
            models.CheckConstraint(
                condition=Q(reached=_sum(GENDERS)), name="engagement_prevention_genders_add_up",
                violation_error_message="The numbers by gender must add up to the number of young people reached",
            ),
            models.CheckConstraint(
                condition=Q(reached__gt=0), name="engagement_prevention_someone_reached",
                violation_error_message="Enter how many young people took part",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="engagement_prevention_minutes_positive",
                violation_error_message="Enter how long it was, in minutes",
            ),
        ]

    def __str__(self):
        return f"{self.get_format_display()} at {self.setting_name} on {self.held_on:%-d %B %Y}"

    def topic_labels(self) -> list[str]:
        return [PreventionTopic(t).label for t in self.topics if t in PreventionTopic.values]


# --- Strategic and multi-agency meetings -------------------------------------------------------


class MeetingKind(models.TextChoices):
    EXPLOITATION_PANEL = "exploitation_panel", "Exploitation panel (MACE or MASE)"
    PARTNERSHIP_SUBGROUP = "partnership_subgroup", "Safeguarding partnership subgroup"
    MISSING = "missing", "Missing from home or care meeting"
    OPERATIONAL = "operational", "Operational or problem-solving group"
    STRATEGY = "strategy", "Strategy or planning group"
    OTHER = "other", "Another meeting"


class MeetingRole(models.TextChoices):
    CHAIR = "chair", "Chaired it"
    MEMBER = "member", "Member"
    PRESENTED = "presented", "Presented or reported"
    ADVISED = "advised", "Invited to advise"
    OBSERVED = "observed", "Attended"


class MeetingOutput(models.TextChoices):
    PROCEDURE = "procedure", "A procedure or protocol"
    PROBLEM_PROFILE = "problem_profile", "A problem profile"
    PATHWAY = "pathway", "A pathway"
    STRATEGY = "strategy", "A strategy or action plan"
    TRAINING_PLAN = "training_plan", "A training plan"
    DISRUPTION = "disruption", "Disruption of a place or person"


class StrategicMeeting(_Work):
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    title = models.CharField("Meeting", max_length=200, validators=[VisibleCharactersOnly("Meeting")])
    role = models.CharField("The service's role", max_length=20, choices=MeetingRole.choices)
    contribution = models.TextField(blank=True)
    outputs = models.JSONField(default=list)  # MeetingOutput values
    output_note = models.CharField("About the outputs", max_length=300, blank=True)

    class Meta(_Work.Meta):
        indexes = [models.Index(fields=["service", "held_on"], name="engagement_meeting_when")]

    def __str__(self):
        return f"{self.title} on {self.held_on:%-d %B %Y}"

    def output_labels(self) -> list[str]:
        return [MeetingOutput(o).label for o in self.outputs if o in MeetingOutput.values]


# --- Challenges and escalations ------------------------------------------------------------------


class ChallengeDirection(models.TextChoices):
    BY_SERVICE = "by_service", "We challenged another agency"
    OF_SERVICE = "of_service", "A referrer disputed our decision"


class ChallengeAbout(models.TextChoices):
    SCREENED_OUT = "screened_out", "A referral screened out by another agency"
    CASE_CLOSED = "case_closed", "A case closed by social care"
    CHILDS_PLAN = "childs_plan", "A child's plan"
    OTHER_PRACTICE = "other_practice", "Other practice"
    TRIAGE = "triage", "Our triage decision"


class ChallengeStage(models.IntegerChoices):
    """The stages of a local escalation protocol, in order: a challenge only moves up."""

    PRACTITIONER = 1, "Practitioner to practitioner"
    MANAGER = 2, "Manager to manager"
    SENIOR = 3, "Senior manager"
    PARTNERSHIP = 4, "Safeguarding partnership"


class ChallengeOutcome(models.TextChoices):
    OPEN = "open", "Open"
    CHANGED = "changed", "Resolved: the decision or practice changed"
    EXPLAINED = "explained", "Resolved: explained, and accepted"
    NOT_CHANGED = "not_changed", "Closed: not changed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Challenge(_Work):
    """A challenge of another agency's decision or practice, or a referrer's dispute of the
    service's triage decision, with each stage of the escalation it went through
    (``ChallengeStep``). Linked to a young person's case where it is about one, and then seen
    only by those who may see the case. ``stage`` is the stage of its latest step."""

    direction = models.CharField(max_length=20, choices=ChallengeDirection.choices)
    about = models.CharField(max_length=20, choices=ChallengeAbout.choices)
    agency_type = models.CharField("The other agency", max_length=30, choices=AgencyType.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    issue = models.TextField()
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    stage = models.PositiveSmallIntegerField(choices=ChallengeStage.choices)
    outcome = models.CharField(max_length=20, choices=ChallengeOutcome.choices, default=ChallengeOutcome.OPEN)
    ended_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)

    class Meta(_Work.Meta):
        indexes = [
            models.Index(fields=["service", "outcome"], name="engagement_challenge_open"),
            models.Index(fields=["case"], name="engagement_challenge_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome=ChallengeOutcome.OPEN, ended_on__isnull=True)
                | (~Q(outcome=ChallengeOutcome.OPEN) & Q(ended_on__isnull=False)),
                name="engagement_challenge_ended_when",
                violation_error_message="A closed challenge needs the date it ended, and an open one none",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("held_on")),
                name="engagement_challenge_ends_after_raised",
                violation_error_message="A challenge cannot end before it was raised",
            ),
            models.CheckConstraint(
                condition=Q(direction=ChallengeDirection.OF_SERVICE, about=ChallengeAbout.TRIAGE)
                | (Q(direction=ChallengeDirection.BY_SERVICE) & ~Q(about=ChallengeAbout.TRIAGE)),
                name="engagement_challenge_about_matches",
                violation_error_message="A referrer's dispute is about our triage decision; our challenge is about "
                                        "another agency's decision or practice",
            ),
        ]

    def __str__(self):
        return f"Challenge raised on {self.held_on:%-d %B %Y}"

    @property
    def is_open(self) -> bool:
        return self.outcome == ChallengeOutcome.OPEN


class ChallengeStep(models.Model):
    """One stage of a challenge: when it was raised at that stage, with whom, and their
    response with its date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="steps")
    stage = models.PositiveSmallIntegerField(choices=ChallengeStage.choices)
    raised_on = models.DateField()
    raised_with = models.CharField(max_length=200, validators=[VisibleCharactersOnly("Raised with")])
    response = models.TextField(blank=True)
    response_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["challenge", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "stage"], name="engagement_step_stage_once",
                violation_error_message="The challenge has already been raised at this stage",
            ),
            models.CheckConstraint(
                condition=Q(response_on__isnull=True) | Q(response_on__gte=F("raised_on")),
                name="engagement_step_response_after",
                violation_error_message="The response cannot come before the challenge was raised at this stage",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} on {self.raised_on:%-d %B %Y}"
