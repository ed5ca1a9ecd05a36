"""Who may see waiting lists, caseloads and cases, and allocate."""

import uuid
from typing import Literal

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.audit.shown import shown
from hubspoke.cases import chronology, queries
from hubspoke.cases.models import Case, CaseStatus, CaseTransfer, PlanAction
from hubspoke.network import access as network_access
from hubspoke.network import scoping
from hubspoke.network.models import Membership
from hubspoke.referrals import access as referral_access
from hubspoke.referrals.models import Referral

Purpose = Literal["view", "record", "manage"]


def require_staff(request) -> None:
    referral_access.require_staff(request)


def require_manager(request) -> frozenset[int]:
    """Team caseloads are for service managers; anyone else gets the same 404 as a missing page."""
    return network_access.require_manager(request, kind="cases.team", ref="caseload")


def get_referral_to_allocate(request, ref) -> Referral:
    """Managers allocate their service's referrals; other staff who can see the referral get
    403; everyone else 404 (the referrals app's manager rule)."""
    return referral_access.get_referral_for_manager(request, ref)


def get_case_for(request, ref, *, to: Purpose = "view") -> Case:
    """A case within the person's scope (404 otherwise). To record on an open case, its lead
    worker or a manager of its service; to change who leads it, a manager. Other staff who can
    see the case get 403."""
    case = queries.case_detail(request.user).filter(uuid=ref).first()
    if case is None:
        raise deny_not_found(request=request, kind="cases.case", ref=ref)
    if to == "manage" and not scoping.can_manage_service(request.user, case.service_id):
        raise deny_read_only(request=request, kind="cases.case", ref=ref)
    if to == "record" and not may_record(request.user, case):
        raise deny_read_only(request=request, kind="cases.case", ref=ref)
    shown(request, case)
    return case


def get_case_for_manager(request, ref) -> Case:
    return get_case_for(request, ref, to="manage")


def may_record(user, case: Case) -> bool:
    """Recording on a case (first contact now; contacts and plans later) is for its lead
    worker and its service's managers, while it is open."""
    if case.status != CaseStatus.OPEN:
        return False
    if scoping.can_manage_service(user, case.service_id):
        return True
    return case.allocations.filter(worker=user, ends_at__isnull=True).exists()


def get_team_member(request, ref) -> Membership:
    """Someone in a team the person manages; anyone else is a 404."""
    require_manager(request)
    member = queries.team_member(request.user, ref)
    if member is None:
        raise deny_not_found(request=request, kind="cases.team", ref=ref)
    return member


def may_read_restricted(user, case: Case) -> bool:
    """Restricted contact notes: the case's current allocated workers and the service's
    managers, whether or not the case is still open."""
    if scoping.can_manage_service(user, case.service_id):
        return True
    return case.allocations.filter(worker=user, ends_at__isnull=True).exists()


def get_restricted_contact_for(request, case_ref, contact_ref):
    """A contact with a restricted note: 404 outside the case's scope, 403 (audited) for staff
    who may see the case but not its restricted notes."""
    case = get_case_for(request, case_ref)
    contact = case.contacts.select_related("recorded_by").filter(uuid=contact_ref).first()
    if contact is None:
        raise deny_not_found(request=request, kind="cases.contact", ref=contact_ref)
    if not may_read_restricted(request.user, case):
        raise deny_read_only(request=request, kind="cases.case", ref=case_ref)
    shown(request, case, action="cases.contact.restricted_note_viewed", detail={"contact": str(contact.uuid)})
    return case, contact


def get_goal(request, case: Case, ref):
    goal = case.goals.filter(uuid=ref).select_related("case").first()
    if goal is None:
        raise deny_not_found(request=request, kind="cases.plangoal", ref=ref)
    return goal


def get_plan_action(request, case: Case, ref):
    found = PlanAction.objects.filter(goal__case=case, uuid=ref).select_related("goal__case").first()
    if found is None:
        raise deny_not_found(request=request, kind="cases.planaction", ref=ref)
    return found


def _not_an_event(request, case: Case):
    return deny_not_found(request=request, kind="cases.chronology", ref=case.uuid)


def get_event_of(request, case: Case, ref: str) -> uuid.UUID:
    """An event of this case's chronology, by its reference as posted: only such an event is
    marked, never a reference to nothing (404 otherwise)."""
    try:
        event = uuid.UUID(ref)
    except ValueError:
        raise _not_an_event(request, case) from None
    if str(event) not in {e.ref for e in chronology.events_for(case, may_read_restricted=True)}:
        raise _not_an_event(request, case)
    return event


def get_missing_episode_for(request, case_ref, episode_ref):
    """An episode with its restricted details: 404 outside the case's scope, 403 (audited) for
    staff who may see the case but not its restricted details."""
    case = get_case_for(request, case_ref)
    episode = case.missing_episodes.filter(uuid=episode_ref).first()
    if episode is None:
        raise deny_not_found(request=request, kind="cases.missingepisode", ref=episode_ref)
    if not may_read_restricted(request.user, case):
        raise deny_read_only(request=request, kind="cases.case", ref=case_ref)
    shown(request, case, action="cases.missing.restricted_viewed", detail={"episode": str(episode.uuid)})
    return case, episode


def read_only(request, case: Case):
    return deny_read_only(request=request, kind="cases.case", ref=case.uuid)


def get_incoming_transfer_for(request, ref):
    """A transfer waiting for, or answered by, a service this person manages: 404 otherwise."""
    transfer = (
        CaseTransfer.objects.filter(uuid=ref, to_service_id__in=scoping.scope_for(request.user).managed_service_ids)
        .select_related("case__young_person", "case__service", "case__spoke", "to_service", "to_spoke",
                        "requested_by", "decided_by")
        .first()
    )
    if transfer is None:
        raise deny_not_found(request=request, kind="cases.casetransfer", ref=ref)
    shown(request, transfer.case, what="transfer_viewed")
    return transfer
