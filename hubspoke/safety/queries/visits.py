"""Reads for lone-working visits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from hubspoke.network import scoping
from hubspoke.network.models import Service
from hubspoke.safety.models import ChainStep, Visit, VisitCaseLink, VisitEvent, VisitState
from hubspoke.safety.models.visits import OPEN_STATES
from hubspoke.safety.queries import supervision


def visit(ref) -> Visit | None:
    return Visit.objects.select_related("worker", "buddy", "service", "spoke").filter(uuid=ref).first()


def service(ref) -> Service | None:
    return Service.objects.filter(uuid=ref).first()


def on_chain(user, service_id: int) -> bool:
    return ChainStep.objects.filter(service_id=service_id, person=user).exists()


def linked_case(visit: Visit):
    link = VisitCaseLink.objects.select_related("case__young_person").filter(visit=visit).first()
    return link.case if link else None


def events_of(visit: Visit) -> QuerySet[VisitEvent]:
    return VisitEvent.objects.filter(visit=visit).order_by("at", "pk")


def open_visit_of(user) -> Visit | None:
    """The worker's visit in progress, as they see it: one they finished under duress is over."""
    return Visit.objects.filter(worker=user, state__in=OPEN_STATES, duress=False).order_by("-started_at").first()


def recent_visits_of(user, *, limit: int = 10) -> list[Visit]:
    return list(Visit.objects.filter(worker=user).select_related("service").order_by("-started_at")[:limit])


def board(service_ids) -> list[Visit]:
    """Visits in progress, amber and red at these services, alarms first."""
    rank = {VisitState.RED: 0, VisitState.ACKNOWLEDGED: 1, VisitState.AMBER: 2, VisitState.IN_PROGRESS: 3}
    rows = list(
        Visit.objects.filter(service_id__in=service_ids, state__in=OPEN_STATES)
        .select_related("worker", "spoke", "service").order_by("expected_end")
    )
    return sorted(rows, key=lambda v: (rank[v.state], v.expected_end))


def recent_alarms(service_ids, *, limit: int = 20) -> list[Visit]:
    return list(
        Visit.objects.filter(service_id__in=service_ids, state=VisitState.RESOLVED)
        .select_related("worker", "resolved_by").order_by("-resolved_at")[:limit]
    )


def alarm_counts(service_ids) -> tuple[int, int]:
    """(alarms raised and not acknowledged, visits open) at these services, in one query."""
    found = Visit.objects.filter(service_id__in=service_ids, state__in=OPEN_STATES).aggregate(
        alarms=Count("pk", filter=Q(state=VisitState.RED)), open=Count("pk"))
    return found["alarms"], found["open"]


def counts(programme_ids) -> dict:
    """For the programme: how many visits are open in each state across its services; nothing
    about who or where."""
    found = Visit.objects.filter(service__programme_id__in=programme_ids, state__in=OPEN_STATES).aggregate(
        **{state: Count("pk", filter=Q(state=state)) for state in OPEN_STATES}
    )
    return {VisitState(state).label: found[state] for state in OPEN_STATES}


def chain_of(service: Service) -> list[ChainStep]:
    steps = list(ChainStep.objects.filter(service=service).select_related("spoke", "person"))
    # As the chain runs: a spoke's own steps first (for its visits), then the service's.
    return sorted(steps, key=lambda s: (s.spoke is None, s.spoke.name if s.spoke else "", s.position, s.pk))


def staff_people(service_ids, *, leave_out=None) -> list:
    """The active people among these services' current staff (managers, hub and spoke
    workers), once each, by name: buddies and alarm-chain people are chosen from them."""
    people = {m.person_id: m.person for m in supervision.staff_of(service_ids)
              if m.person.is_active and m.person_id != getattr(leave_out, "pk", None)}
    return sorted(people.values(), key=lambda person: (person.full_name, person.pk))


def possible_buddies(user) -> list:
    return staff_people(scoping.scope_for(user).member_service_ids, leave_out=user)


@dataclass(frozen=True)
class WorkerView:
    """What the worker's own page shows. After a duress alarm it is what the page would have
    shown without one (finished, or checked in), so that someone looking at the phone learns
    nothing."""

    finished: bool
    finished_at: dt.datetime | None
    last_heard: dt.datetime
    expected_end: dt.datetime
    amber: bool
    alarm: bool = False  # raised and nobody has it yet
    acknowledged_by: str = ""  # somebody has it
    closed_by_responder: bool = False  # resolved by a responder, not finished by the worker


def as_the_worker_sees(visit: Visit) -> WorkerView:
    last = visit.last_check_in_at or visit.started_at
    if visit.duress:
        pressed = VisitEvent.objects.filter(visit=visit, kind="duress").order_by("at", "pk").first()
        finishing = pressed is not None and "finishing" in pressed.note
        at = pressed.at if pressed else visit.alarm_at
        return WorkerView(finishing, at if finishing else None, at, visit.expected_end, False)
    finished = visit.state in (VisitState.FINISHED, VisitState.RESOLVED) or visit.ended_at is not None
    by_worker = visit.events.filter(kind="finished").exists() if visit.state == VisitState.RESOLVED else True
    return WorkerView(finished, visit.ended_at, last, visit.expected_end, visit.state == VisitState.AMBER,
                      alarm=visit.state == VisitState.RED,
                      acknowledged_by=visit.acknowledged_by if visit.state == VisitState.ACKNOWLEDGED else "",
                      closed_by_responder=not by_worker)
