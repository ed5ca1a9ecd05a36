"""Writes for notifications. ``notify`` runs inside the transaction of the action whose event
it announces (a referral and its notifications commit or roll back together). Notifications are
not audited: they hold no record content, and the event they announce has its own audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from hubspoke.audit.registry import kind_of
from hubspoke.notifications import registry
from hubspoke.notifications.models import Notification

KEEP_READ_FOR = dt.timedelta(days=90)


def notify(*, recipients: Iterable, kind: str, subject) -> list[Notification]:
    """One unread notification of a registered kind about ``subject`` (a model instance with a
    ``uuid``) for each recipient, each person once, in one query."""
    if registry.kind(kind) is None:
        raise ValueError(f"Register the notification kind {kind!r} before sending it.")
    now = timezone.now()
    people = {person.pk: person for person in recipients}
    return Notification.objects.bulk_create(
        Notification(recipient=person, kind=kind, subject_kind=kind_of(subject), subject_ref=str(subject.uuid),
                     created_at=now)
        for person in people.values()
    )


def mark_read(*, user, notification: Notification) -> None:
    """Only the recipient reads a notification; reading it again keeps the first time."""
    if notification.recipient_id != user.pk:
        raise ValueError("A notification is read only by the person it was sent to.")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def withdraw(*, kind: str, subject) -> int:
    """Remove every notification of a kind about one record, read or not: for when what it
    announced no longer needs anyone."""
    about = Notification.objects.filter(kind=kind, subject_kind=kind_of(subject), subject_ref=str(subject.uuid))
    return about.delete()[0]


def prune(*, older_than: dt.timedelta = KEEP_READ_FOR) -> int:
    """Delete read notifications created longer ago than ``older_than``. Unread ones stay: they
    still ask for someone's attention."""
    cutoff = timezone.now() - older_than
    return Notification.objects.filter(read_at__isnull=False, created_at__lt=cutoff).delete()[0]
