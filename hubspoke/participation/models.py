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

__all__ = ["QUESTIONS", "SCALE", "FeedbackChannel", "FeedbackLink", "FeedbackWay", "SupportFeedback"]

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
