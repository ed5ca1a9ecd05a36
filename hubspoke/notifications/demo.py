"""For the demo seed only: the apps that seed demo records made through the real actions put
the plan's own times on them afterwards, and on their notifications through this."""

import datetime as dt

from hubspoke.audit.registry import kind_of
from hubspoke.notifications.models import Notification


def backdate(*, kind: str, subject, at: dt.datetime) -> int:
    return Notification.objects.filter(kind=kind, subject_kind=kind_of(subject), subject_ref=str(subject.uuid)).update(
        created_at=at
    )


def mark_read(*, kinds, subject, at: dt.datetime) -> int:
    return Notification.objects.filter(kind__in=list(kinds), subject_kind=kind_of(subject),
                                       subject_ref=str(subject.uuid), read_at__isnull=True).update(read_at=at)
