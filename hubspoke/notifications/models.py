"""In-app notifications: "something here needs you", shown to one person in Hubspoke.

A notification row says only who it is for, what kind of thing happened (``kind``, a code such
as ``referrals.new``) and which record it is about (``subject_kind`` and ``subject_ref``, the
record's app label, model and UUID, as the audit trail stores them). It never holds a name or
anything else about a young person: the wording is written at view time from the kind, and the
link goes to the record's own page, which checks access again. Someone who has lost access
since being notified follows the link to the usual 404.

Apps that notify register their kinds (wording and link) in ``registry.py`` at start-up, so
this app imports none of them. A notification whose reason has gone (the referral has been
triaged, someone else has countersigned) is *resolved* by the action that took the reason away:
it no longer counts as unread. Read and resolved notifications older than 90 days are deleted
by ``manage.py prune_notifications``; unread ones are kept."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # "<app>.<what>", registered in registry.py: it decides the wording and the link.
    kind = models.CharField(max_length=60)
    subject_kind = models.CharField(max_length=60)
    subject_ref = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # When what it asked for no longer needs this person (someone dealt with it).
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # A person's notifications, newest first (the list page).
            models.Index(fields=["recipient", "-created_at"], name="notifications_recipient_time"),
            # The unread count in every page's header, and "mark all as read".
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True, resolved_at__isnull=True),
                         name="notifications_needs_you"),
            # Withdrawing the notifications about one record.
            models.Index(fields=["subject_kind", "subject_ref"], name="notifications_subject"),
            # prune_notifications: read or resolved notifications by age.
            models.Index(fields=["created_at"], condition=Q(read_at__isnull=False) | Q(resolved_at__isnull=False),
                         name="notifications_done_age"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None and self.resolved_at is None

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
