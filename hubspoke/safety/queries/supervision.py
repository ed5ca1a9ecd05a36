"""Reads for supervision: a person's records, one record, the cases that may be discussed,
the service's schedules, and where each person stands against them (what is due, what is
overdue), each a fixed number of queries however many people or records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from hubspoke.cases import queries as case_queries
from hubspoke.cases.models import Case, CaseStatus
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Membership
from hubspoke.safety.models import (
    STAFF_ROLES,
    Supervision,
    SupervisionCase,
    SupervisionKind,
    SupervisionSchedule,
    Visit,
)

KIND_ORDER = {kind: n for n, kind in enumerate(SupervisionKind.values)}


def service_id_of(membership: Membership) -> int | None:
    """The service a staff membership works in (a spoke worker's through their spoke)."""
    return membership.service_id or (membership.spoke.service_id if membership.spoke_id else None)


# --- Where people stand against their service's schedules ----------------------------------


@dataclass(frozen=True)
class KindStanding:
    kind: str
    last: dt.date | None  # the latest of this kind at the service, if any
    every_days: int | None  # how often the service expects it of the person's role (None: not expected)
    due_on: dt.date | None  # from the last one, or from when the person started, if never
    on: dt.date

    @property
    def label(self) -> str:
        return SupervisionKind(self.kind).label

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self.kind]

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.due_on < self.on

    @property
    def days_since(self) -> int | None:
        return (self.on - self.last).days if self.last else None


SHORT_LABELS = {
    SupervisionKind.CLINICAL: "Clinical",
    SupervisionKind.MANAGEMENT: "Management",
    SupervisionKind.GROUP_DEBRIEF: "Group debrief",
    SupervisionKind.PEER: "Peer",
}


def schedules_of(service_ids) -> dict[tuple[int, str], dict[str, int]]:
    """(service id, role) -> {kind: every_days}: one query."""
    found: dict[tuple[int, str], dict[str, int]] = {}
    for service_id, role, kind, every in SupervisionSchedule.objects.filter(service_id__in=list(service_ids)) \
            .values_list("service_id", "role", "kind", "every_days"):
        found.setdefault((service_id, role), {})[kind] = every
    return found


def latest_by_kind(person_ids, service_ids) -> dict[tuple[int, int, str], dt.date]:
    """(person id, service id, kind) -> the latest supervision's date: one grouped query."""
    rows = (Supervision.objects.filter(supervisee_id__in=list(person_ids), service_id__in=list(service_ids))
            .values("supervisee_id", "service_id", "kind").annotate(last=Max("held_on"))
            .values_list("supervisee_id", "service_id", "kind", "last"))
    return {(person, service, kind): last for person, service, kind, last in rows}


def standing_for(memberships, *, on: dt.date | None = None) -> dict[int, list[KindStanding]]:
    """Membership pk -> where that person stands, kind by kind (each kind their role is
    scheduled for, and any other kind they have had), in the kinds' order. Two queries for
    any number of memberships. A kind never held is due ``every_days`` after the membership
    started."""
    on = on or today()
    staff = [m for m in memberships if m.role in STAFF_ROLES and service_id_of(m)]
    service_ids = {service_id_of(m) for m in staff}
    if not staff:
        return {}
    schedules = schedules_of(service_ids)
    latest: dict[tuple[int, int], dict[str, dt.date]] = {}
    for (person, service, kind), last in latest_by_kind({m.person_id for m in staff}, service_ids).items():
        latest.setdefault((person, service), {})[kind] = last
    found: dict[int, list[KindStanding]] = {}
    for m in staff:
        service_id = service_id_of(m)
        expected = schedules.get((service_id, m.role), {})
        had = latest.get((m.person_id, service_id), {})
        rows = []
        for kind in sorted(set(expected) | set(had), key=KIND_ORDER.__getitem__):
            last, every = had.get(kind), expected.get(kind)
            due_on = (last or m.starts_on) + dt.timedelta(days=every) if every else None
            rows.append(KindStanding(kind=kind, last=last, every_days=every, due_on=due_on, on=on))
        found[m.pk] = rows
    return found


def staff_memberships_at(service_id: int, person_ids=None) -> QuerySet[Membership]:
    """The service's current staff (its managers, hub workers and the workers of its spokes)."""
    return staff_of([service_id], person_ids)


def staff_of(service_ids, person_ids=None) -> QuerySet[Membership]:
    service_ids = list(service_ids)
    found = (Membership.objects.filter(scoping.current_memberships_q(), role__in=STAFF_ROLES)
             .filter(Q(service_id__in=service_ids) | Q(spoke__service_id__in=service_ids))
             .select_related("person", "spoke", "service"))
    if person_ids is not None:
        found = found.filter(person_id__in=list(person_ids))
    return found.order_by("person__full_name", "pk")


def overdue_for(service, users, *, on: dt.date | None = None) -> dict[int, list[KindStanding]]:
    """Person id -> the kinds of supervision overdue for them at ``service`` (only people with
    something overdue). Three queries for any number of people."""
    memberships = list(staff_memberships_at(service.pk, [u.pk for u in users]))
    person_of = {m.pk: m.person_id for m in memberships}
    found: dict[int, list[KindStanding]] = {}
    for pk, rows in standing_for(memberships, on=on).items():
        for row in rows:
            # Someone with two roles at the service (rare) is listed once per kind.
            if row.overdue and all(r.kind != row.kind for r in found.get(person_of[pk], [])):
                found.setdefault(person_of[pk], []).append(row)
    return found


def people_overdue(memberships, *, on: dt.date | None = None) -> set[int]:
    """The people among these memberships with some kind of supervision overdue."""
    by_pk = {m.pk: m.person_id for m in memberships}
    return {by_pk[pk] for pk, rows in standing_for(memberships, on=on).items() if any(r.overdue for r in rows)}


# --- Records -------------------------------------------------------------------------------


def supervisions_of(user) -> QuerySet[Supervision]:
    """The records the person may read in full: as supervisee or as supervisor, newest first."""
    return (Supervision.objects.filter(Q(supervisee=user) | Q(supervisor=user))
            .select_related("supervisee", "supervisor", "service")
            .annotate(cases_count=Count("cases_discussed"))
            .order_by("-held_on", "-pk"))


def team_records(service_ids, *, exclude_person) -> QuerySet[Supervision]:
    """What a manager sees of their services' supervisions: dates, kinds and who (no content),
    leaving out those they read in full already."""
    return (Supervision.objects.filter(service_id__in=list(service_ids))
            .exclude(Q(supervisee=exclude_person) | Q(supervisor=exclude_person))
            .select_related("supervisee", "supervisor", "service")
            .only("uuid", "kind", "held_on", "service__name", "supervisee__full_name", "supervisor__full_name")
            .order_by("-held_on", "-pk"))


def supervision(ref) -> Supervision | None:
    return (Supervision.objects.filter(uuid=ref)
            .select_related("supervisee", "supervisor", "service", "recorded_by").first())


def cases_discussed(found: Supervision, *, viewer) -> tuple[list[Case], int]:
    """The cases discussed that ``viewer`` may see (a peer supervisor may not see them all),
    and how many others there were: one query."""
    links = list(SupervisionCase.objects.filter(supervision=found)
                 .select_related("case__young_person", "case__spoke").order_by("case__young_person__last_name"))
    visible = set(case_queries.cases_visible_to(viewer).filter(pk__in=[link.case_id for link in links])
                  .values_list("pk", flat=True)) if links else set()
    shown = [link.case for link in links if link.case_id in visible]
    return shown, len(links) - len(shown)


def discussable_cases(*, supervisee, service_id: int, actor) -> QuerySet[Case]:
    """The supervisee's caseload at the service (open cases they lead or co-work) that both
    they and the person recording may see: nothing out of either's scope is ever listed."""
    return (Case.objects.filter(service_id=service_id, status=CaseStatus.OPEN,
                                allocations__worker=supervisee, allocations__ends_at__isnull=True)
            .filter(scoping.records_q(supervisee)).filter(scoping.records_q(actor))
            .select_related("young_person").distinct().order_by("young_person__last_name", "pk"))


def group_members(found: Supervision) -> list[str]:
    """The names of the others in a group debrief (names only, never their records)."""
    if not found.group_ref:
        return []
    return list(Supervision.objects.filter(group_ref=found.group_ref).exclude(pk=found.pk)
                .order_by("supervisee__full_name").values_list("supervisee__full_name", flat=True))


def supervisable(actor) -> list[tuple[Membership, bool]]:
    """The people this person may record a supervision for, each with whether they manage
    them (any kind) or are a fellow member of staff (peer supervision only). One query."""
    scope = scoping.scope_for(actor)
    if not scope.member_service_ids:
        return []
    found = staff_of(scope.member_service_ids).exclude(person=actor)
    return [(m, service_id_of(m) in scope.managed_service_ids) for m in found]


def schedule_rows(service) -> dict[tuple[str, str], int]:
    return {(kind, role): every for (_, role), kinds in schedules_of([service.pk]).items()
            for kind, every in kinds.items()}


# --- Lone-working incidents, for review in supervision -------------------------------------
# An incident is a visit that raised an alarm (it went red, or duress was raised): open until
# it is resolved, with its note then.


def open_incidents(person_ids, service_ids) -> dict[int, int]:
    """Person id -> how many of their visits at these services raised an alarm not yet
    resolved: one query."""
    rows = (Visit.objects.filter(worker_id__in=list(person_ids), service_id__in=list(service_ids),
                                 alarm_at__isnull=False, resolved_at__isnull=True)
            .values("worker_id").annotate(n=Count("pk")).values_list("worker_id", "n"))
    return dict(rows)


def last_supervision_on(person, service_id: int) -> dt.date | None:
    return (Supervision.objects.filter(supervisee=person, service_id=service_id)
            .aggregate(last=Max("held_on"))["last"])


def incidents_since_last_supervision(person, service_id: int) -> tuple[dt.date | None, list[Visit]]:
    """The day of the person's last supervision of any kind at the service, and their visits
    there that raised an alarm on or after that day (every one, if they have never had one),
    oldest first: two queries."""
    last = last_supervision_on(person, service_id)
    found = Visit.objects.filter(worker=person, service_id=service_id, alarm_at__isnull=False)
    if last is not None:
        found = found.filter(alarm_at__gte=timezone.make_aware(dt.datetime.combine(last, dt.time.min)))
    return last, list(found.select_related("spoke").order_by("alarm_at", "pk"))
