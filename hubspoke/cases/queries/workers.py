"""Who may take work held at a service (and spoke)."""

from django.db.models import Q, QuerySet

from hubspoke.cases.queries.loads import with_loads
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Role


def workers_for(*, service_id: int, spoke_id: int | None) -> QuerySet[Membership]:
    """Who may take work held at this service (and spoke): the people who can see it
    (network.scoping) — the spoke's workers for work held at a spoke, the hub's workers for work
    held at the hub, and the service's managers for either; with their loads, see
    ``eligible_workers``. A hub worker cannot lead a spoke's case they would not be
    allowed to open."""
    q = Q(role=Role.SERVICE_MANAGER, service_id=service_id)
    q |= Q(role=Role.SPOKE_WORKER, spoke_id=spoke_id) if spoke_id else Q(role=Role.HUB_WORKER, service_id=service_id)
    return (
        Membership.objects.filter(scoping.current_memberships_q())
        .filter(q)
        .select_related("person", "spoke")
        .order_by("person__full_name", "pk")
    )


def eligible_workers(*, service_id: int, spoke_id: int | None) -> list[Membership]:
    """``workers_for`` with each one's load, the least loaded first: two queries."""
    return sorted(with_loads(workers_for(service_id=service_id, spoke_id=spoke_id)),
                  key=lambda m: (m.load, m.person.full_name))


def has_capacity(*, service_id: int, spoke_id: int | None) -> bool:
    """Whether anyone who could lead work held here (not counting managers) has room for one
    more case of ordinary weight."""
    return any(
        m.caseload_capacity and m.load + 1 <= m.caseload_capacity
        for m in eligible_workers(service_id=service_id, spoke_id=spoke_id)
        if m.role != Role.SERVICE_MANAGER
    )


def worker_here(*, service_id: int, spoke_id: int | None, person_ref: str):
    """The person (by their UUID, as posted) if they work where this is held, else None (also for
    an empty or malformed reference)."""
    return {str(m.person.uuid): m.person for m in workers_for(service_id=service_id, spoke_id=spoke_id)}.get(person_ref)
