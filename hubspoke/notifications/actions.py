"""Writes for notifications. ``notify`` runs inside the transaction of the action whose event
it announces (a referral and its notifications commit or roll back together). Notifications are
not audited: they hold no record content, and the event they announce has its own audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
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
    return Notification.objects.filter(recipient=user, read_at__isnull=True, resolved_at__isnull=True).update(
        read_at=timezone.now())


def resolve(*, kinds: Iterable[str], subject) -> int:
    """What notifications of these kinds about ``subject`` asked for has been done (the
    referral was triaged, the assessment countersigned, the transfer answered): they stop
    asking anyone. Called in the transaction of the action that did it."""
    return Notification.objects.filter(
        kind__in=list(kinds), subject_kind=kind_of(subject), subject_ref=str(subject.uuid), resolved_at__isnull=True,
    ).update(resolved_at=timezone.now())


def prune(*, older_than: dt.timedelta = KEEP_READ_FOR) -> int:
    """Delete read or resolved notifications created longer ago than ``older_than``. Unread
    ones that still ask for someone's attention stay."""
    cutoff = timezone.now() - older_than
    done = Q(read_at__isnull=False) | Q(resolved_at__isnull=False)
    return Notification.objects.filter(done, created_at__lt=cutoff).delete()[0]


def delete_about(*, subject_refs: Iterable[str]) -> int:
    """Delete every notification about these records (their UUIDs), whoever it was for: the
    records have been erased, and a notification leading to nothing only confuses. Called in
    the transaction of the disposal that erased them."""
    refs = sorted({str(ref) for ref in subject_refs})
    deleted = 0
    for start in range(0, len(refs), 500):  # SQLite's limit on query parameters
        deleted += Notification.objects.filter(subject_ref__in=refs[start:start + 500]).delete()[0]
    return deleted
