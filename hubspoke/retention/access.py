"""Getting one retention record for one person, or the 404 that looks exactly like a missing
one. A young person's record and a referral are reached through the referrals app's own
getters (so each look is audited as a look at the record), and only by the service's managers.
A disposal and its certificate are reached by the service's managers and its data protection
lead: their pages show no young person's details, so an administrator who is a lead still
never sees a page about a young person."""

from __future__ import annotations

from hubspoke.audit.guard import deny_not_found
from hubspoke.audit.shown import shown
from hubspoke.network import scoping
from hubspoke.referrals import access as referral_access
from hubspoke.referrals.models import YoungPerson
from hubspoke.retention import queries
from hubspoke.retention.models import Disposal, DisposalCertificate, LegalHold


def require_schedule_reader(request) -> set[int]:
    """The schedule is for every member of staff and the programme's own roles; partners and
    anyone else get the ordinary 404. Returns the programmes it shows."""
    programmes = queries.programme_ids_for_schedule(request.user)
    if not programmes:
        raise deny_not_found(request=request, kind="retention.schedule", ref="schedule")
    return programmes


def require_administrator(request) -> set[int]:
    programmes = queries.administered_programme_ids(request.user)
    if not programmes:
        raise deny_not_found(request=request, kind="retention.schedule", ref="administrator")
    return programmes


def require_manager(request) -> frozenset[int]:
    managed = scoping.scope_for(request.user).managed_service_ids
    if not managed:
        raise deny_not_found(request=request, kind="retention.due", ref="managers")
    return managed


def deciding_service_ids(user) -> set[int]:
    """Services whose disposals and certificates this person sees: managed or led."""
    return set(scoping.scope_for(user).managed_service_ids) | queries.led_service_ids(user)


def require_decider(request) -> set[int]:
    services = deciding_service_ids(request.user)
    if not services:
        raise deny_not_found(request=request, kind="retention.certificate", ref="list")
    return services


def get_record_for(request, ref) -> queries.RecordState:
    """A young person's record, or a referral declined or closed without one, of a service
    the person manages (the look audited through the referrals app's getters); the same 404
    for anything else."""
    if YoungPerson.objects.filter(uuid=ref).exists():
        person = referral_access.get_young_person_for_manager(request, ref)
        return queries.state_of_person(person)
    referral = referral_access.get_referral_for_manager(request, ref)
    state = queries.state_of_referral(referral)
    if state is None:
        raise deny_not_found(request=request, kind="referrals.referral", ref=ref)
    return state


def get_hold_for(request, ref) -> LegalHold:
    hold = (LegalHold.objects.filter(uuid=ref, service_id__in=scoping.scope_for(request.user).managed_service_ids)
            .select_related("young_person", "referral", "placed_by").first())
    if hold is None:
        raise deny_not_found(request=request, kind="retention.legalhold", ref=ref)
    shown(request, hold.young_person or hold.referral)
    return hold


def get_disposal_for(request, ref) -> Disposal:
    disposal = (Disposal.objects.filter(uuid=ref, service_id__in=deciding_service_ids(request.user))
                .select_related("service", "proposed_by", "decided_by").first())
    if disposal is None:
        raise deny_not_found(request=request, kind="retention.disposal", ref=ref)
    shown(request, disposal)
    return disposal


def get_certificate_for(request, ref) -> DisposalCertificate:
    certificate = (DisposalCertificate.objects.filter(uuid=ref, service_id__in=deciding_service_ids(request.user))
                   .select_related("service", "disposal__proposed_by", "disposal__decided_by").first())
    if certificate is None:
        raise deny_not_found(request=request, kind="retention.disposalcertificate", ref=ref)
    shown(request, certificate)
    return certificate
