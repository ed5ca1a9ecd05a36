"""Reads of a person's own notifications. Nobody reads anyone else's."""

from django.db.models import QuerySet

from hubspoke.notifications.models import Notification


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
