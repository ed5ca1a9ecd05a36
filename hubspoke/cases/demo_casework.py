"""Synthetic case files for the demo cases, recorded through the real actions by each case's
lead worker, each on the day it happened (the clock is moved there): attempts before the young
person is first reached, then contact every week or two (more often while the worker is
winning engagement), some missed, a few notes restricted; for the cases still open, a plan
with goals and actions, some missing episodes and meetings, and outcome ratings at the start
and at reviews. Cases that have ended are closed last (``close_ended_cases``), once their
assessments are made, as their worker (or, at the highest risk, their manager) would."""

import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.cases import actions
from hubspoke.cases.demo import last_links, planned_end
from hubspoke.cases.models import (
    Allocation,
    AllocationRole,
    Case,
    CaseStatus,
    Contact,
    ContactLocation,
    ContactMethod,
    MeetingKind,
    PlanElement,
)
from hubspoke.cases.outcomes import AREAS
from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Role
from hubspoke.network.scoping import current_memberships_q
from hubspoke.notifications import actions as notification_actions
from hubspoke.notifications.models import Notification

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




def _leads() -> dict[int, object]:
    """Each case's lead worker (the first: the demo reallocates nothing)."""
    leads: dict[int, object] = {}
    for allocation in (Allocation.objects.filter(role=AllocationRole.LEAD).select_related("worker")
                       .order_by("starts_at", "pk")):
        leads.setdefault(allocation.case_id, allocation.worker)
    return leads


def _before(moment: dt.datetime, now: dt.datetime) -> dt.datetime:
    """A moment no later than a minute ago: nothing is recorded in the future."""
    return min(moment, now - dt.timedelta(minutes=1))


@transaction.atomic
def seed_contacts(*, seed: int) -> dict[str, int]:
    if Contact.objects.exists():
        return {"contacts": 0}
    rng = random.Random(seed + 707)  # noqa: S311 (synthetic demo data, not security)
    now = timezone.now()
    leads = _leads()
    made = {"contacts": 0, "plan_goals": 0, "missing_episodes": 0, "meetings": 0, "outcome_ratings": 0}
    for case in last_links().order_by("pk"):
        worker = leads.get(case.pk)
        if worker is None:
            continue
        ends = planned_end(case, seed=seed, last_linked=case.last_linked)
        made["contacts"] += _contacts(case, worker, rng=rng, until=ends or now, now=now)
        if ends is None:
            for kind, n in _case_file(case, worker, rng=rng, now=now).items():
                made[kind] += n
    return made


def _contacts(case: Case, worker, *, rng: random.Random, until: dt.datetime, now: dt.datetime) -> int:
    at_, reached_once, made = case.opened_at + dt.timedelta(days=rng.randint(0, 3)), False, 0
    while at_ < until:
        attempt = (not reached_once and rng.random() < 0.35) or rng.random() < 0.15
        method = rng.choice([ContactMethod.FACE_TO_FACE] * 5 + [ContactMethod.PHONE] * 2 +
                            [ContactMethod.TEXT, ContactMethod.OUTREACH, ContactMethod.GROUP])
        in_person = method in (ContactMethod.FACE_TO_FACE, ContactMethod.OUTREACH, ContactMethod.GROUP)
        outcome = "attended" if not attempt else rng.choice(("did_not_attend", "did_not_attend",
                                                             "cancelled_by_young_person", "cancelled_by_worker"))
        reached = outcome == "attended"
        restricted = reached and rng.random() < 0.05
        local = timezone.localtime(at_)
        when = local.replace(hour=rng.choice((10, 13, 15, 16, 17)), minute=rng.choice((0, 15, 30, 45)))
        fields = {
            "occurred_at": when, "method": method,
            "location": rng.choice(ContactLocation.values) if in_person else "",
            "outcome": outcome,
            "present": ["young_person"] + (["parent_carer"] if rng.random() < 0.1 else []) if reached else [],
            "elements": rng.sample(PlanElement.values, k=rng.randint(1, 2)) if reached else [],
            "duration_minutes": rng.choice((30, 45, 60, 60, 90)) if reached and method != "text" else None,
            "notes": (rng.choice(RESTRICTED) if restricted else rng.choice(NOTES)) if reached else
            "Tried to reach them; no answer.",
            "restricted": restricted,
        }
        if when >= until or when >= now - dt.timedelta(minutes=5):
            break
        # Written up within the hour.
        with at(_before(when + dt.timedelta(minutes=rng.randint(20, 60)), now)):
            actions.record_contact(actor=worker, case=case, fields=fields)
        made += 1
        reached_once = reached_once or reached
        at_ += dt.timedelta(days=rng.choice((3, 5, 7, 7, 10, 14)) if reached_once else rng.randint(1, 3))
    return made


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


def _case_file(case: Case, worker, *, rng: random.Random, now: dt.datetime) -> dict[str, int]:
    """A plan, perhaps a missing episode and a meeting, and outcome ratings at the start and at a
    review, so that an open case's file looks like a working one."""
    today = timezone.localdate(now)
    opened = timezone.localdate(case.opened_at)
    made = {"plan_goals": 0, "missing_episodes": 0, "meetings": 0, "outcome_ratings": 0}
    for element in rng.sample(list(GOALS), k=rng.randint(2, 3)):
        written = _before(case.opened_at + dt.timedelta(days=rng.randint(1, 7)), now)
        with at(written):
            goal = actions.add_goal(actor=worker, case=case, element=element, goal=rng.choice(GOALS[element]))
        made["plan_goals"] += 1
        agreement = rng.choice(("agreed", "agreed", "not_asked"))
        status = rng.choice(("working", "working", "achieved"))
        if agreement != goal.agreement or status != goal.status:
            with at(_before(written + dt.timedelta(days=rng.randint(7, 90)), now)):
                actions.update_goal(actor=worker, goal=goal, status=status, agreement=agreement,
                                    young_persons_comments="")
        action, who = rng.choice(ACTIONS)
        due = timezone.localdate(written) + dt.timedelta(days=rng.randint(7, 120))
        with at(written):
            plan_action = actions.add_action(actor=worker, goal=goal, action=action, who=who, due_on=due)
        if due < today and rng.random() < 0.7:
            with at(timezone.make_aware(dt.datetime.combine(due, dt.time(15)))):
                actions.set_action_status(actor=worker, plan_action=plan_action, status="done")
    if rng.random() < 0.25:
        start = case.opened_at + dt.timedelta(days=rng.randint(5, 60))
        back = start + dt.timedelta(hours=rng.randint(6, 40))
        if start < now:
            with at(_before(back + dt.timedelta(hours=3), now)):
                actions.record_missing_episode(actor=worker, case=case, fields={
                    "started_at": start, "ended_at": back if back < timezone.now() else None,
                    "reported_to_police": rng.random() < 0.8,
                    "return_interview": rng.choice(("done", "offered", "declined")),
                    "return_interview_by": "Police spoke worker", "where_found": "Found at a friend's flat in town.",
                    "associates": "Older friends from the park."})
            made["missing_episodes"] += 1
    if rng.random() < 0.3 and (today - opened).days > 14:
        held_on = min(today, opened + dt.timedelta(days=rng.randint(7, 30)))
        with at(_before(timezone.make_aware(dt.datetime.combine(held_on, dt.time(17))), now)):
            actions.record_meeting(
                actor=worker, case=case, kind=rng.choice(MeetingKind.values), held_on=held_on,
                agencies_present="Police, children's social care, school, health", decisions=rng.choice((
                    "Disruption plan for the address; safety plan reviewed with her.",
                    "Joint visit with the social worker; school to report absences the same day.",
                    "Referral to CAMHS; review in six weeks.")))
        made["meetings"] += 1
    start_scores = {a.id: rng.randint(1, 3) for a in AREAS}
    ratings = [(min(today, opened + dt.timedelta(days=rng.randint(3, 14))), "start", start_scores,
                rng.randint(1, 4))]
    if (today - opened).days > 90:
        later = {k: min(5, v + rng.choice((0, 1, 1, 2))) for k, v in start_scores.items()}
        ratings.append((today - dt.timedelta(days=rng.randint(1, 30)), "review", later, rng.randint(4, 9)))
    for rated_on, occasion, scores, goal_score in ratings:
        with at(_before(timezone.make_aware(dt.datetime.combine(rated_on, dt.time(16))), now)):
            actions.rate_outcomes(actor=worker, case=case, rated_on=rated_on, occasion=occasion, rater="young_person",
                                  scores=scores, personal_goals=[{"goal": "Go back to college", "score": goal_score}])
        made["outcome_ratings"] += 1
    return made


def close_ended_cases(*, seed: int) -> int:
    """Close, through the real action and on the day they ended, the cases whose work has ended
    (``planned_end``): by the lead worker, or by a manager with a rationale where the risk
    stands at the tool's highest level. Called once the assessments are made, because a case
    closes with the risk they left. The managers' notifications of closings long ago were read
    the next day."""
    rng = random.Random(seed + 808)  # noqa: S311 (synthetic demo data, not security)
    now = timezone.now()
    leads = _leads()
    managers = {
        m.service_id: m.person
        for m in Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER).select_related("person")
    }
    closed = 0
    for case in last_links().filter(status=CaseStatus.OPEN).select_related("young_person", "service").order_by("pk"):
        ends = planned_end(case, seed=seed, last_linked=case.last_linked)
        worker = leads.get(case.pk)
        if ends is None or worker is None:
            continue
        reason = rng.choice(CLOSING_REASONS)
        fields = {
            "reason": reason, "summary": CLOSING_SUMMARIES[reason],
            "engagement": rng.choice(("sometimes", "mostly", "mostly", "fully")) if reason != "disengaged" else "not",
            "outcomes_achieved": rng.choice(("some", "most", "most", "all")) if reason == "outcomes_achieved" else
            rng.choice(("none", "some")),
            "what_helped": rng.choice(("Consistent worker", "Outreach at the youth club", "Working with school", "")),
        }
        with at(ends):
            try:
                actions.close_case(actor=worker, case=case, **fields)
            except ValidationError:
                # At the highest risk only a manager closes, saying why and whom they told.
                actions.close_case(
                    actor=managers[case.service_id], case=case, **fields,
                    approval_rationale="Agreed at supervision: the young person has moved out of the area and the "
                    "local service there has taken the work on.",
                    statutory_agency_told="Children's social care", statutory_told_on=timezone.localdate(ends))
        closed += 1
        if now - ends > dt.timedelta(days=14):
            with at(ends + dt.timedelta(days=1)):
                for told in Notification.objects.filter(
                    kind=actions.CLOSED_AT_RISK, subject_kind="cases.case", subject_ref=str(case.uuid),
                    read_at__isnull=True,
                ).select_related("recipient"):
                    notification_actions.mark_read(user=told.recipient, notification=told)
    return closed
