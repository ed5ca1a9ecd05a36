"""The case's chronology: each time the young person gave feedback on their support, or chose
not to, each named survey they answered (how, and when; the answers are on the case's
feedback page), each activity they took part in, and each consent to the use of their words or
image given or withdrawn. Four queries for any case."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from hubspoke.cases.chronology import Event
from hubspoke.participation.models import Participant, SupportFeedback, SurveyResponse, UseConsent


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
    ] + _taking_part(case)


def _taking_part(case) -> list[Event]:
    url = reverse("participation:taking_part", kwargs={"ref": case.uuid})
    events = [Event(_at(p.activity.held_on), "participation", f"Took part: {p.activity.title}",
                    p.activity.get_kind_display(), url=url, ref=str(p.activity.uuid))
              for p in Participant.objects.filter(case=case).select_related("activity")]
    for c in UseConsent.objects.filter(case=case):
        events.append(Event(_at(c.given_on), "participation", f"Consent given to use {c.covers}",
                            c.get_scope_display(), url=url, ref=str(c.uuid)))
        if c.withdrawn_on:
            events.append(Event(_at(c.withdrawn_on), "participation", f"Consent withdrawn to use {c.covers}", "",
                                url=url, ref=f"{c.uuid}:withdrawn"))
    return events
