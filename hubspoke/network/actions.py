"""Every change to the network, in the network's own words. Each action runs in one
transaction, takes the acting person, and writes its audit row in that same transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib.dates import format_date, today
from hubspoke.network import scoping
from hubspoke.network.models import (
    ROLE_TARGET,
    Agency,
    CoWorkedCases,
    Membership,
    Post,
    Programme,
    Role,
    Service,
    Spoke,
    WaitingListPolicy,
)

# A service's referral policy: what its managers may change themselves, and the bounds each
# number must keep (ages in years; targets in England's working days).
POLICY_FIELDS = (
    "waiting_list_policy",
    "min_age",
    "max_age",
    "decision_target_working_days",
    "first_contact_target_working_days",
    "workers_may_triage",
    "co_worked_cases",
    "supports_to_25",
    "stories_need_manager_check",
    "feedback_every_weeks",
    "feedback_link_days",
)
AGE_LIMITS = (5, 25)
DECISION_TARGET_LIMITS = (1, 20)
FIRST_CONTACT_TARGET_LIMITS = (1, 30)
FEEDBACK_EVERY_WEEKS_LIMITS = (4, 26)
FEEDBACK_LINK_DAYS_LIMITS = (1, 14)
POLICY_LIMITS = {
    "min_age": ("The youngest age", AGE_LIMITS),
    "max_age": ("The oldest age", AGE_LIMITS),
    "decision_target_working_days": ("The decision target", DECISION_TARGET_LIMITS),
    "first_contact_target_working_days": ("The first contact target", FIRST_CONTACT_TARGET_LIMITS),
    "feedback_every_weeks": ("How often feedback falls due", FEEDBACK_EVERY_WEEKS_LIMITS),
    "feedback_link_days": ("How long a feedback link works", FEEDBACK_LINK_DAYS_LIMITS),
}


@transaction.atomic
def add_service(*, actor: User, request=None, **fields) -> Service:
    service = Service(**fields)
    service.full_clean()
    service.save()
    audit.record(action="network.service.created", actor=actor, subject=service, request=request)
    return service


@transaction.atomic
def add_spoke(*, actor: User, request=None, **fields) -> Spoke:
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
    actor: User | None,  # None: the first administrator, made by create_administrator
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
    *, actor: User, membership: Membership, reason: str, ends_on: dt.date | None = None, request=None
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


def check_service_policy(policy: dict) -> None:
    """A policy's numbers are within their bounds and the youngest age is not above the oldest.
    Errors name the field so that a form can put them beside it."""
    errors = {}
    if "waiting_list_policy" in policy and policy["waiting_list_policy"] not in WaitingListPolicy.values:
        errors["waiting_list_policy"] = "Select whether the service keeps a waiting list"
    if "co_worked_cases" in policy and policy["co_worked_cases"] not in CoWorkedCases.values:
        errors["co_worked_cases"] = "Select how co-worked cases count in a worker's load"
    for name, (label, (low, high)) in POLICY_LIMITS.items():
        value = policy.get(name)
        if value is not None and not low <= value <= high:
            errors[name] = f"{label} must be between {low} and {high}"
    youngest, oldest = policy.get("min_age"), policy.get("max_age")
    in_bounds = "min_age" not in errors and "max_age" not in errors
    if in_bounds and youngest is not None and oldest is not None and youngest > oldest:
        errors["min_age"] = "The youngest age must be the same as or lower than the oldest age"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_service_policy(*, actor: User, service: Service, changes: dict, request=None) -> dict[str, dict]:
    """Change a service's referral policy (``POLICY_FIELDS``). Only the service's own managers
    may. Returns what changed, field by field, with the values before and after; a change that
    leaves every value as it was is no change and writes no audit row."""
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValueError(f"Not part of a service's referral policy: {sorted(unknown)}")
    if actor is None or not scoping.can_manage_service(actor, service.pk):
        raise PermissionDenied("Only the service's managers change its referral policy.")
    locked = Service.objects.select_for_update().get(pk=service.pk)
    check_service_policy({**{name: getattr(locked, name) for name in POLICY_FIELDS}, **changes})
    changed = {
        name: {"before": getattr(locked, name), "after": value}
        for name, value in changes.items()
        if getattr(locked, name) != value
    }
    if not changed:
        return changed
    for name, values in changed.items():
        setattr(locked, name, values["after"])
    locked.save(update_fields=list(changed))
    audit.record(
        action="network.service.policy_changed",
        actor=actor,
        subject=locked,
        request=request,
        # Field name -> {"before", "after"}: policy values, nothing about a person.
        detail=changed,
    )
    return changed


def post_vacancy_errors(
    *, starts_on: dt.date | None, ends_on: dt.date | None, vacancies: list[tuple[dt.date, dt.date | None]]
) -> list[dict[str, str]]:
    """What is wrong with each of a post's vacancies (``(starts_on, ends_on)``, ``ends_on`` empty
    while still vacant), given the post's own dates: one dict per vacancy, in the order given,
    from the field at fault to its message (empty when the vacancy is right). A vacancy lies
    within the post's dates (an empty start is before records began, so nothing is before it;
    an ended post has no vacancy still open) and no two vacancies of one post share a day."""
    errors: list[dict[str, str]] = [{} for _ in vacancies]
    for error, (first, last) in zip(errors, vacancies, strict=True):
        if last is not None and last < first:
            error["ends_on"] = "The date the vacancy ends must be the same as or after the date it starts"
        post_starts = format_date(starts_on) if starts_on else ""
        post_ends = format_date(ends_on) if ends_on else ""
        if starts_on is not None and first < starts_on:
            error["starts_on"] = f"The vacancy must start on or after the day the post starts ({post_starts})"
        elif ends_on is not None and first > ends_on:
            error["starts_on"] = f"The vacancy must start on or before the day the post ends ({post_ends})"
        if ends_on is not None and "ends_on" not in error:
            if last is None:
                error["ends_on"] = f"Enter the date the vacancy ends: the post ends on {post_ends}"
            elif last > ends_on:
                error["ends_on"] = f"The vacancy must end on or before the day the post ends ({post_ends})"
    # Overlaps, in date order: each vacancy against the one seen so far that ends last (a
    # vacancy that ends before it starts is already wrong, and left out).
    ordered = sorted((i for i, (first, last) in enumerate(vacancies) if last is None or last >= first),
                     key=lambda i: vacancies[i][0])
    latest: int | None = None
    for i in ordered:
        first, last = vacancies[i]
        if latest is not None:
            l_first, l_last = vacancies[latest]
            if l_last is None or first <= l_last:
                until = format_date(l_last) if l_last else "now"
                errors[i].setdefault(
                    "starts_on", f"The vacancy must not overlap the one from {format_date(l_first)} to {until}")
        if latest is None or (vacancies[latest][1] is not None and (last is None or last > vacancies[latest][1])):
            latest = i
    return errors


def check_post_vacancies(*, post: Post, vacancies: list[tuple[dt.date, dt.date | None]]) -> None:
    """The whole of a post's vacancies keep ``post_vacancy_errors``' rules; raises with every
    problem, numbered by vacancy, for callers without a form to put them beside."""
    errors = post_vacancy_errors(starts_on=post.starts_on, ends_on=post.ends_on, vacancies=vacancies)
    messages = [f"Vacancy {n}: {message}" for n, error in enumerate(errors, start=1) for message in error.values()]
    if messages:
        raise ValidationError(messages)
