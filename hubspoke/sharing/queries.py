"""Reads of the sharing app. Staff see sharing records of the young people in their scope
(where the young person's work is held now); partners see disclosures made to their agency,
their agency's requests and the agreements it is party to, nothing else."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Role, Service
from hubspoke.referrals.models import YoungPerson
from hubspoke.sharing.models import (
    Agreement,
    AgreementVersion,
    ConsentRecord,
    DecisionNotToShare,
    Disclosure,
    InformationRequest,
    RequestStatus,
)


def shared_rule(agency_ids, field: str) -> Q:
    """What is shared with an agency, for ``network.scoping.shared_with_partner_q``: a young
    person is shared with an agency once anything about them has been disclosed to it."""
    return Q(**{f"{field}__in": Disclosure.objects.filter(to_agency_id__in=agency_ids).values("young_person_id")})


# --- Staff ------------------------------------------------------------------------------


def _held_q(user, prefix: str = "young_person__") -> Q:
    return scoping.records_q(user, service=f"{prefix}service", spoke=f"{prefix}spoke")


def consent_records_of(person: YoungPerson) -> list[ConsentRecord]:
    """Newest first, with their agencies: two queries."""
    return list(ConsentRecord.objects.filter(young_person=person).prefetch_related("agencies")
                .select_related("created_by", "withdrawal_recorded_by").order_by("-given_on", "-created_at"))


def disclosures_visible_to(user) -> QuerySet[Disclosure]:
    """Staff: disclosures about young people in their scope. Partners: those made to their
    agency. Nobody else: none."""
    scope = scoping.scope_for(user)
    q = _held_q(user)
    if scope.agency_ids:
        q |= Q(to_agency_id__in=scope.agency_ids)
    return Disclosure.objects.filter(q)


def disclosures_of(user, person: YoungPerson) -> QuerySet[Disclosure]:
    return (disclosures_visible_to(user).filter(young_person=person)
            .select_related("to_agency", "to_service", "decided_by", "consent", "agreement_version")
            .order_by("-shared_on", "-recorded_at"))


def decisions_visible_to(user) -> QuerySet[DecisionNotToShare]:
    """Staff only: a decision not to share is the service's own record."""
    held = Q(young_person__isnull=False) & _held_q(user)
    unlinked = Q(young_person__isnull=True) & scoping.records_q(user, service="service", spoke="young_person__spoke")
    return DecisionNotToShare.objects.filter(held | unlinked)


def decisions_of(user, person: YoungPerson) -> QuerySet[DecisionNotToShare]:
    return (decisions_visible_to(user).filter(young_person=person)
            .select_related("asked_by_agency", "decided_by").order_by("-decided_on", "-recorded_at"))


def agreements_of_service(service_id: int) -> QuerySet[Agreement]:
    return (Agreement.objects.filter(service_id=service_id, current__isnull=False)
            .select_related("current").prefetch_related("current__parties").order_by("current__title"))


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Staff of a service (managers, who maintain them, and workers, who need to know what they
    may share): their services' agreements. Administrators: every service's of their programme
    (they maintain them). Partners: those their agency is a party to now (in the current
    version). Nobody else: none."""
    scope = scoping.scope_for(user)
    q = Q(service_id__in=scope.member_service_ids) | Q(service__programme_id__in=administered_programme_ids(user))
    if scope.agency_ids:
        q |= Q(Exists(AgreementVersion.parties.through.objects.filter(
            agreementversion_id=OuterRef("current_id"), agency_id__in=scope.agency_ids)))
    return Agreement.objects.filter(q, current__isnull=False)


def agreements_for_list(user) -> list[Agreement]:
    """The agreements page: each with its current terms, service and parties; three queries
    however many there are."""
    return list(agreements_visible_to(user).select_related("current", "service")
                .prefetch_related("current__parties").order_by("service__name", "current__title", "pk"))


def versions_of(agreement: Agreement) -> list[AgreementVersion]:
    """Every version, newest first, with who made it, its parties and its signatories (with
    their agencies): four queries however many versions."""
    return list(agreement.versions.select_related("created_by")
                .prefetch_related("parties", "signatories__agency").order_by("-number"))


def services_for_agreements(user) -> QuerySet[Service]:
    """The services whose agreements this person may maintain: those they manage, and for
    administrators every service of their programme."""
    scope = scoping.scope_for(user)
    return Service.objects.filter(Q(pk__in=scope.managed_service_ids)
                                  | Q(programme_id__in=administered_programme_ids(user))).order_by("name")


def administered_programme_ids(user) -> set[int]:
    """The programmes this person administers today (administrators maintain agreements for
    every service of theirs, and never see a young person)."""
    return {m.programme_id for m in scoping.scope_for(user).memberships if m.role == Role.ADMINISTRATOR}


def agreements_covering(*, service_id: int, agency_id: int, on=None) -> list[AgreementVersion]:
    """Current versions of the service's agreements in force on the day with the agency as a
    party: the choices on the disclosure form (the action checks again)."""
    on = on or today()
    return list(
        AgreementVersion.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on),
            Exists(Agreement.objects.filter(current_id=OuterRef("pk"), service_id=service_id)),
            parties=agency_id, starts_on__lte=on,
        ).select_related("agreement").order_by("title")
    )


def agreements_due_for_review(service_ids, on=None) -> QuerySet[Agreement]:
    """Current agreements past their review date and not ended: the managers' to-do."""
    on = on or today()
    return (Agreement.objects.filter(service_id__in=service_ids, current__review_on__lt=on)
            .filter(Q(current__ends_on__isnull=True) | Q(current__ends_on__gte=on))
            .select_related("current", "service").order_by("current__review_on"))


def open_requests_of_services(service_ids) -> QuerySet[InformationRequest]:
    return (InformationRequest.objects.filter(service_id__in=service_ids, status=RequestStatus.OPEN)
            .select_related("agency", "requested_by").order_by("-urgency", "requested_at"))


# --- Partners ---------------------------------------------------------------------------


def young_people_shared_with(user) -> QuerySet[YoungPerson]:
    """The young people whose information was disclosed to the partner's agency."""
    return YoungPerson.objects.filter(scoping.shared_with_partner_q(user))


def requests_of_agency(user) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(agency_id__in=scoping.scope_for(user).agency_ids)
