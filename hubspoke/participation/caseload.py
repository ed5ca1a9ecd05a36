"""The caseload's line for young people's feedback (``cases/caseload.py``): due, or overdue,
with a link to the case's feedback. One query for the whole caseload."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from hubspoke.cases.caseload import Note
from hubspoke.participation import queries
from hubspoke.participation.rules import Status


def notes(cases, *, on: dt.date) -> dict[int, list[Note]]:
    found = {}
    by_pk = {c.pk: c for c in cases}
    for pk, r in queries.rounds_of(list(cases), on=on).items():
        if r.status == Status.DONE or r.due_on > on:
            continue
        case = by_pk[pk]
        url = reverse("participation:case", kwargs={"ref": case.uuid})
        text = "Feedback overdue" if r.status == Status.OVERDUE else "Feedback due"
        found[pk] = [Note(text, url, urgent=r.status == Status.OVERDUE)]
    return found
