"""Every change to the network, in the network's own words. Each action runs in one
transaction, takes the acting person, and writes its audit row in that same transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.network.models import (
    ROLE_TARGET,
    Agency,
    Membership,
    Programme,
    Role,
    Service,
    Spoke,
)


@transaction.atomic
def add_service(*, actor, request=None, **fields) -> Service:
    service = Service(**fields)
    service.full_clean()
    service.save()
    audit.record(action="network.service.created", actor=actor, subject=service, request=request)
    return service


@transaction.atomic
def add_spoke(*, actor, request=None, **fields) -> Spoke:
    spoke = Spoke(**fields)
    spoke.full_clean()
    spoke.save()
    audit.record(
        action="network.spoke.created",
        actor=actor,
        subject=spoke,
        request=request,
        detail={"service": str(spoke.service.uuid)},
    )
    return spoke


@transaction.atomic
def add_membership(
    *,
    actor,
    person,
    role: str,
    place: Programme | Service | Spoke | Agency,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    caseload_capacity: int | None = None,
    request=None,
) -> Membership:
    """Give a person a role in one place. The place must be the kind the role attaches to
    (a spoke worker to a spoke, a manager to a service, a partner to an agency, a programme
    role to the programme)."""
    target = ROLE_TARGET[Role(role)]
    expected = {"programme": Programme, "service": Service, "spoke": Spoke, "agency": Agency}[target]
    if not isinstance(place, expected):
        raise ValidationError(
            f"A {Role(role).label.lower()} belongs to a {target}, not a {type(place).__name__.lower()}."
        )
    membership = Membership(
        person=person,
        role=role,
        starts_on=starts_on or today(),
        ends_on=ends_on,
        caseload_capacity=caseload_capacity,
        **{target: place},
    )
    membership.full_clean()
    membership.save()
    audit.record(
        action="network.membership.created",
        actor=actor,
        subject=membership,
        request=request,
        detail={"person": str(person.uuid), "role": role, "place": str(place.uuid)},
    )
    return membership


@transaction.atomic
def end_membership(
    *, actor, membership: Membership, reason: str, ends_on: dt.date | None = None, request=None
) -> Membership:
    """End a membership now (``ends_on=None``: access stops with the person's next request) or
    on a last day, today or later (access stops when that day is over). A planned last day can
    be brought forward or pushed back until it has passed; an ended membership stays ended.
    Nobody ends their own role."""
    if actor is not None and membership.person_id == actor.pk:
        raise ValidationError("Another manager or an administrator must end your own role.")
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    on = today()
    if locked.access_ended_at is not None or (locked.ends_on is not None and locked.ends_on < on):
        raise ValidationError("This role has already ended.")
    previous = locked.ends_on
    if ends_on is None:
        locked.ends_on = max(on, locked.starts_on)
        locked.access_ended_at = timezone.now()
    else:
        if ends_on < on:
            raise ValidationError({"ends_on": "The last day must be today or in the future"})
        if ends_on < locked.starts_on:
            raise ValidationError({"ends_on": "The last day must be on or after the day the role started"})
        locked.ends_on = ends_on
    locked.save(update_fields=["ends_on", "access_ended_at"])
    audit.record(
        action="network.membership.ended",
        actor=actor,
        subject=locked,
        request=request,
        detail={
            "person": str(locked.person.uuid),
            "role": locked.role,
            "immediately": ends_on is None,
            "ends_on": locked.ends_on.isoformat(),
            "previous_ends_on": previous.isoformat() if previous else None,
            # The reason is about staffing, not about a young person, so it may be kept.
            "reason": reason[:500],
        },
    )
    return locked
