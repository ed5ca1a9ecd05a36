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
from hubspoke.network.models import Membership, Role, Service
from hubspoke.participation import actions
from hubspoke.participation.models import QUESTIONS, FeedbackLink, SupportFeedback, Survey, SurveyResponse
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


# --- Surveys -----------------------------------------------------------------------------------
# The programme's survey for young people who do not come to groups (the participation strand's
# idea), anonymous, open at every service with weeks of answers online and on paper; one
# service's named survey about having a say in their plan, answered on some cases; and one
# service's survey still being drafted.

PROGRAMME_SURVEY = {
    "title": "Having your say",
    "introduction": ("We want to hear from young people who do not come to groups, as well as those who do: how "
                     "you would like to have a say in the support you get. The people who run the programme and "
                     "the staff at your service read the answers together, without names, to change how we ask."),
    "questions": (
        ("choice", "Do you go to any groups with us?", ["Yes, often", "Sometimes", "No, never"]),
        ("choice", "If you don't go to groups, what gets in the way?",
         ["It's too far, or costs too much to get there", "The times don't suit me",
          "I don't want to be with people I don't know", "I didn't know about them", "Something else"]),
        ("scale", "Do you feel you get a say in your support?", []),
        ("choice", "How would you most like to tell us what you think?",
         ["Talking with my worker", "A short survey on my phone", "A text message", "In a group",
          "I'd rather not"]),
        ("text", "Is there anything that would make it easier to have your say?", []),
    ),
}
NAMED_SURVEY = {
    "title": "You and your plan",
    "introduction": "Three questions about the plan you and your worker made, so that we can make plans better.",
    "questions": (
        ("scale", "Did you help make your plan?", []),
        ("choice", "Do you have a copy of your plan?", ["Yes", "No", "I don't want one"]),
        ("text", "What would you change about your plan?", []),
    ),
}
SURVEY_WORDS = (
    "Text me first so I know it's you.",
    "Somewhere closer to home would help.",
    "I'd rather talk one to one than in a group.",
    "More evening times.",
    "Ask me in a way that doesn't feel like school.",
    "Keep it short.",
)


def _survey(*, actor, programme, service, spec: dict, kind: str, opens_on: dt.date, closes_on: dt.date,
            opened: bool = True):
    survey = actions.create_survey(actor=actor, programme=programme, service=service, title=spec["title"],
                                   introduction=spec["introduction"], kind=kind, opens_on=opens_on,
                                   closes_on=closes_on)
    for kind_of, text, choices in spec["questions"]:
        actions.save_question(actor=actor, survey=survey, kind=kind_of, text=text, choices=choices)
    return actions.open_survey(actor=actor, survey=survey) if opened else survey


def _survey_answers(rng, questions) -> dict[int, object]:
    answers = {}
    for q in questions:
        if rng.random() < 0.1:
            continue
        if q.kind == "choice":
            answers[q.position] = min(int(rng.triangular(0, len(q.choices), 0.8)), len(q.choices) - 1)
        elif q.kind == "scale":
            answers[q.position] = rng.choice((2, 3, 3, 4, 4, 4, 5))
        elif rng.random() < 0.35:
            answers[q.position] = rng.choice(SURVEY_WORDS)
    return answers or {questions[0].position: 0}


def seed_surveys(*, seed: int) -> dict[str, int]:
    if Survey.objects.exists():
        return {}
    rng = random.Random(seed + 1901)  # noqa: S311 - synthetic demo data, not secrets
    on = today()
    lead = Membership.objects.filter(role=Role.PROGRAMME_LEAD).select_related("person", "programme").first()
    managers = {m.service_id: m.person for m in Membership.objects.filter(role=Role.SERVICE_MANAGER).order_by("pk")}
    services = [s for s in Service.objects.filter(is_active=True).order_by("pk") if s.pk in managers]
    if lead is None or not services:
        return {}
    opens_on = on - dt.timedelta(weeks=10)
    with at(_moment(opens_on - dt.timedelta(days=7), rng)):
        survey = _survey(actor=lead.person, programme=lead.programme, service=None, spec=PROGRAMME_SURVEY,
                         kind="anonymous", opens_on=opens_on, closes_on=on + dt.timedelta(weeks=4))
    questions = list(survey.questions.all())
    for link in survey.links.select_related("service"):
        for _ in range(rng.randint(6, 24)):
            day = opens_on + dt.timedelta(days=rng.randint(0, (on - opens_on).days))
            with at(_moment(day, rng)):
                if rng.random() < 0.3 and link.service_id in managers:
                    actions.type_in_paper(actor=managers[link.service_id], survey=survey, service=link.service,
                                          answers=_survey_answers(rng, questions))
                else:
                    actions.answer_survey_online(link=link, answers=_survey_answers(rng, questions))
    # The first service: a named survey about plans, answered on some of its open cases, and a
    # draft for the summer.
    first = services[0]
    manager = managers[first.pk]
    with at(_moment(on - dt.timedelta(weeks=3), rng)):
        named = _survey(actor=manager, programme=first.programme, service=first, spec=NAMED_SURVEY, kind="named",
                        opens_on=on - dt.timedelta(weeks=3), closes_on=on + dt.timedelta(weeks=5))
    named_questions = list(named.questions.all())
    cases = list(Case.objects.filter(service=first, status=CaseStatus.OPEN).order_by("pk")[:12])
    leads = {a.case_id: a.worker for a in Allocation.objects.filter(
        case__in=cases, role=AllocationRole.LEAD, ends_at__isnull=True).select_related("worker")}
    for case in cases[::2]:
        if case.pk in leads:
            with at(_moment(on - dt.timedelta(days=rng.randint(1, 20)), rng)):
                actions.answer_named(actor=leads[case.pk], survey=named, case=case,
                                     answers=_survey_answers(rng, named_questions),
                                     way=rng.choice(("in_session", "in_session", "paper")))
    _survey(actor=manager, programme=first.programme, service=first, opened=False, kind="anonymous",
            opens_on=on + dt.timedelta(weeks=6), closes_on=on + dt.timedelta(weeks=10), spec={
                "title": "The summer group", "introduction": "What would you like to do in the summer group?",
                "questions": (("choice", "Which day suits you best?", ["Monday", "Wednesday", "Saturday"]),)})
    return {"surveys of young people": Survey.objects.count(),
            "survey answers": SurveyResponse.objects.count()}
