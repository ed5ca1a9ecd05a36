"""The case's chronology: each time the young person gave feedback on their support, or chose
not to, and each named survey they answered (how, and when; the answers are on the case's
feedback page). Two queries for any case."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from hubspoke.cases.chronology import Event
from hubspoke.participation.models import SupportFeedback, SurveyResponse


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events(case) -> list[Event]:
    url = reverse("participation:case", kwargs={"ref": case.uuid})
    return [
        Event(_at(f.given_on), "participation", "Feedback declined" if f.declined else "Feedback given",
              f.get_way_display(), url=url, ref=str(f.uuid))
        for f in SupportFeedback.objects.filter(case=case).only("uuid", "given_on", "declined", "way")
    ] + [
        Event(_at(r.received_on), "participation", f"Survey answered: {r.survey.title}", r.get_way_display(),
              url=url, ref=str(r.uuid))
        for r in SurveyResponse.objects.filter(case=case).select_related("survey")
    ]
