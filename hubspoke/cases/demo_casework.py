"""Synthetic contacts for the demo cases: attempts before the young person is first reached,
then contact every week or two (more often while the worker is winning engagement), some
missed, a few notes restricted. Bulk-inserted for speed (thousands of rows), which is why the
first-contact date is set here from the first contact that reached the young person, as the
record_contact action would have."""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hubspoke.cases.models import (
    Allocation,
    Case,
    CaseClosure,
    Contact,
    ContactLocation,
    ContactMethod,
    Meeting,
    MeetingKind,
    MissingEpisode,
    OutcomeRating,
    PlanAction,
    PlanElement,
    PlanGoal,
)
from hubspoke.cases.outcomes import AREAS

NOTES = (
    "Met after school. Talked about who she spends weekends with; she named two older lads from the park.",
    "Quiet at first. Opened up about arguments at home and staying at a friend's.",
    "Went through the safety plan together. Agreed she will text if she is somewhere she doesn't know.",
    "Did some work on healthy relationships using the cards. He said 'nobody's ever asked me that'.",
    "Accompanied to the sexual health clinic appointment.",
    "Phoned to check in after the weekend; all OK, back at school on Monday.",
    "Talked about the new phone. Says a friend gave it to her. Will raise at the next meeting.",
    "Outreach in the town centre with the police spoke worker; spoke briefly at the bus station.",
    "Worked on the college application together. Really proud of himself.",
    "Advocated at the school meeting about the part-time timetable.",
)
RESTRICTED = (
    "Disclosed that an adult she met online has been asking her to meet. Shared with the police spoke worker.",
    "Named an address where the parties are held. Passed to the exploitation panel lead.",
)


# "Transferred" is not among them: a case closes as transferred only when a transfer is accepted.
CLOSING_REASONS = ("outcomes_achieved", "outcomes_achieved", "outcomes_achieved", "moved", "turned_18", "declined",
                   "disengaged")
CLOSING_SUMMARIES = {
    "outcomes_achieved": "Goals met: safe relationships, back in education, knows who to contact. Ended together.",
    "moved": "Moved to live with family in another area; handed over to the local service there.",
    "turned_18": "Turned 18; supported into the adult service and a college support worker.",
    "declined": "Said she no longer wanted support. Risk had reduced; school and social worker aware.",
    "disengaged": "Stopped responding after many attempts over two months. Risk low at last assessment; "
                  "social worker informed.",
}


@transaction.atomic
def seed_contacts(*, seed: int) -> dict[str, int]:
    if Contact.objects.exists():
        return {"contacts": 0}
    rng = random.Random(seed + 707)  # noqa: S311 (synthetic demo data, not security)
    now = timezone.now()
    ends = {row["case"]: row["last"] for row in Allocation.objects.values("case").annotate(last=Max("ends_at"))}
    leads = dict(Allocation.objects.order_by("starts_at").values_list("case", "worker"))
    rows = []
    first_reached: dict[int, dt.date] = {}
    for case in Case.objects.order_by("pk"):
        worker = leads.get(case.pk)
        if worker is None:
            continue
        start = case.opened_at + dt.timedelta(days=rng.randint(0, 3))
        end = now if case.status == "open" else (ends.get(case.pk) or now)
        at, reached_once = start, False
        while at < end:
            attempt = (not reached_once and rng.random() < 0.35) or rng.random() < 0.15
            method = rng.choice([ContactMethod.FACE_TO_FACE] * 5 + [ContactMethod.PHONE] * 2 +
                                [ContactMethod.TEXT, ContactMethod.OUTREACH, ContactMethod.GROUP])
            in_person = method in (ContactMethod.FACE_TO_FACE, ContactMethod.OUTREACH, ContactMethod.GROUP)
            outcome = "attended" if not attempt else rng.choice(("did_not_attend", "did_not_attend",
                                                                 "cancelled_by_young_person", "cancelled_by_worker"))
            reached = outcome == "attended"
            restricted = reached and rng.random() < 0.05
            when = at.replace(hour=rng.choice((10, 13, 15, 16, 17)), minute=rng.choice((0, 15, 30, 45)))
            rows.append(Contact(
                case=case, occurred_at=when, method=method,
                location=rng.choice(ContactLocation.values) if in_person else "",
                outcome=outcome, present=["young_person"] + (["parent_carer"] if rng.random() < 0.1 else [])
                if reached else [],
                elements=rng.sample(PlanElement.values, k=rng.randint(1, 2)) if reached else [],
                duration_minutes=rng.choice((30, 45, 60, 60, 90)) if reached and method != "text" else None,
                notes=(rng.choice(RESTRICTED) if restricted else rng.choice(NOTES)) if reached else
                "Tried to reach them; no answer.",
                restricted=restricted, reached=reached, recorded_at=when, recorded_by_id=worker,
            ))
            if reached and not reached_once:
                first_reached[case.pk] = timezone.localdate(when)
                reached_once = True
            at += dt.timedelta(days=rng.choice((3, 5, 7, 7, 10, 14)) if reached_once else rng.randint(1, 3))
    Contact.objects.bulk_create(rows, batch_size=2000)
    closures = [
        CaseClosure(
            case=case, closed_at=ends.get(case.pk) or now, closed_by_id=leads[case.pk],
            reason=(reason := rng.choice(CLOSING_REASONS)), summary=CLOSING_SUMMARIES[reason],
            risk_now=rng.choice(("Low", "Low", "Medium", "Not assessed")), engagement=rng.choice(
                ("sometimes", "mostly", "mostly", "fully")) if reason != "disengaged" else "not",
            outcomes_achieved=rng.choice(("some", "most", "most", "all")) if reason == "outcomes_achieved" else
            rng.choice(("none", "some")), what_helped=rng.choice(("Consistent worker", "Outreach at the youth club",
                                                                "Working with school", "")),
        )
        for case in Case.objects.filter(status="closed").order_by("pk") if case.pk in leads
    ]
    CaseClosure.objects.bulk_create(closures)
    extra = _seed_case_files(rng, leads, now)
    Case.objects.filter(first_contact_on__isnull=False).exclude(pk__in=list(first_reached)).update(
        first_contact_on=None)
    for case_id, day in first_reached.items():
        Case.objects.filter(pk=case_id).update(first_contact_on=day)
    return {"contacts": len(rows), "closures": len(closures), **extra}


GOALS = {
    "engagement": ("Meet my worker every week somewhere I choose.", "Text my worker back within a day."),
    "support": ("Get my GP appointment sorted.", "Sort out where I'm living so it feels settled."),
    "advocacy": ("Have my say at my review meeting.", "Get school to listen about my timetable."),
    "reducing_risk": ("Feel safe getting home at night.", "Know the signs when someone is grooming me."),
    "growth": ("Go back to boxing on Thursdays.", "Apply for the hair and beauty course at college."),
}
ACTIONS = (("Plan a safe route home together", "Me and my worker"), ("Ring the GP on Monday", "Me"),
           ("Speak to the head of year", "My worker"), ("Find out about the course open day", "Me and my worker"),
           ("Ask the social worker about the review date", "My worker"))


def _seed_case_files(rng, leads, now) -> dict[str, int]:
    """Plans for open cases, some missing episodes and meetings, and outcome ratings at the start
    and at reviews, so that a case file looks like a working one."""
    today = timezone.localdate(now)
    goals, actions_, episodes, meetings, ratings = [], [], [], [], []
    open_cases = list(Case.objects.filter(status="open").order_by("pk"))
    for case in open_cases:
        worker = leads.get(case.pk)
        if worker is None:
            continue
        opened = timezone.localdate(case.opened_at)
        for element in rng.sample(list(GOALS), k=rng.randint(2, 3)):
            goal = PlanGoal(case=case, element=element, goal=rng.choice(GOALS[element]),
                            agreement=rng.choice(("agreed", "agreed", "not_asked")), created_at=case.opened_at,
                            created_by_id=worker, status=rng.choice(("working", "working", "achieved")))
            goals.append(goal)
        if rng.random() < 0.25:
            start = case.opened_at + dt.timedelta(days=rng.randint(5, 60))
            if start < now:
                episodes.append(MissingEpisode(
                    case=case, started_at=start, ended_at=start + dt.timedelta(hours=rng.randint(6, 40)),
                    reported_to_police=rng.random() < 0.8, return_interview=rng.choice(("done", "offered", "declined")),
                    return_interview_by="Police spoke worker", where_found="Found at a friend's flat in town.",
                    associates="Older friends from the park.", recorded_at=start, recorded_by_id=worker))
        if rng.random() < 0.3 and (today - opened).days > 14:
            meetings.append(Meeting(
                case=case, kind=rng.choice(MeetingKind.values), held_on=opened + dt.timedelta(days=rng.randint(7, 30)),
                agencies_present="Police, children's social care, school, health", decisions=rng.choice((
                    "Disruption plan for the address; safety plan reviewed with her.",
                    "Joint visit with the social worker; school to report absences the same day.",
                    "Referral to CAMHS; review in six weeks.")),
                recorded_at=now, recorded_by_id=worker))
        start_scores = {a.id: rng.randint(1, 3) for a in AREAS}
        ratings.append(OutcomeRating(case=case, rated_on=opened + dt.timedelta(days=rng.randint(3, 14)),
                                     occasion="start", rater="young_person", scores=start_scores,
                                     personal_goals=[{"goal": "Go back to college", "score": rng.randint(1, 4)}],
                                     recorded_at=now, recorded_by_id=worker))
        if (today - opened).days > 90:
            later = {k: min(5, v + rng.choice((0, 1, 1, 2))) for k, v in start_scores.items()}
            ratings.append(OutcomeRating(case=case, rated_on=today - dt.timedelta(days=rng.randint(1, 30)),
                                         occasion="review", rater="young_person", scores=later,
                                         personal_goals=[{"goal": "Go back to college", "score": rng.randint(4, 9)}],
                                         recorded_at=now, recorded_by_id=worker))
    PlanGoal.objects.bulk_create(goals)
    for goal in goals:
        action, who = rng.choice(ACTIONS)
        due = timezone.localdate(goal.created_at) + dt.timedelta(days=rng.randint(7, 120))
        done = due < today and rng.random() < 0.7
        actions_.append(PlanAction(goal=goal, action=action, who=who, due_on=due, created_at=goal.created_at,
                                   created_by_id=goal.created_by_id, status="done" if done else "to_do",
                                   finished_at=timezone.make_aware(dt.datetime.combine(due, dt.time(15)))
                                   if done else None))
    PlanAction.objects.bulk_create(actions_)
    MissingEpisode.objects.bulk_create(episodes)
    Meeting.objects.bulk_create(meetings)
    OutcomeRating.objects.bulk_create(ratings)
    return {"plan_goals": len(goals), "missing_episodes": len(episodes), "meetings": len(meetings),
            "outcome_ratings": len(ratings)}
