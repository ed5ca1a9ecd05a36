"""Getting one subject access request, or the 404 that looks exactly like a missing one. The
service's managers handle requests; everyone else (its workers included) gets the ordinary 404.
Every page showing a request or what was gathered for it marks the young person's record as
shown (``audit.shown``), so the look is in the record's own access log."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found
from hubspoke.audit.shown import shown
from hubspoke.network import scoping
from hubspoke.network.models import Role
from hubspoke.referrals import access as referral_access
from hubspoke.referrals.models import YoungPerson
from hubspoke.rights.models import Bundle, Redaction, SubjectAccessRequest

PROGRAMME_VIEWERS = (Role.PROGRAMME_LEAD, Role.EVALUATOR, Role.ADMINISTRATOR)


def require_manager(request) -> None:
    if not scoping.scope_for(request.user).managed_service_ids:
        raise deny_not_found(request=request, kind="rights.subjectaccessrequest", ref="list")


def get_person_for(request, ref) -> YoungPerson:
    """A young person in a service the person manages (a worker who sees them gets the 404)."""
    person = referral_access.get_young_person_for(request, ref)
    if not scoping.can_manage_service(request.user, person.service_id):
        raise deny_not_found(request=request, kind="referrals.youngperson", ref=ref)
    return person


def get_request_for(request, ref) -> SubjectAccessRequest:
    sar = (SubjectAccessRequest.objects
           .filter(uuid=ref, service_id__in=scoping.scope_for(request.user).managed_service_ids)
           .select_related("young_person__service", "young_person__spoke", "service", "recorded_by", "frozen_by",
                           "signed_off_by").first())
    if sar is None:
        raise deny_not_found(request=request, kind="rights.subjectaccessrequest", ref=ref)
    shown(request, sar.young_person)
    return sar


def get_redaction_for(request, ref, mark_ref) -> Redaction:
    sar = get_request_for(request, ref)
    mark = sar.redactions.filter(uuid=mark_ref).first()
    if mark is None:
        raise deny_not_found(request=request, kind="rights.redaction", ref=mark_ref)
    mark.request = sar
    return mark


def get_bundle_for(request, ref, bundle_ref) -> Bundle:
    sar = get_request_for(request, ref)
    bundle = sar.bundles.filter(uuid=bundle_ref).first()
    if bundle is None:
        raise deny_not_found(request=request, kind="rights.bundle", ref=bundle_ref)
    bundle.request = sar
    return bundle


def programme_ids_for(request) -> frozenset[int]:
    """Programme leads, evaluators and administrators see the programme's counts; nobody else."""
    scope = scoping.scope_for(request.user)
    ids = frozenset(m.programme_id for m in scope.memberships if m.role in PROGRAMME_VIEWERS and m.programme_id)
    if not ids:
        raise deny_not_found(request=request, kind="rights.programme", ref="programme")
    return ids
