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

import contextlib
import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from hubspoke.cases.models import Allocation, AllocationRole, Case, CaseStatus
from hubspoke.lib.dates import today
from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Role, Service
from hubspoke.network.scoping import current_memberships_q
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


def _managers() -> dict[int, Membership]:
    """Each service's longest-serving manager still in post (not a cover that has ended)."""
    found = {}
    for m in (Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER)
              .select_related("person").order_by("-starts_on", "-pk")):
        found[m.service_id] = m
    return found


def seed_surveys(*, seed: int) -> dict[str, int]:
    if Survey.objects.exists():
        return {}
    rng = random.Random(seed + 1901)  # noqa: S311 - synthetic demo data, not secrets
    on = today()
    lead = Membership.objects.filter(role=Role.PROGRAMME_LEAD).select_related("person", "programme").first()
    managers = {service_id: m.person for service_id, m in _managers().items()}
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


# --- Participation activities ------------------------------------------------------------------
# A year of each service's participation, across the spectrum: young people's say in their own
# plans and reviews, groups, consultations, co-designing a leaflet, a film and training, peer
# support, speaking at a conference and research with the evaluation. Young people who took part
# are the service's own (open cases, and some closed since), each having agreed; some gained an
# AQA Unit Award, some were paid expenses. Outputs are links to example.org or a small PDF made
# here. Some young people agreed their words may be used, and a few quotes are tied to that
# consent; one consent was withdrawn later, so its quote is in no report. No text names anyone.

ACTIVITIES = (
    # (kind, title, accreditation, outputs: (kind, title, "link" | "file" | ""))
    ("own_plan", "Young people leading their own plan reviews", "", ()),
    ("group_work", "Friday group: healthy relationships", "AQA Unit Award: healthy relationships", ()),
    ("consultation", "Consultation on the service's opening hours", "", (("report", "What you told us about "
                                                                          "opening hours", "file"),)),
    ("co_design", "Designing the young people's leaflet", "AQA Unit Award: planning a project",
     (("leaflet", "Your service, your say: the young people's leaflet", "file"),)),
    ("co_design", "Making a short film for professionals", "", (("film", "Listen to us: a film for professionals",
                                                                  "link"),)),
    ("co_design", "Co-writing training for police officers", "",
     (("training", "What young people want police officers to know", "file"),)),
    ("peer_support", "Peer mentors' meet-up", "AQA Unit Award: peer mentoring", ()),
    ("speaking", "Speaking at the regional safeguarding conference", "", (("event", "A talk to the regional "
                                                                           "safeguarding conference", ""),)),
    ("research", "Peer research with the evaluation team", "", (("report", "Peer research findings", "file"),)),
    ("feedback", "Feedback evening on the group programme", "", ()),
    ("group_work", "Art group", "", (("artwork", "Art group exhibition", ""),)),
)
QUOTES = (
    "It was the first time someone asked me what I thought should happen.",
    "I liked making the leaflet because it means other people will know they can get help.",
    "Being in the group made me feel like I was not the only one.",
    "I want police officers to know that we are not the problem.",
    "It feels good that something I said might change things for someone else.",
    "Nobody made me tell my story again, I chose what to share.",
)
CASE_STUDY = ("Over six months they went from not wanting to come to the group to helping plan it. They chose "
              "the topics, co-wrote the leaflet and spoke to a room of professionals about what helps.")


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with a title on it, made by hand so that the demo needs no PDF library:
    the objects, then a cross-reference table of their byte offsets."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:80]
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def seed_activities(*, seed: int) -> dict[str, int]:
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hubspoke.participation import activities
    from hubspoke.participation.models import Activity, Quote, UseConsent

    if Activity.objects.exists():
        return {}
    rng = random.Random(seed + 2001)  # noqa: S311 - synthetic demo data, not secrets
    on = today()
    memberships = _managers()
    year_ago = timezone.now() - dt.timedelta(days=365)
    for service in Service.objects.filter(is_active=True, pk__in=list(memberships)).order_by("pk"):
        manager = memberships[service.pk].person
        manager.__dict__.pop("_hubspoke_scope", None)  # worked out afresh, from the days below
        cases = list(Case.objects.filter(service=service).filter(
            Q(status=CaseStatus.OPEN) | Q(closures__closed_at__gte=year_ago)).distinct().order_by("pk"))
        if not cases:
            continue
        open_cases = [c for c in cases if c.status == CaseStatus.OPEN]
        consents = {}
        for month in range(12, 0, -1):
            for kind, title, accreditation, outputs in rng.sample(ACTIVITIES, 2):
                held_on = on - dt.timedelta(days=30 * month - rng.randint(0, 25))
                if held_on < memberships[service.pk].starts_on:
                    continue  # before the manager came: the service's activities start with them
                with at(_moment(held_on, rng)):
                    activity = activities.create_activity(
                        actor=manager, service=service, kind=kind, title=title, held_on=held_on, summary="",
                        accreditation=accreditation)
                    for case in rng.sample(cases, min(len(cases), rng.randint(2, 9))):
                        activities.save_participant(
                            actor=manager, activity=activity, case=case,
                            consent=rng.choice(("themselves", "themselves", "with_parent")),
                            accredited=bool(accreditation) and rng.random() < 0.6,
                            paid=rng.choice(("", "", "5", "10", "12.50")) if kind != "own_plan" else "")
                    for output_kind, output_title, how in outputs:
                        upload = (SimpleUploadedFile(f"{output_kind}.pdf", demo_pdf(output_title),
                                                     content_type="application/pdf") if how == "file" else None)
                        activities.add_output(actor=manager, activity=activity, kind=output_kind, title=output_title,
                                              link=(f"https://example.org/{output_kind}/{activity.uuid.hex[:8]}"
                                                    if how == "link" else ""), upload=upload)
                # Some of those taking part in formal activities agree their words may be used.
                if kind in ("co_design", "speaking", "research", "consultation", "group_work"):
                    for case in [c for c in rng.sample(open_cases, min(len(open_cases), 2))
                                 if c.pk not in consents]:
                        with at(_moment(held_on, rng)):
                            consents[case.pk] = activities.record_consent(
                                actor=manager, case=case, words=True, image=rng.random() < 0.4,
                                scope=rng.choice(("programme", "programme", "public", "service")), given_on=held_on,
                                expires_on=held_on + dt.timedelta(days=730) if rng.random() < 0.5 else None,
                                activity=activity)
                            study = rng.random() < 0.15
                            # A word in it matching a demo young person's name leaves the quote out.
                            with contextlib.suppress(ValidationError):
                                activities.add_quote(actor=manager, case=case, consent=consents[case.pk],
                                                     kind="case_study" if study else "quote",
                                                     text=CASE_STUDY if study else rng.choice(QUOTES),
                                                     said_on=held_on, activity=activity)
        # One young person changed their mind: their consent is withdrawn, and its quote is in no report.
        withdrawn = next(iter(consents.values()), None)
        if withdrawn is not None:
            with at(_moment(on - dt.timedelta(days=10), rng)):
                activities.withdraw_consent(actor=manager, case=withdrawn.case, consent=withdrawn)
    return {"participation activities": Activity.objects.count(), "consents to use words or images":
            UseConsent.objects.count(), "quotes and case studies": Quote.objects.count()}
