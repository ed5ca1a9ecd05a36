"""Dates in the service's own time zone (Europe/London), never the server's."""

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def format_date(value: dt.date) -> str:
    """"3 March 2026": the GOV.UK style, without a leading zero."""
    return f"{value.day} {value:%B %Y}"
