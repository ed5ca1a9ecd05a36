"""Reads of the subject access requests app."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, QuerySet, Value, When

from hubspoke.lib.dates import today
from hubspoke.rights import deadlines
from hubspoke.rights.models import CLOSED_STATUSES, OPEN_STATUSES, Status, SubjectAccessRequest

REVIEW_PAGE_SIZE = 25


def requests_for(service_ids) -> QuerySet[SubjectAccessRequest]:
    """The services' requests: open ones first, soonest deadline first (paused ones, with no
    deadline, after them), then closed ones, the latest first. One query."""
    return (SubjectAccessRequest.objects.filter(service_id__in=service_ids)
            .select_related("young_person", "service")
            .annotate(closed=Case(When(status__in=CLOSED_STATUSES, then=Value(1)), default=Value(0),
                                  output_field=IntegerField()))
            .order_by("closed", F("due_on").asc(nulls_last=True), F("closed_on").desc(nulls_last=True),
                      "received_on", "pk"))


def due_soon(service_ids) -> QuerySet[SubjectAccessRequest]:
    """Open requests due within a week, or overdue."""
    return SubjectAccessRequest.objects.filter(
        service_id__in=service_ids, status__in=OPEN_STATUSES, due_on__isnull=False,
        due_on__lte=today() + dt.timedelta(days=deadlines.DUE_SOON_DAYS))


@dataclass
class Quarter:
    label: str
    received: int = 0
    completed: int = 0
    on_time: int = 0
    overdue_now: int = 0
    refused_or_withdrawn: int = 0


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


QUARTER_LABELS = {1: "January to March", 2: "April to June", 3: "July to September", 4: "October to December"}


def programme_timeliness(programme_ids) -> list[Quarter]:
    """Counts and timeliness by the quarter received, newest first: never a name, a young
    person's reference or a service's words. One query."""
    rows = SubjectAccessRequest.objects.filter(service__programme_id__in=programme_ids).values_list(
        "received_on", "status", "due_on", "closed_on")
    now = today()
    quarters: dict[tuple[int, int], Quarter] = {}
    for received_on, status, due_on, closed_on in rows:
        key = _quarter(received_on)
        quarter = quarters.setdefault(key, Quarter(label=f"{QUARTER_LABELS[key[1]]} {key[0]}"))
        quarter.received += 1
        if status == Status.COMPLETED:
            quarter.completed += 1
            if due_on is not None and closed_on is not None and closed_on <= due_on:
                quarter.on_time += 1
        elif status in (Status.REFUSED, Status.WITHDRAWN):
            quarter.refused_or_withdrawn += 1
        elif deadlines.is_overdue(due_on, now):
            quarter.overdue_now += 1
    return [quarters[key] for key in sorted(quarters, reverse=True)]


def pauses_of(sar) -> list:
    return list(sar.pauses.select_related("recorded_by"))


def bundles_of(sar) -> list:
    return list(sar.bundles.select_related("downloaded_by", "asked_by"))


def redactions_of(sar) -> list:
    return list(sar.redactions.select_related("marked_by"))
