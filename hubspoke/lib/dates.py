"""Dates in the service's own time zone (Europe/London), never the server's."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()
