"""Messages waiting to leave Hubspoke, and what became of them (see actions.py for the rules).

A message is written in the transaction of the change that causes it and sent afterwards by the
worker, so a change that is rolled back sends nothing and one that is committed is never lost.
Its ``key`` says what it is about (``referrals.decided:<decision uuid>``): the same key twice is
one message, sent once. Bodies carry a link only, never anything about a young person.

A message goes by email or by text message (SMS, to E.164 numbers). An ``urgent`` one (a lone
worker's alarm) is tried again within seconds and recovered within about a minute when its
worker stops; see actions.py."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"  # waiting for a worker (first time, or to be tried again)
    SENDING = "sending", "Sending"  # claimed by a worker, which is handing it to the mail server
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"  # every attempt failed; nobody will try again


class OutgoingMessage(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # What the message is about, chosen by the caller: a second message with the same key is
    # the first one (a retried request, a task run twice), never a second email.
    key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=255, blank=True)  # empty for a text message
    body = models.TextField()
    # Short back-off and a short claim timeout (actions.URGENT_*), for alarms.
    urgent = models.BooleanField(default=False)
    # The numbers a text message has been handed to the provider for, one call each, recorded
    # after each call: an attempt after a partial failure sends only to the rest.
    delivered_to = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The exception's class and message from the last failed attempt (never the message's content).
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Not to be tried before this (the back-off after a failure).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a sending task was last put on the queue; the sweep re-queues one that never ran.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # When a worker claimed it; a claim older than the claim timeout is a worker that stopped.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep: queued messages overdue, and claims gone stale.
            models.Index(fields=["next_attempt_at"], condition=Q(status="queued"), name="outbox_queued_due"),
            models.Index(fields=["claimed_at"], condition=Q(status="sending"), name="outbox_sending_claimed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False), name="outbox_sending_is_claimed",
                violation_error_message="A message being sent must say when it was claimed",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time",
                violation_error_message="A sent message must say when it was sent",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} {self.key}"
