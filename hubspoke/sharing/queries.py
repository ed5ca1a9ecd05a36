"""Reads of the sharing app. Staff see sharing records of the young people in their scope
(where the young person's work is held now); partners see disclosures made to their agency,
their agency's requests and the agreements it is party to, nothing else."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Agency, Service
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


def sharing_history_of(user, person: YoungPerson) -> list:
    """Every disclosure and decision not to share about one young person that the user may
    see, newest first (by the day, then when it was recorded): two queries however many."""
    rows = [*disclosures_of(user, person), *decisions_of(user, person)]
    return sorted(rows, key=lambda row: (getattr(row, "shared_on", None) or row.decided_on, row.recorded_at),
                  reverse=True)


def agencies_to_share_with(service: Service) -> QuerySet[Agency]:
    """Every agency of the programme, those in the places the service works first (its spokes'
    local authorities and the agencies that host its spokes), then the rest, each part by local
    authority and name: one query, for a select grouped by local authority."""
    near = Q(local_authority__spokes__service=service) | Q(hosted_spokes__service=service)
    return (Agency.objects.select_related("local_authority")
            .annotate(near=Exists(Agency.objects.filter(near, pk=OuterRef("pk"))))
            .order_by("-near", "local_authority__name", "name"))


def agreement_versions_of_service(service_id: int) -> QuerySet[AgreementVersion]:
    """Any version of the service's agreements: what the disclosure form accepts, so that a
    choice that no longer covers the share (an old version, an ended agreement, another agency)
    reaches the action and is refused with its reason, not as "not a valid choice"."""
    return AgreementVersion.objects.filter(agreement__service_id=service_id).select_related("agreement")


def agreements_of_service(service_id: int) -> QuerySet[Agreement]:
    return (Agreement.objects.filter(service_id=service_id, current__isnull=False)
            .select_related("current").prefetch_related("current__parties").order_by("current__title"))


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Managers: their services' agreements. Partners: those their agency is party to now
    (in the current version). Staff who are not managers see their services' agreements to
    know what they may share."""
    scope = scoping.scope_for(user)
    q = Q(service_id__in=scope.member_service_ids)
    if scope.agency_ids:
        q |= Q(current__parties__in=scope.agency_ids)
    return Agreement.objects.filter(q, current__isnull=False).distinct()


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
