"""Young people's participation: their feedback on the support they get, every few months.

Feedback belongs to a case, and is part of the young person's record: it is seen as the case
is. It is given in one of two ways (or recorded as declined by the worker):

- **in a session**, on the worker's device, in a hand-over mode that shows none of the record
  and needs the worker's password to leave (``views.handover``);
- **by link**: a single-use link sent by text or email (``FeedbackLink``). The link holds only
  a random token; the database keeps its SHA-256, never the token, so a copy of the database
  cannot answer for anyone.

Declining is an answer: it is kept as one, and the round is not chased again.

Each answer is on a five-point picture scale, or left out (``None``): a young person answers
what they want to. ``QUESTIONS`` is the one list the forms, the pages and the return read."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from hubspoke.cases.models import Case
from hubspoke.lib.storage import private_storage

__all__ = [
    "Activity", "ActivityKind", "ActivityOutput", "FeedbackChannel", "FeedbackLink", "FeedbackWay", "OutputKind",
    "Participant", "QUESTIONS", "QuestionKind", "Quote", "QuoteKind", "ResponseWay", "SCALE", "SupportFeedback",
    "Survey", "SurveyAnswer", "SurveyKind", "SurveyLink", "SurveyQuestion", "SurveyResponse", "TakingPartConsent",
    "UseConsent", "UseScope",
]

# (field, the question in plain words). Five questions at most, and "anything else?".
QUESTIONS = (
    ("helping", "Is the support you get from us helping you?"),
    ("listened", "Does your worker listen to you?"),
    ("say", "Do you get a say in what happens?"),
    ("safer", "Do you feel safer than before?"),
    ("reach", "Can you get hold of your worker when you need to?"),
)
# The picture scale, 1 to 5: each point's words (the picture is drawn beside them).
SCALE = (
    (1, "No, not at all"),
    (2, "Not really"),
    (3, "Not sure"),
    (4, "Mostly"),
    (5, "Yes, a lot"),
)
ANYTHING_ELSE_MAX = 2000


class FeedbackWay(models.TextChoices):
    IN_SESSION = "in_session", "In a session, on the worker's device"
    BY_LINK = "by_link", "By a link sent to them"
    TOLD_WORKER = "told_worker", "Told their worker"


class FeedbackChannel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class FeedbackLink(models.Model):
    """A single-use link to give feedback, sent to the young person. Works once, until
    ``expires_at``, unless a newer link for the same case replaced it (``withdrawn_at``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="feedback_links")
    token_sha256 = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=10, choices=FeedbackChannel.choices)
    round_due_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="participation_link_expires_after_sending",
                                   condition=Q(expires_at__gt=models.F("sent_at")),
                                   violation_error_message="A feedback link must expire after it is sent"),
            models.CheckConstraint(name="participation_link_used_or_withdrawn",
                                   condition=Q(used_at__isnull=True) | Q(withdrawn_at__isnull=True),
                                   violation_error_message="A feedback link is either used or withdrawn, not both"),
        ]

    def __str__(self):
        return f"Feedback link sent {self.sent_at:%Y-%m-%d}"


class SupportFeedback(models.Model):
    """A young person's feedback on their support, or their choice not to give it, for the round
    that fell due on ``round_due_on``. Given by link, ``recorded_by`` is empty."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="support_feedback")
    given_on = models.DateField()
    round_due_on = models.DateField()
    way = models.CharField(max_length=12, choices=FeedbackWay.choices)
    declined = models.BooleanField(default=False)
    helping = models.PositiveSmallIntegerField(null=True, blank=True)
    listened = models.PositiveSmallIntegerField(null=True, blank=True)
    say = models.PositiveSmallIntegerField(null=True, blank=True)
    safer = models.PositiveSmallIntegerField(null=True, blank=True)
    reach = models.PositiveSmallIntegerField(null=True, blank=True)
    anything_else = models.TextField(blank=True)
    link = models.OneToOneField(FeedbackLink, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="feedback")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["case", "given_on"], name="participation_feedback_case")]
        constraints = [
            *[models.CheckConstraint(
                name=f"participation_{name}_on_the_scale",
                condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                violation_error_message="An answer is on the scale from 1 to 5")
              for name, _ in QUESTIONS],
            models.CheckConstraint(
                name="participation_declined_has_no_answers",
                condition=Q(declined=False)
                | Q(anything_else="", **{f"{name}__isnull": True for name, _ in QUESTIONS}),
                violation_error_message="Feedback that was declined has no answers"),
            models.CheckConstraint(
                name="participation_by_link_has_its_link",
                condition=~Q(way="by_link") | Q(link__isnull=False, recorded_by__isnull=True),
                violation_error_message="Feedback given by link keeps its link and has no worker recording it"),
        ]

    def __str__(self):
        return f"Feedback given {self.given_on:%Y-%m-%d}"

    @property
    def answers(self) -> list[tuple[str, str, int | None, str]]:
        """(field, question, point, its words) for each question, the point None if left out."""
        words = dict(SCALE)
        return [(name, text, getattr(self, name), words.get(getattr(self, name), "Not answered"))
                for name, text in QUESTIONS]


# ---------------------------------------------------------------------------------------------
# Surveys: a short set of questions a service (or the programme) asks young people for a
# period. Named answers are part of the young person's record (through their case); anonymous
# answers carry nothing that leads to one: no case, no person, no time of day, no worker.


class SurveyKind(models.TextChoices):
    ANONYMOUS = "anonymous", "Anonymous: no name is kept with the answers"
    NAMED = "named", "Named: each young person's answers are kept on their record"


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "Choose one answer from a list"
    SCALE = "scale", "The picture scale, from “No, not at all” to “Yes, a lot”"
    TEXT = "text", "Their own words"


class ResponseWay(models.TextChoices):
    ONLINE = "online", "Online, by the survey's link"
    PAPER = "paper", "On paper, typed in by a worker"
    IN_SESSION = "in_session", "In a session, on the worker's device"


SURVEY_QUESTIONS_MAX = 12
SURVEY_CHOICES_MAX = 8
SURVEY_TEXT_MAX = 2000


class Survey(models.Model):
    """A survey of a service (``service``), or of the whole programme when ``service`` is empty
    (built by a programme lead, always anonymous, answered at each service by that service's own
    link). Its questions can change until it is opened (``opened_at``); it takes answers from
    ``opens_on`` to ``closes_on``, or until it is closed early (``closed_at``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey("network.Programme", on_delete=models.PROTECT, related_name="young_people_surveys")
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="young_people_surveys")
    title = models.CharField(max_length=120)
    introduction = models.TextField(max_length=1000)
    kind = models.CharField(max_length=10, choices=SurveyKind.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="participation_survey_closes_after_opening",
                                   condition=Q(closes_on__gte=models.F("opens_on")),
                                   violation_error_message="A survey closes on or after the day it opens"),
            models.CheckConstraint(name="participation_programme_survey_is_anonymous",
                                   condition=Q(service__isnull=False) | Q(kind="anonymous"),
                                   violation_error_message="A programme survey is anonymous"),
        ]

    def __str__(self):
        return self.title

    def status_on(self, day) -> str:
        """draft, scheduled, open or closed, on that day."""
        if self.opened_at is None:
            return "draft"
        if self.closed_at is not None or day > self.closes_on:
            return "closed"
        return "scheduled" if day < self.opens_on else "open"

    @property
    def is_programme(self) -> bool:
        return self.service_id is None


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    # The answers to choose from, for a choice question (in order); empty for the others.
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="participation_question_position",
                                    violation_error_message="Two questions cannot share a place in a survey"),
        ]

    def __str__(self):
        return self.text


class SurveyLink(models.Model):
    """The open link (and QR code) that one service gives young people to answer an anonymous
    survey. The token is kept as it is: it is printed on paper and posters, so it is no secret,
    and it names nothing; it only says which service's answers these are."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=40, unique=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "service"], name="participation_one_link_per_service",
                                    violation_error_message="A service has one link for a survey"),
        ]

    def __str__(self):
        return f"Survey link for {self.service_id}"


class SurveyResponse(models.Model):
    """One young person's answers. Anonymous (``case`` empty): the service, the day and how it
    came, nothing more. Named: the case, once per survey."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="survey_responses")
    way = models.CharField(max_length=12, choices=ResponseWay.choices)
    received_on = models.DateField()

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["survey", "service"], name="participation_response_service")]
        constraints = [
            models.UniqueConstraint(fields=["survey", "case"], condition=Q(case__isnull=False),
                                    name="participation_one_response_per_case",
                                    violation_error_message="A young person answers a named survey once"),
            models.CheckConstraint(name="participation_online_answers_are_anonymous",
                                   condition=~Q(way="online") | Q(case__isnull=True),
                                   violation_error_message="Answers by the survey's open link are anonymous"),
        ]

    def __str__(self):
        return f"Survey answers of {self.received_on:%Y-%m-%d}"

    @property
    def typed_in(self) -> bool:
        return self.way == ResponseWay.PAPER


class SurveyAnswer(models.Model):
    """The answer to one question: a choice (its place in the question's list), a point on the
    picture scale, or words."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="survey_answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="survey_answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    point = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=SURVEY_TEXT_MAX)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="participation_one_answer_per_question",
                                    violation_error_message="A question is answered once in a set of answers"),
            models.CheckConstraint(name="participation_answer_point_on_the_scale",
                                   condition=Q(point__isnull=True) | Q(point__gte=1, point__lte=5),
                                   violation_error_message="An answer is on the scale from 1 to 5"),
            models.CheckConstraint(
                name="participation_answer_is_one_thing",
                condition=(Q(choice__isnull=False, point__isnull=True, text="")
                           | Q(choice__isnull=True, point__isnull=False, text="")
                           | (Q(choice__isnull=True, point__isnull=True) & ~Q(text=""))),
                violation_error_message="An answer is a choice, a point on the scale or words"),
        ]

    def __str__(self):
        return f"Answer to {self.question_id}"

    @property
    def words(self) -> str:
        """The answer as it reads: the choice's words, the scale point's words, or theirs."""
        if self.choice is not None:
            choices = self.question.choices
            return choices[self.choice] if self.choice < len(choices) else "An answer no longer on the list"
        if self.point is not None:
            return f"{dict(SCALE)[self.point]} ({self.point} of 5)"
        return self.text


# ---------------------------------------------------------------------------------------------
# Participation activities: the spectrum from a young person's say in their own plan to
# research, each with the young people who took part (through their cases, so seen as their
# records are, counted but never named outside the service), what they made, accreditation and
# what was paid. And their consent to the use of their words or image, to which every quote or
# case study is tied: withdrawn or expired, it is left out of every report made after.


class ActivityKind(models.TextChoices):
    """The spectrum of participation, from everyday practice to formal activities."""

    OWN_PLAN = "own_plan", "Their say in their own plan and decisions"
    FEEDBACK = "feedback", "Giving feedback"
    GROUP_WORK = "group_work", "Group work"
    CONSULTATION = "consultation", "Consultation"
    CO_DESIGN = "co_design", "Co-designing services, leaflets, films or training"
    PEER_SUPPORT = "peer_support", "Peer support"
    SPEAKING = "speaking", "Speaking at events or conferences"
    RESEARCH = "research", "Research"


class OutputKind(models.TextChoices):
    LEAFLET = "leaflet", "Leaflet, poster or booklet"
    FILM = "film", "Film, animation or recording"
    TRAINING = "training", "Training for professionals"
    ARTWORK = "artwork", "Artwork"
    WEBSITE = "website", "Website, app or online content"
    REPORT = "report", "Report or research findings"
    EVENT = "event", "Event or presentation"
    OTHER = "other", "Something else"


class TakingPartConsent(models.TextChoices):
    THEMSELVES = "themselves", "They agreed themselves"
    WITH_PARENT = "with_parent", "They agreed, and so did a parent or carer"


class UseScope(models.TextChoices):
    """How far a young person's words or image may go, never with their name."""

    SERVICE = "service", "Within the service only: its own staff and its own training"
    PROGRAMME = "programme", "In the programme's reports and training, without their name"
    PUBLIC = "public", "In public (leaflets, films, events, publications), without their name"


# Scopes that reach beyond the service: a quote leaves it in a report only with one of these.
SCOPES_BEYOND_SERVICE = (UseScope.PROGRAMME, UseScope.PUBLIC)


class QuoteKind(models.TextChoices):
    QUOTE = "quote", "Something they said"
    CASE_STUDY = "case_study", "A case study of their support, told as they agreed"


ACTIVITY_TEXT_MAX = 2000
QUOTE_TEXT_MAX = 4000


def _output_path(instance, filename):
    # The stored name says nothing of the output or of the uploader's file name: a random one.
    return f"participation/outputs/{uuid.uuid4().hex}"


class Activity(models.Model):
    """One participation activity of a service, on one day (or starting that day)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("network.Service", on_delete=models.PROTECT, related_name="participation_activities")
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    title = models.CharField(max_length=120)
    held_on = models.DateField()
    summary = models.TextField(max_length=ACTIVITY_TEXT_MAX, blank=True)
    # What taking part can earn (for example an AQA Unit Award); who gained it is on each participant.
    accreditation = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["service", "held_on"], name="participation_activity_day")]

    def __str__(self):
        return self.title


class Participant(models.Model):
    """A young person who took part in an activity, through their case, with their agreement to
    take part; what they gained and what they were paid."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participation_activities")
    consent = models.CharField(max_length=12, choices=TakingPartConsent.choices)
    accredited = models.BooleanField(default=False)
    # Expenses or a small grant paid to them for this activity, in pence.
    paid_pence = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["activity", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "case"], name="participation_takes_part_once",
                                    violation_error_message="A young person takes part in an activity once"),
        ]

    def __str__(self):
        return f"Took part in {self.activity_id}"

    @property
    def paid(self) -> str:
        return pounds(self.paid_pence)


def pounds(pence: int) -> str:
    return f"£{pence // 100:,}.{pence % 100:02d}"


class ActivityOutput(models.Model):
    """What an activity produced: its title and kind, and a link or a file (or neither, for an
    event that was the output)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=12, choices=OutputKind.choices)
    title = models.CharField(max_length=200)
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(storage=private_storage, upload_to=_output_path, blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["activity", "pk"]

    def __str__(self):
        return self.title


class UseConsent(models.Model):
    """A young person's agreement that their words, their image or both may be used, how far
    (``scope``) and until when. Withdrawn, it stops at once: nothing it covered is used again."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="use_consents")
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="use_consents")
    words = models.BooleanField(default=False)
    image = models.BooleanField(default=False)
    scope = models.CharField(max_length=12, choices=UseScope.choices)
    given_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(name="participation_consent_covers_something",
                                   condition=Q(words=True) | Q(image=True),
                                   violation_error_message="Consent covers their words, their image or both"),
            models.CheckConstraint(name="participation_consent_expires_after_given",
                                   condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("given_on")),
                                   violation_error_message="Consent ends on or after the day it was given"),
            models.CheckConstraint(name="participation_consent_withdrawn_after_given",
                                   condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                                   violation_error_message="Consent is withdrawn on or after the day it was given"),
        ]

    def __str__(self):
        return f"Consent given {self.given_on:%Y-%m-%d}"

    def live_on(self, day) -> bool:
        return (self.withdrawn_on is None and self.given_on <= day
                and (self.expires_on is None or self.expires_on >= day))

    @property
    def covers(self) -> str:
        return " and ".join(w for w, on in (("their words", self.words), ("their image", self.image)) if on)


def live_consent_q(day, prefix: str = "") -> Q:
    """Consents (through ``prefix``) standing on ``day``: given, not withdrawn, not expired."""
    return (Q(**{f"{prefix}withdrawn_on__isnull": True, f"{prefix}given_on__lte": day})
            & (Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": day})))


class Quote(models.Model):
    """Something a young person said, or a case study of their support, that they agreed to
    share: tied to the consent for their words, and used only while it stands."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participation_quotes")
    consent = models.ForeignKey(UseConsent, on_delete=models.PROTECT, related_name="quotes")
    activity = models.ForeignKey(Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="quotes")
    kind = models.CharField(max_length=12, choices=QuoteKind.choices)
    text = models.TextField(max_length=QUOTE_TEXT_MAX)
    said_on = models.DateField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["-said_on", "-pk"]

    def __str__(self):
        return f"Quote of {self.said_on:%Y-%m-%d}"
