"""Who may reach a lone-working visit.

- The worker: their own visits, and nobody else's (``get_own_visit``).
- Responders (``get_visit_for_responder``): the service's managers, and, while they work at
  the service, the worker's buddy for that visit and the people named on its alarm chain.
  Everyone else gets the same 404 as a visit that does not exist.
- The linked case's address (``linked_address``) only while an alarm is raised and not yet
  resolved, to a responder, and every look is audited on the young person's record. It is the
  one thing a responder may see without being in the young person's scope: a worker's safety
  comes first, and the look is accountable.
- The safety board: the service's managers (``require_board``); programme roles see counts.

Supervision (the ``*supervision*`` and ``*supervisee*`` getters below): a record's content
(the cases discussed, the actions agreed, the wellbeing note) is for its supervisee and its
supervisor, and no one else; the service's other managers see its date, kind and who, never
its content; everyone else gets the same 404 as a record that does not exist. A supervision is
recorded by its supervisor: a manager of the service (any kind), or for peer supervision a
fellow member of the service's staff. Each service's managers set how often each kind is due.
Every read of a record's content is audited (``audit.shown``)."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found
from hubspoke.audit.shown import shown
from hubspoke.cases import access as case_access
from hubspoke.network import access as network_access
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Service
from hubspoke.referrals.models import YoungPersonContact
from hubspoke.safety import queries
from hubspoke.safety.models import Supervision, SupervisionKind, Visit, VisitState
from hubspoke.safety.queries import supervision as supervision_queries


def require_visiting_staff(request):
    """Hub and spoke staff (and managers) start visits; anyone else: 404."""
    scope = scoping.scope_for(request.user)
    if not scope.member_service_ids:
        raise deny_not_found(request=request, kind="safety.visit", ref="start")
    return scope


def get_case_for_visit(request, ref):
    """The case a visit is started from: one the worker may record on (the case's own rules:
    out of scope 404). One they may only read starts an ad hoc visit instead (None)."""
    case = case_access.get_case_for(request, ref)
    return case if case_access.may_record(request.user, case) else None


def get_own_visit(request, ref) -> Visit:
    visit = queries.visit(ref)
    if visit is None or visit.worker_id != request.user.pk:
        raise deny_not_found(request=request, kind="safety.visit", ref=ref)
    return visit


def may_respond(user, visit: Visit) -> bool:
    """The service's managers; and, while they still work at the service, the worker's buddy
    and the people on its alarm chain (a buddy or chain person who has left is told nothing
    more and sees nothing: ``scope_for`` reads current memberships only)."""
    scope = scoping.scope_for(user)
    if visit.service_id in scope.managed_service_ids:
        return True
    if visit.service_id not in scope.member_service_ids or visit.worker_id == user.pk:
        return False
    return visit.buddy_id == user.pk or queries.on_chain(user, visit.service_id)


def get_visit_for_responder(request, ref) -> Visit:
    visit = queries.visit(ref)
    if visit is None or not may_respond(request.user, visit):
        raise deny_not_found(request=request, kind="safety.visit", ref=ref)
    return visit


def require_board(request) -> frozenset[int]:
    managed = scoping.scope_for(request.user).managed_service_ids
    if not managed:
        raise deny_not_found(request=request, kind="safety.board", ref="board")
    return managed


def require_programme(request) -> frozenset[int]:
    """Programme roles see counts of visits in each state, never a worker or a place."""
    programmes = scoping.scope_for(request.user).programme_ids
    if not programmes:
        raise deny_not_found(request=request, kind="safety.counts", ref="programme")
    return programmes


def require_chain_manager(request, service_ref) -> object:
    service = queries.service(service_ref)
    if service is None or not scoping.can_manage_service(request.user, service.pk):
        raise deny_not_found(request=request, kind="safety.chain", ref=service_ref)
    return service


def linked_address(request, visit: Visit) -> YoungPersonContact | None:
    """The linked case's address, during an alarm only; audited. None when there is no link,
    no address, or no alarm."""
    if visit.state not in (VisitState.RED, VisitState.ACKNOWLEDGED):
        return None
    case = queries.linked_case(visit)
    if case is None:
        return None
    contact = YoungPersonContact.objects.filter(young_person_id=case.young_person_id).first()
    if contact is None or not (contact.address or contact.postcode):
        return None
    # Audited as a look at the young person's contact details (a GET writes nothing else).
    shown(request, case.young_person, what="contact_viewed")
    return contact


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
