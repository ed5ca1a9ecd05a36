"""Reads of the sharing app. Staff see sharing records of the young people in their scope
(where the young person's work is held now); partners see disclosures made to their agency,
their agency's requests and the agreements it is party to, nothing else."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast

from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Agency, Role, Service
from hubspoke.referrals.models import Referral, YoungPerson
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
    """Urgent first, then the longest waiting."""
    return (InformationRequest.objects.filter(service_id__in=service_ids, status=RequestStatus.OPEN)
            .select_related("agency", "requested_by").order_by("-urgency", "requested_at", "pk"))


def requests_of_services(service_ids) -> QuerySet[InformationRequest]:
    """The managers' list: open requests first (urgent, then the longest waiting), then the
    answered ones, the latest answered first."""
    return (InformationRequest.objects.filter(service_id__in=service_ids)
            .annotate(answered=Case(When(status=RequestStatus.OPEN, then=0), default=1,
                                    output_field=IntegerField()),
                      urgent_first=Case(When(status=RequestStatus.OPEN, urgency="urgent", then=0), default=1,
                                        output_field=IntegerField()))
            .select_related("agency", "requested_by", "service", "young_person")
            .order_by("answered", "urgent_first", F("answered_at").desc(nulls_last=True), "requested_at", "pk"))


def open_request_counts(service_ids) -> dict[str, int]:
    """How many open requests wait, and how many of them are urgent: one query."""
    return InformationRequest.objects.filter(service_id__in=service_ids, status=RequestStatus.OPEN).aggregate(
        waiting=Count("pk"), urgent=Count("pk", filter=Q(urgency="urgent")))


def answers_of(asked: InformationRequest, *, agency_ids=None) -> tuple[list[Disclosure], DecisionNotToShare | None]:
    """The request's answer: its disclosures (to the partner's agency only, when ``agency_ids``
    is given) and its decision not to share. Two queries."""
    disclosures = (asked.disclosures.select_related("to_agency", "to_service", "young_person")
                   .order_by("-shared_on", "-recorded_at"))
    if agency_ids is not None:
        disclosures = disclosures.filter(to_agency_id__in=agency_ids)
    decision = DecisionNotToShare.objects.filter(information_request=asked).select_related("decided_by").first()
    return list(disclosures), decision


# --- Partners ---------------------------------------------------------------------------


def young_people_shared_with(user) -> QuerySet[YoungPerson]:
    """The young people whose information was disclosed to the partner's agency."""
    return YoungPerson.objects.filter(scoping.shared_with_partner_q(user))


def requests_of_agency(user) -> QuerySet[InformationRequest]:
    """The partner's agency's requests, newest first. Partners read ``about`` (their own words,
    or the name their agency was given), never the record a manager linked a request to."""
    return (InformationRequest.objects.filter(agency_id__in=scoping.scope_for(user).agency_ids)
            .select_related("service", "requested_by").order_by("-requested_at", "-pk"))


def shared_people_of_partner(user) -> QuerySet[YoungPerson]:
    """The partner's home: each young person whose information was disclosed to their agency
    (``scoping.shared_with_partner_q`` decides which), with the name the latest disclosure
    gave them, the service, the latest date shared and how many disclosures. Newest first, in
    one query (two with a page's count)."""
    agency_ids = scoping.scope_for(user).agency_ids
    to_agency = Q(disclosures__to_agency_id__in=agency_ids)
    latest_name = (Disclosure.objects.filter(young_person=OuterRef("pk"), to_agency_id__in=agency_ids)
                   .order_by("-shared_on", "-recorded_at", "-pk").values("disclosed_name")[:1])
    return (YoungPerson.objects.filter(scoping.shared_with_partner_q(user))
            .annotate(latest_shared=Max("disclosures__shared_on", filter=to_agency),
                      disclosure_count=Count("disclosures", filter=to_agency),
                      name_given=Subquery(latest_name), service_name=F("service__name"))
            .values("uuid", "latest_shared", "disclosure_count", "name_given", "service_name")
            .order_by("-latest_shared", "pk"))


def disclosures_to_partner(user, person: YoungPerson) -> list[Disclosure]:
    """What the partner's agency was told about one young person: its disclosures, newest
    first, never another agency's."""
    return list(Disclosure.objects.filter(young_person=person, to_agency_id__in=scoping.scope_for(user).agency_ids)
                .select_related("to_agency", "service").order_by("-shared_on", "-recorded_at", "-pk"))


def partner_referrals_about(user, person: YoungPerson) -> list[Referral]:
    """The referrals the partner's agency made that the service linked to this young person:
    the partner sees their status (``referrals.queries.PARTNER_STATUS``), as on their own list."""
    from hubspoke.referrals.queries import sent_referrals_of

    return list(sent_referrals_of(user).filter(young_person=person).select_related("service")
                .order_by("-received_at", "-pk"))


def partner_sees_person(user, person_id: int) -> bool:
    return YoungPerson.objects.filter(scoping.shared_with_partner_q(user), pk=person_id).exists()


def services_for_requests(user) -> QuerySet[Service]:
    """The services a partner may ask for information: active services their agency works
    with, which are those it may refer to (a spoke hosted by the agency or in its local
    authority), those it has referred to, those with an agreement naming it now, and those
    that have shared information with it."""
    agency_ids = scoping.scope_for(user).agency_ids
    if not agency_ids:
        return Service.objects.none()
    referred = Referral.objects.filter(referring_agency_id__in=agency_ids).values("service_id")
    agreed = Agreement.objects.filter(current__parties__in=agency_ids).values("service_id")
    told = Disclosure.objects.filter(to_agency_id__in=agency_ids).values("service_id")
    return (Service.objects.filter(is_active=True)
            .filter(Q(spokes__host_agency_id__in=agency_ids) | Q(spokes__local_authority__agencies__id__in=agency_ids)
                    | Q(pk__in=referred) | Q(pk__in=agreed) | Q(pk__in=told))
            .distinct().order_by("name"))


# --- The disclosure log -------------------------------------------------------------------

SHARED, NOT_SHARED = "shared", "not_shared"


@dataclass(frozen=True)
class LogFilters:
    service_ids: frozenset[int]
    start: dt.date | None = None
    end: dt.date | None = None
    agency_id: int | None = None
    kind: str = ""  # SHARED, NOT_SHARED or both
    route: str = ""  # a disclosure's route: decisions not to share have none
    category: str = ""


def _has_category(queryset, category: str):
    # Categories are a JSON list of fixed values; matching the quoted value in its text works on
    # SQLite and PostgreSQL alike (JSON containment is PostgreSQL's only).
    return queryset.annotate(category_text=Cast("categories", CharField())).filter(
        category_text__contains=f'"{category}"')


def _log_parts(filters: LogFilters):
    disclosures = Disclosure.objects.filter(service_id__in=filters.service_ids)
    decisions = DecisionNotToShare.objects.filter(service_id__in=filters.service_ids)
    if filters.start:
        disclosures = disclosures.filter(shared_on__gte=filters.start)
        decisions = decisions.filter(decided_on__gte=filters.start)
    if filters.end:
        disclosures = disclosures.filter(shared_on__lte=filters.end)
        decisions = decisions.filter(decided_on__lte=filters.end)
    if filters.agency_id:
        disclosures = disclosures.filter(to_agency_id=filters.agency_id)
        decisions = decisions.filter(asked_by_agency_id=filters.agency_id)
    if filters.route:
        disclosures = disclosures.filter(route=filters.route)
    if filters.category:
        disclosures = _has_category(disclosures, filters.category)
        decisions = _has_category(decisions, filters.category)
    with_decisions = filters.kind != SHARED and not filters.route
    with_disclosures = filters.kind != NOT_SHARED
    return (disclosures if with_disclosures else None), (decisions if with_decisions else None)


def log_rows(filters: LogFilters) -> QuerySet:
    """The log's rows, newest first, as (kind, pk, day, stamp): disclosures and decisions not to
    share in one ordered query, so that a page of it is one query and its count another."""
    disclosures, decisions = _log_parts(filters)
    parts = []
    if disclosures is not None:
        parts.append(disclosures.annotate(kind=Value(SHARED, output_field=CharField()), day=F("shared_on"),
                                          stamp=F("recorded_at")).values("kind", "pk", "day", "stamp"))
    if decisions is not None:
        parts.append(decisions.annotate(kind=Value(NOT_SHARED, output_field=CharField()), day=F("decided_on"),
                                        stamp=F("recorded_at")).values("kind", "pk", "day", "stamp"))
    if not parts:
        return Disclosure.objects.none().values("pk")
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("-day", "-stamp", "-pk")


@dataclass(frozen=True)
class LogEntry:
    kind: str
    record: Disclosure | DecisionNotToShare

    @property
    def shared(self) -> bool:
        return self.kind == SHARED

    @property
    def labels(self) -> list[str]:
        from hubspoke.sharing.categories import labels

        return labels(self.record.categories)


def log_entries(rows) -> list[LogEntry]:
    """The records behind a page of ``log_rows``, in its order: two queries, whatever the page."""
    rows = list(rows)
    wanted = {SHARED: [r["pk"] for r in rows if r["kind"] == SHARED],
              NOT_SHARED: [r["pk"] for r in rows if r["kind"] == NOT_SHARED]}
    found = {SHARED: {}, NOT_SHARED: {}}
    if wanted[SHARED]:
        found[SHARED] = {
            d.pk: d for d in Disclosure.objects.filter(pk__in=wanted[SHARED]).select_related(
                "young_person", "service", "to_agency", "to_service", "decided_by", "agreement_version")}
    if wanted[NOT_SHARED]:
        found[NOT_SHARED] = {
            d.pk: d for d in DecisionNotToShare.objects.filter(pk__in=wanted[NOT_SHARED]).select_related(
                "young_person", "service", "asked_by_agency", "decided_by", "information_request")}
    return [LogEntry(kind=r["kind"], record=found[r["kind"]][r["pk"]]) for r in rows]


def log_agencies(service_ids) -> list[Agency]:
    """The agencies that appear in the services' log: the choices of its agency filter."""
    told = Disclosure.objects.filter(service_id__in=service_ids).values("to_agency_id")
    asked = DecisionNotToShare.objects.filter(service_id__in=service_ids).values("asked_by_agency_id")
    return list(Agency.objects.filter(Q(pk__in=told) | Q(pk__in=asked)).order_by("name"))

