"""The demo's supervision: at the first two services, how often each kind is due, and for each
of their workers a clinical supervision with a manager (some long enough ago to be overdue),
discussing up to two of the worker's open cases, plus a peer supervision between two workers.
Written through the real actions; deterministic for a seed, and it adds nothing the second
time."""

from __future__ import annotations

import datetime as dt

from hubspoke.lib.dates import today
from hubspoke.network.models import Role
from hubspoke.safety.actions.supervision import record_supervision, set_schedules
from hubspoke.safety.demo import demo_services
from hubspoke.safety.models import Supervision
from hubspoke.safety.queries import supervision as queries

SCHEDULE = {
    ("clinical", Role.SPOKE_WORKER): 42, ("clinical", Role.HUB_WORKER): 42, ("clinical", Role.SERVICE_MANAGER): 56,
    ("management", Role.SPOKE_WORKER): 28, ("management", Role.HUB_WORKER): 28,
    ("group_debrief", Role.SPOKE_WORKER): 90,
}
# Days since each worker's clinical supervision, in turn: over 42 is overdue.
DAYS_AGO = (12, 55, 30, 8, 70, 21)
ACTIONS = ("Plan a joint visit with the host agency's lead; book the next session in four weeks.",
           "Ask the school nurse to join the next strategy meeting; review the safety plans together next time.",
           "Take the afternoon off after the late call-out; hand over two cases while on leave.")
WELLBEING = ("Tired after two late call-outs, but feels supported by the team.",
             "Finding the commute to the spoke long; would like one hub day a week.",
             "Feeling well; enjoying the outreach sessions.")


def seed_supervision(*, seed: int) -> dict[str, int]:
    made = {"supervision_schedules": 0, "supervisions": 0}
    if Supervision.objects.exists():
        return made
    on = today()
    for service in demo_services():
        staff = list(queries.staff_of([service.pk]))
        managers = [m for m in staff if m.role == Role.SERVICE_MANAGER]
        workers = [m for m in staff if m.role != Role.SERVICE_MANAGER]
        if not managers or not workers:
            continue
        manager = managers[0].person
        workers = [m for m in workers if m.person_id != manager.pk]
        set_schedules(actor=manager, service=service, every=SCHEDULE)
        made["supervision_schedules"] += len(SCHEDULE)
        for n, member in enumerate(workers):
            cases = list(queries.discussable_cases(supervisee=member.person, service_id=service.pk,
                                                   actor=manager)[:2])
            record_supervision(
                actor=manager, supervisee=member, kind="clinical",
                held_on=on - dt.timedelta(days=DAYS_AGO[(n + seed) % len(DAYS_AGO)]),
                actions_agreed=ACTIONS[n % len(ACTIONS)], wellbeing_note=WELLBEING[n % len(WELLBEING)], cases=cases)
            made["supervisions"] += 1
        if len(workers) >= 2:
            peer, of = workers[0], next((w for w in workers[1:] if w.person_id != workers[0].person_id), None)
            if of is None:
                continue
            record_supervision(actor=peer.person, supervisee=of, kind="peer", held_on=on - dt.timedelta(days=5),
                               actions_agreed="Share the outreach route notes; swap a Friday late shift.")
            made["supervisions"] += 1
    return made
