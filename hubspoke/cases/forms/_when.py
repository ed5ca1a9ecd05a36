"""When something happened, from the date and optional time typed."""

import datetime as dt

from django.utils import timezone


def at(day, time):
    """A date and an optional time: without a time, now for today, midday for another day."""
    if day is None:
        return None
    if time is None:
        now = timezone.localtime()
        if day == now.date():
            return now.replace(second=0, microsecond=0)
        time = dt.time(12, 0)
    return timezone.make_aware(dt.datetime.combine(day, time))

