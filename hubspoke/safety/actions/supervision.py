"""Recording supervision and setting how often each kind is due.

Each takes the acting person, runs in one transaction and writes its audit row there (kinds,
dates, counts and references, never the record's words); each checks again the rule it
enforces, whoever calls it."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.models import Case
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Service
from hubspoke.safety.access import kinds_recordable_by
from hubspoke.safety.models import STAFF_ROLES, Supervision, SupervisionCase, SupervisionKind, SupervisionSchedule
from hubspoke.safety.queries import supervision as queries

TEXT_MAX = 5000


def _current_staff_at(membership: Membership, service_id: int) -> bool:
    return (membership.role in STAFF_ROLES and queries.service_id_of(membership) == service_id
            and queries.staff_memberships_at(service_id).filter(pk=membership.pk).exists())


@transaction.atomic
def record_supervision(*, actor: User, supervisee: Membership, kind: str, held_on: dt.date | None,
                       actions_agreed: str = "", wellbeing_note: str = "", cases: list[Case] = (),
                       others: list[Membership] = (), request=None) -> list[Supervision]:
    """The supervisor (``actor``) records a supervision of ``supervisee`` (a current member of
    staff of the service, by their membership), with the cases of theirs discussed: only cases
    in their caseload there that both of them may see. A manager of the service records any
    kind; a fellow member of its staff, peer supervision only. For a group debrief, ``others``
    are the rest of the group: each gets their own record of the date, kind and actions agreed
    (their wellbeing and cases are theirs to bring to their own supervision)."""
    service_id = queries.service_id_of(supervisee)
    if service_id is None or not _current_staff_at(supervisee, service_id):
        raise PermissionDenied("Supervision is recorded for the service's current staff.")
    allowed = kinds_recordable_by(actor, service_id)
    if not allowed:
        raise PermissionDenied("Only the service's managers and staff record supervision there.")
    errors: dict[str, str] = {}
    if supervisee.person_id == actor.pk:
        errors["kind"] = "Someone else supervises you: you cannot record your own supervision"
    if kind not in SupervisionKind.values:
        errors["kind"] = "Select the kind of supervision"
    elif kind not in allowed:
        errors["kind"] = "Only the service's managers record this kind of supervision: you can record peer supervision"
    if held_on is None:
        errors["held_on"] = "Enter the date it was held"
    elif held_on > today():
        errors["held_on"] = "The date it was held must be today or in the past"
    for name, text in (("actions_agreed", actions_agreed), ("wellbeing_note", wellbeing_note)):
        if len(text) > TEXT_MAX:
            errors[name] = f"Keep it to {TEXT_MAX} characters or fewer"
    discussable = set(queries.discussable_cases(supervisee=supervisee.person, service_id=service_id, actor=actor)
                      .values_list("pk", flat=True))
    if any(case.pk not in discussable for case in cases):
        errors["cases"] = "Select only cases from their caseload that you can both see"
    others = list(others)
    if others and kind != SupervisionKind.GROUP_DEBRIEF:
        errors["others"] = "Only a group debrief is recorded for others too"
    people = {supervisee.person_id}
    for other in others:
        if other.person_id in people or other.person_id == actor.pk \
                or not _current_staff_at(other, service_id):
            errors["others"] = "Select others in the group from the service's staff, once each, and not yourself"
            break
        people.add(other.person_id)
    if errors:
        raise ValidationError(errors)
    group_ref = uuid.uuid4() if others else None
    now = timezone.now()
    made = []
    for member, own in [(supervisee, True), *((o, False) for o in others)]:
        found = Supervision.objects.create(
            service_id=service_id, supervisee_id=member.person_id, supervisor=actor, kind=kind, held_on=held_on,
            actions_agreed=actions_agreed.strip(), wellbeing_note=wellbeing_note.strip() if own else "",
            group_ref=group_ref, recorded_at=now, recorded_by=actor)
        discussed = list(cases) if own else []
        SupervisionCase.objects.bulk_create(SupervisionCase(supervision=found, case=case) for case in discussed)
        audit.record(action="safety.supervision.recorded", actor=actor, subject=found, request=request, detail={
            "kind": kind, "held_on": held_on.isoformat(), "supervisee": str(member.person.uuid),
            "cases": [str(case.uuid) for case in discussed], "group": str(group_ref) if group_ref else "",
        })
        made.append(found)
    return made


@transaction.atomic
def set_schedules(*, actor: User, service: Service, every: dict[tuple[str, str], int | None],
                  request=None) -> dict[tuple[str, str], int]:
    """A manager of the service says how often each kind is due for each staff role (``every``:
    (kind, role) -> days, or None for "not expected"). Rows not named are left as they are."""
    if not scoping.can_manage_service(actor, service.pk):
        raise PermissionDenied("Only the service's managers set how often supervision is due.")
    errors = {}
    for (kind, role), days in every.items():
        if kind not in SupervisionKind.values or role not in STAFF_ROLES:
            raise ValidationError("Choose a kind of supervision and a staff role")
        if days is not None and not 1 <= days <= 730:
            errors[f"{role}__{kind}"] = "Enter a number of days from 1 to 730, or leave it empty"
    if errors:
        raise ValidationError(errors)
    existing = {(s.kind, s.role): s for s in SupervisionSchedule.objects.select_for_update().filter(service=service)}
    before = {f"{role}:{kind}": s.every_days for (kind, role), s in existing.items()}
    now = timezone.now()
    for (kind, role), days in every.items():
        row = existing.get((kind, role))
        if days is None and row is not None:
            row.delete()
        elif days is not None and row is None:
            SupervisionSchedule.objects.create(service=service, kind=kind, role=role, every_days=days,
                                               updated_at=now, updated_by=actor)
        elif days is not None and row.every_days != days:
            row.every_days, row.updated_at, row.updated_by = days, now, actor
            row.save(update_fields=["every_days", "updated_at", "updated_by"])
    after = queries.schedule_rows(service)
    changed = {f"{role}:{kind}": days for (kind, role), days in after.items()}
    if changed != before:
        audit.record(action="safety.schedule.changed", actor=actor, subject=service, request=request,
                     detail={"before": before, "after": changed})
    return after
