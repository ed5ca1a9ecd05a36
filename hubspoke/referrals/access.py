"""Getting one referral or young person for one person, or a 404 that looks exactly like a
missing one. Staff see content within their scope (network.scoping.records_q); partners see
only the status of referrals their agency made, through ``get_sent_referral_for``."""

from typing import Literal

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.audit.shown import shown
from hubspoke.network import scoping
from hubspoke.referrals import casework
from hubspoke.referrals.models import Referral, YoungPerson, YoungPersonContact
from hubspoke.referrals.queries import referrals_visible_to, sent_referrals_of, young_people_visible_to

Purpose = Literal["view", "triage"]


def may_triage(user, referral: Referral) -> bool:
    """Managers decide on their service's referrals; workers too where the service allows it."""
    if scoping.can_manage_service(user, referral.service_id):
        return True
    return referral.service.workers_may_triage


def get_referral_for(request, ref, *, to: Purpose = "view") -> Referral:
    referral = (
        referrals_visible_to(request.user)
        .select_related("service", "spoke", "referring_agency", "young_person", "subject_local_authority")
        .filter(uuid=ref)
        .first()
    )
    if referral is None:
        raise deny_not_found(request=request, kind="referrals.referral", ref=ref)
    if to == "triage" and not may_triage(request.user, referral):
        raise deny_read_only(request=request, kind="referrals.referral", ref=ref)
    shown(request, referral)
    return referral


def get_sent_referral_for(request, ref) -> Referral:
    """A partner's own agency's referral: status and what they sent, nothing staff added."""
    referral = sent_referrals_of(request.user).select_related("service").filter(uuid=ref).first()
    if referral is None:
        raise deny_not_found(request=request, kind="referrals.referral", ref=ref)
    shown(request, referral)
    return referral


def get_young_person_for(request, ref) -> YoungPerson:
    person = young_people_visible_to(request.user).select_related("service", "spoke").filter(uuid=ref).first()
    if person is None:
        raise deny_not_found(request=request, kind="referrals.youngperson", ref=ref)
    shown(request, person)
    return person


def get_referral_for_manager(request, ref) -> Referral:
    referral = get_referral_for(request, ref)
    if not scoping.can_manage_service(request.user, referral.service_id):
        raise deny_read_only(request=request, kind="referrals.referral", ref=ref)
    return referral


def may_see_contact(user, person: YoungPerson) -> bool:
    """Contact details and address: the young person's allocated workers and the service's
    managers, nobody else, however much else of the record they may see."""
    return scoping.can_manage_service(user, person.service_id) or casework.is_allocated(user, person)


def get_young_person_contact_for(request, ref) -> tuple[YoungPerson, YoungPersonContact | None]:
    """The young person and their restricted contact details (None if none are recorded): 404
    outside scope, 403 (audited) for staff who may see the record but are neither allocated
    nor a manager. Every answer that shows them is audited as a look at the contact details."""
    person = get_young_person_for(request, ref)
    if not may_see_contact(request.user, person):
        raise deny_read_only(request=request, kind="referrals.youngperson", ref=ref)
    shown(request, person, what="contact_viewed")
    return person, YoungPersonContact.objects.filter(young_person=person).first()


def get_young_person_for_manager(request, ref) -> YoungPerson:
    person = get_young_person_for(request, ref)
    if not scoping.can_manage_service(request.user, person.service_id):
        raise deny_read_only(request=request, kind="referrals.youngperson", ref=ref)
    return person


def require_staff(request) -> None:
    """Referral pages for hub and spoke staff: anyone else gets the same 404 as a missing page."""
    if not scoping.scope_for(request.user).member_service_ids:
        raise deny_not_found(request=request, kind="referrals.inbox", ref="staff")


def require_partner(request) -> None:
    if not scoping.scope_for(request.user).agency_ids:
        raise deny_not_found(request=request, kind="referrals.inbox", ref="partner")
