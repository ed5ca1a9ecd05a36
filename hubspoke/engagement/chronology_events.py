"""The case's chronology: challenges about the case (raised, each later stage, and how it
ended) and consultations linked to its young person. Two queries for any case."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from hubspoke.cases.chronology import Event
from hubspoke.engagement.models import ChallengeStage, ChallengeStep, Consultation


def _at(day: dt.date) -> dt.datetime:
    # A day with no time: the start of the day, so that it sorts before what was recorded that day.
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events(case) -> list[Event]:
    found = []
    steps = list(ChallengeStep.objects.filter(challenge__case=case)
             .select_related("challenge").order_by("challenge_id", "stage"))
    ended = set()
    for step in steps:
        challenge = step.challenge
        url = reverse("engagement:detail", kwargs={"kind": "challenges", "ref": challenge.uuid})
        first = step.stage == min(s.stage for s in steps if s.challenge_id == challenge.pk)
        title = "Challenge raised" if first else "Challenge escalated"
        found.append(Event(_at(step.raised_on), "engagement", title,
                           f"{challenge.get_about_display()}: {ChallengeStage(step.stage).label.lower()}", url=url,
                           ref=str(step.uuid), significant=True))
        if challenge.ended_on and challenge.pk not in ended:
            ended.add(challenge.pk)
            found.append(Event(_at(challenge.ended_on), "engagement", "Challenge ended",
                               challenge.get_outcome_display(), url=url, ref=f"{challenge.uuid}-ended"))
    linked = Q(young_person_id=case.young_person_id) | Q(young_person__isnull=True,
                                                          referral__young_person_id=case.young_person_id)
    for consultation in Consultation.objects.filter(linked).only(
            "uuid", "held_on", "agency_type", "method"):
        found.append(Event(_at(consultation.held_on), "engagement", "Consultation with a professional",
                           f"{consultation.get_agency_type_display()}, by {consultation.get_method_display().lower()}",
                           url=reverse("engagement:detail", kwargs={"kind": "consultations", "ref": consultation.uuid}),
                           ref=str(consultation.uuid)))
    return found
