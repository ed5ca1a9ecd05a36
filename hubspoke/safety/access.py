"""Who may see and record worker safety and support.

Supervision: a record's content (the cases discussed, the actions agreed, the wellbeing note)
is for its supervisee and its supervisor, and no one else; the service's other managers see
its date, kind and who, never its content; everyone else gets the same 404 as a record that
does not exist. A supervision is recorded by its supervisor: a manager of the service (any
kind), or for peer supervision a fellow member of the service's staff. Each service's
managers set how often each kind is due. Every read of a record's content is audited
(``audit.shown``)."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found
from hubspoke.audit.shown import shown
from hubspoke.network import access as network_access
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Service
from hubspoke.safety.models import Supervision, SupervisionKind
from hubspoke.safety.queries import supervision as supervision_queries

# --- Supervision ---------------------------------------------------------------------------


def require_staff_for_supervision(request) -> frozenset[int]:
    """The services this person works in; anyone else (partners, programme roles) a 404."""
    services = scoping.scope_for(request.user).member_service_ids
    if not services:
        raise deny_not_found(request=request, kind="safety.supervision", ref="list")
    return services


def may_read_supervision_content(user, found: Supervision) -> bool:
    return user.pk in (found.supervisee_id, found.supervisor_id)


def get_supervision_for(request, ref) -> tuple[Supervision, bool]:
    """A supervision record and whether this person may read its content: its supervisee and
    supervisor may (the read is audited); the service's other managers see its date and kind
    only; anyone else 404."""
    found = supervision_queries.supervision(ref)
    if found is None:
        raise deny_not_found(request=request, kind="safety.supervision", ref=ref)
    if may_read_supervision_content(request.user, found):
        shown(request, found)
        return found, True
    if scoping.can_manage_service(request.user, found.service_id):
        shown(request, found, what="summary_viewed")
        return found, False
    raise deny_not_found(request=request, kind="safety.supervision", ref=ref)


def kinds_recordable_by(user, service_id: int) -> list[str]:
    """The kinds this person may record at the service as supervisor: every kind for its
    managers, peer supervision for its other staff, none for anyone else."""
    if scoping.can_manage_service(user, service_id):
        return list(SupervisionKind.values)
    if service_id in scoping.scope_for(user).member_service_ids:
        return [SupervisionKind.PEER]
    return []


def get_supervisee_for(request, ref) -> Membership:
    """A current member of staff (by their membership) whom this person may supervise: at a
    service they manage, or a fellow member of staff of theirs (peer supervision). Themselves,
    and anyone else, 404."""
    membership = next((m for m, _ in supervision_queries.supervisable(request.user) if m.uuid == ref), None)
    if membership is None:
        raise deny_not_found(request=request, kind="safety.supervisee", ref=ref)
    return membership


def get_service_for_schedules(request, ref) -> Service:
    """A service's supervision schedules are set by its managers: its other staff 403, everyone
    else 404 (the network's rule for a service)."""
    return network_access.get_service_for(request, ref, to="manage")
