"""The demo's lone working: safety details for the staff of the first two services, an alarm
chain for each service (a spoke's host agency desk, the hub manager in office hours, an on-call
number out of hours), a few weeks of finished visits, one alarm resolved with its incident note,
and one visit in progress now. History is written as rows with their own times, so seeding sends
no message; the alarms a person sets off while trying the demo are real, and their messages
show in the terminal (the logging text backend and the console email). Deterministic; adds
nothing the second time."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Q
from django.utils import timezone

from hubspoke.cases.models import Allocation, AllocationRole, CaseStatus
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Role, Service, Spoke
from hubspoke.safety.models import (
    ChainHours,
    ChainStep,
    MeetingWith,
    SafetyProfile,
    Visit,
    VisitCaseLink,
    VisitEvent,
    VisitEventKind,
    VisitState,
)

PLACES = ("Costa, Market Street", "Library, Church Road", "McDonald's, retail park", "Leisure centre car park",
          "Youth club, Mill Lane", "Family home (address on the case)", "School: pastoral office",
          "Bus station café", "Community centre, Station Road")
VEHICLES = ("Blue Fiesta, DM19 XYZ", "Grey Corsa, DK68 ABC", "White Polo, DN70 QRS", "Red Yaris, DL21 TUV")


def demo_services() -> list[Service]:
    """The service whose people the demo's printed sign-ins are (Street Safe Lancashire), and the
    first other by name."""
    services = list(Service.objects.order_by("name"))
    first = [s for s in services if s.name == "Street Safe Lancashire"]
    return (first + [s for s in services if s not in first])[:2]


def seed_visits(*, seed: int) -> dict[str, int]:
    if Visit.objects.exists():
        return {}
    rng = random.Random(seed + 16)  # noqa: S311 - synthetic demo data, not secrets
    services = demo_services()
    now = timezone.now()
    created = {"safety profiles": 0, "alarm chain steps": 0, "lone-working visits": 0}
    for s_index, service in enumerate(services):
        staff = list(
            Membership.objects.filter(scoping.current_memberships_q())
            .filter(Q(service=service) | Q(spoke__service=service))
            .filter(role__in=[Role.SERVICE_MANAGER, Role.HUB_WORKER, Role.SPOKE_WORKER])
            .select_related("person").order_by("person__full_name")
        )
        managers = [m.person for m in staff if m.role == Role.SERVICE_MANAGER]
        for n, m in enumerate(staff):
            _, made = SafetyProfile.objects.get_or_create(person=m.person, defaults={
                "phone": f"07700 9{s_index}{n:04d}", "vehicle": VEHICLES[n % len(VEHICLES)],
                "buddy": managers[0] if managers and m.person != managers[0] else None,
            })
            created["safety profiles"] += made
        for position, spoke in enumerate(Spoke.objects.filter(service=service, host_agency__isnull=False)
                                         .select_related("host_agency").order_by("name")):
            ChainStep.objects.create(service=service, spoke=spoke, position=0, wait_minutes=10,
                                     label=f"{spoke.host_agency.name} duty desk",
                                     phone=f"07700 90{s_index}5{position:02d}")
            created["alarm chain steps"] += 1
        if managers:
            ChainStep.objects.create(service=service, position=0, label="Hub manager", person=managers[0],
                                     wait_minutes=10, hours=ChainHours.OFFICE)
        ChainStep.objects.create(service=service, position=1, label="On-call manager", phone=f"07700 90{s_index}600",
                                 wait_minutes=15, hours=ChainHours.OUT_OF_HOURS)
        created["alarm chain steps"] += 1 + bool(managers)
        leads = list(Allocation.objects.filter(role=AllocationRole.LEAD, ends_at__isnull=True,
                                               case__service=service, case__status=CaseStatus.OPEN)
                     .select_related("case__spoke", "worker").order_by("starts_at", "pk")[:6])
        for index, allocation in enumerate(leads):
            for week in range(4):
                started = (now - dt.timedelta(days=7 * week + rng.randint(1, 6))).replace(
                    hour=rng.choice((10, 13, 15, 16)), minute=rng.choice((0, 15, 30)))
                alarm = index == 0 and week == 2
                _visit(allocation, started=started, minutes=rng.choice((45, 60, 90)), place=rng.choice(PLACES),
                       alarm=alarm, manager=managers[0] if managers else None)
                created["lone-working visits"] += 1
        if leads and s_index == 0:
            live = leads[1] if len(leads) > 1 else leads[0]
            _visit(live, started=now - dt.timedelta(minutes=20), minutes=120, place="Youth club, Mill Lane",
                   live=True)
            created["lone-working visits"] += 1
    return created


def _visit(allocation, *, started, minutes, place, alarm=False, manager=None, live=False):
    worker, case = allocation.worker, allocation.case
    profile = SafetyProfile.objects.filter(person=worker).first()
    end = started + dt.timedelta(minutes=minutes)
    visit = Visit.objects.create(
        worker=worker, service=case.service, spoke=case.spoke, place=place, meeting_with=MeetingWith.YOUNG_PERSON,
        phone=profile.phone if profile else "", vehicle=profile.vehicle if profile else "",
        buddy=profile.buddy if profile else None, started_at=started, expected_end=end,
        state=VisitState.IN_PROGRESS if live else VisitState.FINISHED,
        next_action="amber" if live else "", next_action_at=end + dt.timedelta(minutes=5) if live else None,
        ended_at=None if live else end - dt.timedelta(minutes=5),
    )
    VisitCaseLink.objects.create(visit=visit, case=case)
    events = [(started, VisitEventKind.STARTED, worker.full_name)]
    if alarm and manager is not None:
        due = end
        visit.state, visit.ended_at = VisitState.RESOLVED, due + dt.timedelta(minutes=40)
        visit.amber_at, visit.alarm_at = due + dt.timedelta(minutes=5), due + dt.timedelta(minutes=20)
        visit.acknowledged_at, visit.acknowledged_by = due + dt.timedelta(minutes=26), manager.full_name
        visit.resolved_at, visit.resolved_by = due + dt.timedelta(minutes=40), manager
        visit.incident_note = ("Worker's phone ran out of battery in the leisure centre. The hub manager rang the "
                               "centre's reception, who found the worker safe and finishing the session. Worker to "
                               "carry the service's power bank; discussed at supervision.")
        visit.save()
        events += [(visit.amber_at, VisitEventKind.AMBER, ""), (visit.amber_at + dt.timedelta(minutes=5),
                   VisitEventKind.BUDDY, manager.full_name), (visit.alarm_at, VisitEventKind.RED, ""),
                   (visit.alarm_at, VisitEventKind.ESCALATED, "Hub manager"),
                   (visit.acknowledged_at, VisitEventKind.ACKNOWLEDGED, manager.full_name),
                   (visit.resolved_at, VisitEventKind.RESOLVED, manager.full_name)]
    elif not live:
        events.append((visit.ended_at, VisitEventKind.FINISHED, worker.full_name))
    VisitEvent.objects.bulk_create([VisitEvent(visit=visit, at=a, kind=k, by=b) for a, k, b in events])
    return visit
