"""Reads of a person's own notifications. Nobody reads anyone else's."""

from django.db.models import BooleanField, Case, CharField, Count, F, Q, QuerySet, Value, When

from hubspoke.notifications.models import Notification

NEEDS_YOU = Q(read_at__isnull=True, resolved_at__isnull=True)


def notifications_of(user) -> QuerySet[Notification]:
    """What still needs the person first, grouped by kind, newest first within each kind; then
    everything else (read, or dealt with by someone), newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .annotate(
            needs_you=Case(When(NEEDS_YOU, then=Value(True)), default=Value(False), output_field=BooleanField()),
            group=Case(When(NEEDS_YOU, then=F("kind")), default=Value(""), output_field=CharField()),
        )
        .order_by("-needs_you", "group", "-created_at", "-id")
    )


def unread_count(user) -> int:
    return Notification.objects.filter(NEEDS_YOU, recipient=user).count()


def needing_you_by_kind(user) -> dict[str, int]:
    rows = Notification.objects.filter(NEEDS_YOU, recipient=user).values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}
