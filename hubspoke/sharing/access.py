"""Getting one sharing record for one person, or the 404 that looks exactly like a missing
one. Staff reach a young person's sharing through the young person's own getter (so the look
is audited as a look at the record); partners reach only what was disclosed to their agency,
through ``get_shared_person_for_partner`` and ``get_disclosure_for``, each look audited."""

from __future__ import annotations

from typing import Literal

from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.audit.shown import shown
from hubspoke.network import scoping
from hubspoke.network.models import Service
from hubspoke.referrals import access as referral_access
from hubspoke.referrals import casework
from hubspoke.referrals.models import YoungPerson
from hubspoke.sharing import queries
from hubspoke.sharing.categories import Category
from hubspoke.sharing.models import Agreement, AgreementVersion, ConsentRecord, Disclosure, InformationRequest

Purpose = Literal["view", "record"]


def may_share(user, person: YoungPerson) -> bool:
    """Recording consent, a disclosure or a decision not to share: the young person's allocated
    workers and the service's managers (a one-off safeguarding share: managers only, which the
    action decides)."""
    return scoping.can_manage_service(user, person.service_id) or casework.is_allocated(user, person)


def may_maintain_agreements(user, service: Service) -> bool:
    """The service's managers, and the administrators of its programme."""
    return (service.pk in scoping.scope_for(user).managed_service_ids
            or service.programme_id in queries.administered_programme_ids(user))


def sees_agreements(user) -> bool:
    """Whether the agreements page is for this person at all: staff of a service, the
    programme's administrators, partners."""
    scope = scoping.scope_for(user)
    return bool(scope.member_service_ids or scope.agency_ids or queries.administered_programme_ids(user))


def require_agreements_page(request) -> None:
    if not sees_agreements(request.user):
        raise deny_not_found(request=request, kind="sharing.agreement", ref="list")


def services_to_maintain_for(request) -> list[Service]:
    """The services a new agreement may be made for (a manager's; an administrator's
    programme's). Someone who sees agreements but maintains none gets 403, anyone else 404."""
    services = list(queries.services_for_agreements(request.user))
    if not services:
        if sees_agreements(request.user):
            raise deny_read_only(request=request, kind="sharing.agreement", ref="new")
        raise deny_not_found(request=request, kind="sharing.agreement", ref="new")
    return services


def get_person_for(request, ref, *, to: Purpose = "view") -> YoungPerson:
    """A young person in the staff member's scope (audited as a look at the record); for
    ``record``, one they may share about (403 otherwise)."""
    person = referral_access.get_young_person_for(request, ref)
    if to == "record" and not may_share(request.user, person):
        raise deny_read_only(request=request, kind="referrals.youngperson", ref=ref)
    return person


def get_consent_for(request, ref, *, to: Purpose = "view") -> ConsentRecord:
    record = (ConsentRecord.objects.filter(queries._held_q(request.user), uuid=ref)
              .select_related("young_person__service", "young_person__spoke").first())
    if record is None:
        raise deny_not_found(request=request, kind="sharing.consentrecord", ref=ref)
    if to == "record" and not may_share(request.user, record.young_person):
        raise deny_read_only(request=request, kind="sharing.consentrecord", ref=ref)
    shown(request, record.young_person)
    return record


def get_disclosure_for(request, ref) -> Disclosure:
    """Staff in scope of the young person, or a partner of the agency it was made to."""
    disclosure = (queries.disclosures_visible_to(request.user).filter(uuid=ref)
                  .select_related("young_person__service", "young_person__spoke", "to_agency", "to_service",
                                  "decided_by", "consent", "agreement_version", "service").first())
    if disclosure is None:
        raise deny_not_found(request=request, kind="sharing.disclosure", ref=ref)
    shown(request, disclosure)
    return disclosure


def get_disclosure_for_manager(request, ref) -> Disclosure:
    disclosure = get_disclosure_for(request, ref)
    if not scoping.can_manage_service(request.user, disclosure.service_id):
        raise deny_read_only(request=request, kind="sharing.disclosure", ref=ref)
    return disclosure


def get_shared_person_for_partner(request, ref) -> YoungPerson:
    """A young person whose information was disclosed to the partner's agency: nothing else
    about any young person exists for a partner."""
    person = queries.young_people_shared_with(request.user).select_related("service").filter(uuid=ref).first()
    if person is None:
        raise deny_not_found(request=request, kind="referrals.youngperson", ref=ref)
    shown(request, person, what="shared_viewed")
    return person


def get_agreement_for(request, ref, *, to: Literal["view", "manage"] = "view") -> Agreement:
    """An agreement the person may see (``queries.agreements_visible_to``), the look audited;
    for ``manage``, one whose service's agreements they maintain (403 otherwise)."""
    agreement = (queries.agreements_visible_to(request.user).filter(uuid=ref)
                 .select_related("current", "service__programme").first())
    if agreement is None:
        raise deny_not_found(request=request, kind="sharing.agreement", ref=ref)
    if to == "manage" and not may_maintain_agreements(request.user, agreement.service):
        raise deny_read_only(request=request, kind="sharing.agreement", ref=ref)
    shown(request, agreement)
    return agreement


def get_agreement_document_for(request, ref, number: int) -> tuple[Agreement, AgreementVersion]:
    """The signed document of one version, for whoever may see the agreement: each download
    audited with the version. A version without a document is as missing as any other."""
    agreement = (queries.agreements_visible_to(request.user).filter(uuid=ref)
                 .select_related("current", "service").first())
    version = None
    if agreement is not None:
        version = agreement.versions.filter(number=number).exclude(document="").first()
    if version is None:
        raise deny_not_found(request=request, kind="sharing.agreement", ref=ref)
    shown(request, agreement, what="document_viewed", detail={"version": version.number})
    return agreement, version


def get_agreement_for_manager(request, ref) -> Agreement:
    """For the audit app's "who has seen this": the service's managers."""
    agreement = get_agreement_for(request, ref)
    if not scoping.can_manage_service(request.user, agreement.service_id):
        raise deny_read_only(request=request, kind="sharing.agreement", ref=ref)
    return agreement


def get_request_for(request, ref, *, to: Literal["view", "answer"] = "view") -> InformationRequest:
    """A partner of the asking agency, or the service's managers (who answer)."""
    scope = scoping.scope_for(request.user)
    asked = (InformationRequest.objects.filter(uuid=ref).select_related(
        "service", "agency", "requested_by", "young_person__service", "young_person__spoke").first())
    allowed = asked is not None and (asked.agency_id in scope.agency_ids
                                     or asked.service_id in scope.managed_service_ids)
    if not allowed:
        raise deny_not_found(request=request, kind="sharing.informationrequest", ref=ref)
    if to == "answer" and asked.service_id not in scope.managed_service_ids:
        raise deny_read_only(request=request, kind="sharing.informationrequest", ref=ref)
    if asked.young_person_id and asked.service_id in scope.managed_service_ids:
        shown(request, asked.young_person)
    else:
        # A partner sees their own request, never the record a manager linked it to.
        shown(request, asked)
    return asked


def require_service_managers(request) -> None:
    """The disclosure log and the requests: managers only; anyone else gets the ordinary 404."""
    if not scoping.scope_for(request.user).managed_service_ids:
        raise deny_not_found(request=request, kind="sharing.log", ref="managers")


def require_partner(request) -> None:
    if not scoping.scope_for(request.user).agency_ids:
        raise deny_not_found(request=request, kind="sharing.partner", ref="partner")


def get_request_to_answer_for(request, ref, person: YoungPerson) -> InformationRequest:
    """A partner's request, answered from this young person's record: the service's managers
    (403 for anyone else who may see it), and only a request to this young person's service
    about them or about nobody linked yet (the same 404 as a missing one otherwise)."""
    asked = get_request_for(request, ref, to="answer")
    if asked.service_id != person.service_id or asked.young_person_id not in (None, person.pk):
        raise deny_not_found(request=request, kind="sharing.informationrequest", ref=ref)
    return asked


def mark_extract_shown(request, person: YoungPerson, categories) -> None:
    """The extract of a record shown before it is sent: a look at the record, and at its
    contact details when identity and contact is in it (the sharer is one of those who may see
    them: ``may_share`` is ``referrals.access.may_see_contact``)."""
    what = "contact_viewed" if Category.IDENTITY in categories else "extract_viewed"
    shown(request, person, what=what, detail={"extract": list(categories)})
