"""The demo's young people's feedback: every open case's rounds since it opened, recorded
through the real actions by the case's lead worker, with the clock moved to each day
(``network.demo.at``):

- most rounds answered in a session on the worker's device, some by a link sent by email (the
  young person given a synthetic address at ``example.invalid`` first), some declined, told to
  the worker or on the link's page;
- some rounds missed, and the latest round of some cases not yet answered, so that the
  caseloads show feedback due and overdue.

Answers lean positive with some doubt, and the words added are fixed and general: no text names
or dates anyone. Deterministic for a seed; adds nothing the second time. (Closed cases keep no
feedback here: their rounds were over before the feedback was recorded in Hubspoke.)"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from hubspoke.cases.models import Allocation, AllocationRole, Case, CaseStatus
from hubspoke.lib.dates import today
from hubspoke.network.demo import at
from hubspoke.participation import actions
from hubspoke.participation.models import QUESTIONS, FeedbackLink, SupportFeedback
from hubspoke.participation.rules import OVERDUE_AFTER_DAYS
from hubspoke.referrals import actions as referral_actions

WORDS = (
    "I like that we meet somewhere I choose.",
    "Sometimes it is hard to get hold of my worker.",
    "The group was good. I want to do more of that.",
    "I feel more listened to than I did before.",
    "Can we meet after school instead of in the day?",
    "I don't always want to talk but I like that she keeps coming.",
    "It helped when my worker came to the meeting with me.",
)


def seed_feedback(*, seed: int) -> dict[str, int]:
    if SupportFeedback.objects.exists():
        return {}
    rng = random.Random(seed + 1801)  # noqa: S311 - synthetic demo data, not secrets
    on = today()
    cases = list(Case.objects.filter(status=CaseStatus.OPEN).select_related("service", "young_person")
                 .order_by("opened_at", "pk"))
    leads = {a.case_id: a.worker for a in Allocation.objects.filter(
        Q(case__in=cases), role=AllocationRole.LEAD, ends_at__isnull=True).select_related("worker")}
    for case in cases:
        worker = leads.get(case.pk)
        if worker is None:
            continue
        opened = timezone.localdate(case.opened_at)
        every = dt.timedelta(weeks=case.service.feedback_every_weeks)
        due = opened
        while due <= on:
            last_round = due + every > on
            # The latest round: a third not yet answered (due, or overdue if it fell due weeks ago).
            if last_round and rng.random() < 0.35:
                break
            if not last_round and rng.random() < 0.12:  # a round missed, never chased
                due += every
                continue
            given = min(due + dt.timedelta(days=rng.randint(0, OVERDUE_AFTER_DAYS - 6)), on)
            _give(rng, case, worker, given)
            due += every
    return {"feedback on support": SupportFeedback.objects.count(), "feedback links": FeedbackLink.objects.count()}


def _answers(rng) -> dict[str, int | None]:
    leaning = rng.choice((3, 4, 4, 4, 5, 5))
    return {name: (None if rng.random() < 0.08 else max(1, min(5, leaning + rng.choice((-2, -1, 0, 0, 0, 1)))))
            for name, _ in QUESTIONS}


def _moment(day: dt.date, rng) -> dt.datetime:
    """A time of day in working hours, never later than a minute ago."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(10, 17), rng.randint(0, 59))))
    return min(moment, timezone.now() - dt.timedelta(minutes=1))


def _give(rng, case, worker, day: dt.date) -> None:
    roll = rng.random()
    words = rng.choice(WORDS) if rng.random() < 0.4 else ""
    with at(_moment(day, rng)):
        if roll < 0.08:
            actions.record_declined(actor=worker, case=case)
            return
        if roll < 0.30:
            address = f"young.person.{case.young_person_id}@example.invalid"
            referral_actions.update_contact(actor=worker, person=case.young_person, fields={"email": address})
            link = actions.send_link(actor=worker, case=case, channel="email")
        else:
            actions.give_in_session(actor=worker, case=case, answers=_answers(rng), anything_else=words,
                                    declined=rng.random() < 0.04)
            return
    answered = _moment(min(day + dt.timedelta(days=rng.randint(0, 3)), today()), rng)
    if rng.random() < 0.15:
        return  # the link was never used, and expires
    with at(min(max(answered, link.sent_at + dt.timedelta(minutes=5)), timezone.now())):
        actions.answer_by_link(token=link.token, answers=_answers(rng), anything_else=words,
                               declined=rng.random() < 0.08)
