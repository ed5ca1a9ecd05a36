"""Who may see what: the one place where Hubspoke decides it.

Every rule starts from the memberships a person holds *today*. They are read once per request
(cached on the request's user object, which Django builds anew for every request), so ending a
membership takes effect on the person's very next request.

The rules:
- a **service manager** sees their whole service: the hub and every spoke;
- a **hub worker** sees the hub's own records (those not held at a spoke);
- a **spoke worker** sees the records of their spoke;
- a **partner** sees only what their agency sent, or what is shared with it;
- **programme leads, evaluators, exchange leads and administrators** see the network's
  structure and aggregates only: no page about a young person, ever.

Later apps narrow these further (a worker's caseload) but never widen them. A view never
decides access itself: it calls its app's ``access.py``, which calls this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from hubspoke.lib.dates import today
from hubspoke.network.models import Membership, Role, Service, Spoke

PERSON_LEVEL_ROLES = frozenset({Role.SPOKE_WORKER, Role.HUB_WORKER, Role.SERVICE_MANAGER, Role.PARTNER})
PROGRAMME_ROLES = frozenset({Role.PROGRAMME_LEAD, Role.EVALUATOR, Role.EXCHANGE_LEAD, Role.ADMINISTRATOR})

# When a person holds several roles, their home page is that of the first role in this order.
ROLE_PRIORITY = (
    Role.SERVICE_MANAGER,
    Role.HUB_WORKER,
    Role.SPOKE_WORKER,
    Role.PARTNER,
    Role.PROGRAMME_LEAD,
    Role.EVALUATOR,
    Role.EXCHANGE_LEAD,
    Role.ADMINISTRATOR,
)


@dataclass(frozen=True)
class Scope:
    memberships: tuple[Membership, ...] = ()
    roles: frozenset[str] = frozenset()
    managed_service_ids: frozenset[int] = frozenset()
    hub_service_ids: frozenset[int] = frozenset()
    spoke_ids: frozenset[int] = frozenset()
    agency_ids: frozenset[int] = frozenset()
    programme_ids: frozenset[int] = frozenset()
    # Services a person works in at all (managers, hub and spoke workers): their team pages.
    member_service_ids: frozenset[int] = field(default=frozenset())

    @property
    def primary_role(self) -> str | None:
        return next((role for role in ROLE_PRIORITY if role in self.roles), None)

    @property
    def sees_people(self) -> bool:
        """Whether this person may ever open a page about a young person."""
        return bool(self.roles & PERSON_LEVEL_ROLES)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


EMPTY_SCOPE = Scope()


def current_memberships_q(prefix: str = "") -> Q:
    """Memberships in force now: started, not past their last day, and not ended at once."""
    on = today()
    return (
        Q(**{f"{prefix}starts_on__lte": on})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on}))
        & Q(**{f"{prefix}access_ended_at__isnull": True})
    )


def scope_for(user) -> Scope:
    """The person's scope from their current memberships: one query per request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_hubspoke_scope", None)
    if cached is not None:
        return cached
    memberships = tuple(
        Membership.objects.filter(current_memberships_q(), person=user)
        .select_related("service", "spoke__service", "agency", "programme")
        .order_by("pk")
    )
    by_role: dict[str, set[int]] = {}
    for m in memberships:
        by_role.setdefault(m.role, set()).add(m.spoke_id or m.service_id or m.agency_id or m.programme_id)
    managed = frozenset(by_role.get(Role.SERVICE_MANAGER, ()))
    hub = frozenset(by_role.get(Role.HUB_WORKER, ()))
    spokes = frozenset(by_role.get(Role.SPOKE_WORKER, ()))
    spoke_services = frozenset(m.spoke.service_id for m in memberships if m.role == Role.SPOKE_WORKER)
    scope = Scope(
        memberships=memberships,
        roles=frozenset(m.role for m in memberships),
        managed_service_ids=managed,
        hub_service_ids=hub,
        spoke_ids=spokes,
        agency_ids=frozenset(by_role.get(Role.PARTNER, ())),
        programme_ids=frozenset(m.programme_id for m in memberships if m.role in PROGRAMME_ROLES),
        member_service_ids=managed | hub | spoke_services,
    )
    user._hubspoke_scope = scope
    return scope


def describe_actor(user) -> tuple[str, str]:
    """(role, organisation) written on audit rows: the person's primary role today."""
    scope = scope_for(user)
    role = scope.primary_role
    if role is None:
        return ("", "")
    membership = next(m for m in scope.memberships if m.role == role)
    place = membership.place
    organisation = getattr(place, "organisation", None) or str(place)
    if membership.spoke_id:
        organisation = membership.spoke.service.organisation
    return (role, organisation)


# --- Record-level rule, for every app holding young people's data -----------------------


def records_q(user, *, service: str = "service", spoke: str = "spoke", agency: str | None = None) -> Q:
    """A Q object selecting the records this person may see, for a model whose records belong
    to a service and optionally a spoke (and, for partner access, an agency that sent or was
    given them). Names are the model's field paths. An empty scope selects nothing."""
    scope = scope_for(user)
    q = Q(pk__in=[])  # matches nothing
    if scope.managed_service_ids:
        q |= Q(**{f"{service}_id__in": scope.managed_service_ids})
    if scope.hub_service_ids:
        q |= Q(**{f"{service}_id__in": scope.hub_service_ids, f"{spoke}__isnull": True})
    if scope.spoke_ids:
        q |= Q(**{f"{spoke}_id__in": scope.spoke_ids})
    if agency and scope.agency_ids:
        q |= Q(**{f"{agency}_id__in": scope.agency_ids})
    return q


def filter_records(queryset: QuerySet, user, **fields) -> QuerySet:
    return queryset.filter(records_q(user, **fields))


# --- The network itself -------------------------------------------------------------------


def services_visible_to(user) -> QuerySet[Service]:
    """Services whose page a person may open: the ones they work in, or every service of their
    programme for programme-level roles. Partners see none."""
    scope = scope_for(user)
    q = Q(pk__in=scope.member_service_ids)
    if scope.programme_ids:
        q |= Q(programme_id__in=scope.programme_ids)
    return Service.objects.filter(q)


def spokes_visible_to(user) -> QuerySet[Spoke]:
    scope = scope_for(user)
    q = Q(service_id__in=scope.managed_service_ids | scope.hub_service_ids) | Q(pk__in=scope.spoke_ids)
    if scope.programme_ids:
        q |= Q(service__programme_id__in=scope.programme_ids)
    return Spoke.objects.filter(q)


def can_manage_service(user, service_id: int) -> bool:
    return service_id in scope_for(user).managed_service_ids


def is_administrator(user) -> bool:
    return Role.ADMINISTRATOR in scope_for(user).roles


# --- What is shared with an agency ----------------------------------------------------------
# A partner sees a young person only through what has been disclosed to their agency. The rule
# is the sharing app's (it holds the disclosures, above this layer) and is given at start-up
# with ``provide_shared_rule``; until then nothing is shared with anyone. Every page a partner
# opens about a young person asks this function, so the answer is decided here, once.

_shared_rule: list = [lambda agency_ids, field: Q(pk__in=[])]


def provide_shared_rule(rule) -> None:
    """``rule(agency_ids, field) -> Q``: records whose young person (``field``, a path to a
    young person's id) has had information disclosed to one of the agencies."""
    _shared_rule[0] = rule


def shared_with_partner_q(user, *, young_person: str = "pk") -> Q:
    """A Q selecting the young people (through ``young_person``, the path to a young person's
    id, ``pk`` on the young person itself) whose information was disclosed to the person's
    agency. Nothing for anyone who is not a partner today."""
    agency_ids = scope_for(user).agency_ids
    if not agency_ids:
        return Q(pk__in=[])
    return _shared_rule[0](agency_ids, young_person)
