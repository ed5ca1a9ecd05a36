"""Reads for the waiting list, allocation and caseloads: a fixed number of queries each."""

from django.db.models import Case as When_
from django.db.models import Count, DecimalField, F, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from hubspoke.cases.models import Allocation, AllocationRole, CaseReferral, CaseStatus
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Role
from hubspoke.referrals.models import Referral, ReferralStatus, Urgency
from hubspoke.referrals.queries import referrals_visible_to

URGENCY_RANK = When_(
    When(urgency=Urgency.IMMEDIATE, then=Value(0)), When(urgency=Urgency.URGENT, then=Value(1)), default=Value(2)
)
# A case's weight in a worker's load: an immediate-risk referral asks more of a worker than a
# routine one. Assessments will refine this with the case's current risk level.
REFERRAL_WEIGHT = When_(
    When(referral__urgency=Urgency.IMMEDIATE, then=Value(2)),
    When(referral__urgency=Urgency.URGENT, then=Value(1.5)),
    default=Value(1),
    output_field=DecimalField(max_digits=4, decimal_places=1),
)
# A case weighs what its most demanding referral asks (a repeat referral does not count twice).
CASE_WEIGHT = Subquery(
    CaseReferral.objects.filter(case=OuterRef("case"))
    .annotate(w=REFERRAL_WEIGHT)
    .order_by("-w")
    .values("w")[:1],
    output_field=DecimalField(max_digits=4, decimal_places=1),
)


def waiting_list(user) -> QuerySet[Referral]:
    """Accepted referrals that no case answers yet: most urgent first, then longest waiting."""
    return (
        referrals_visible_to(user)
        .filter(status=ReferralStatus.ACCEPTED, case_link__isnull=True)
        .annotate(
            urgency_rank=URGENCY_RANK,
            accepted_at=Max("decisions__decided_at", filter=Q(decisions__kind="accepted")),
        )
        .select_related("service", "spoke", "young_person")
        .order_by("urgency_rank", "accepted_at", "pk")
    )


def current_lead_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.filter(role=AllocationRole.LEAD, ends_at__isnull=True, case__status=CaseStatus.OPEN)


def _load_of(person_field: str):
    """Open cases and weighted load of the person in ``person_field``, as subqueries."""
    mine = current_lead_allocations().filter(worker=OuterRef(person_field)).values("worker")
    count = Subquery(mine.annotate(n=Count("pk")).values("n")[:1])
    weight = Subquery(mine.annotate(cw=CASE_WEIGHT).annotate(w=Sum("cw")).values("w")[:1])
    return count, weight


def workers_for(*, service_id: int, spoke_id: int | None) -> QuerySet[Membership]:
    """Who may take work held at this service (and spoke): spoke workers of the spoke, the
    service's hub workers and managers; each with their open cases and weighted load."""
    count, weight = _load_of("person")
    q = Q(role__in=[Role.HUB_WORKER, Role.SERVICE_MANAGER], service_id=service_id)
    if spoke_id:
        q |= Q(role=Role.SPOKE_WORKER, spoke_id=spoke_id)
    return (
        Membership.objects.filter(scoping.current_memberships_q())
        .filter(q)
        .select_related("person", "spoke")
        .annotate(open_cases=Coalesce(count, 0), load=Coalesce(weight, Value(0), output_field=DecimalField()))
        .order_by("load", "person__full_name")
    )


def team_caseload(user) -> QuerySet[Membership]:
    """Every worker of the services this person manages, with their caseload."""
    count, weight = _load_of("person")
    services = scoping.scope_for(user).managed_service_ids
    return (
        Membership.objects.filter(scoping.current_memberships_q())
        .filter(Q(service_id__in=services) | Q(spoke__service_id__in=services))
        .exclude(role=Role.PARTNER)
        .select_related("person", "spoke", "service")
        .annotate(open_cases=Coalesce(count, 0), load=Coalesce(weight, Value(0), output_field=DecimalField()))
        .order_by(F("spoke__name").asc(nulls_first=True), "person__full_name")
    )


def my_caseload(user) -> QuerySet[Allocation]:
    return (
        current_lead_allocations()
        .filter(worker=user)
        .select_related("case__young_person", "case__spoke", "case__service")
        .annotate(weight=CASE_WEIGHT)
        .order_by("case__young_person__last_name", "pk")
    )


def has_capacity(*, service_id: int, spoke_id: int | None) -> bool:
    """Whether anyone who could lead work held here (not counting managers) has room for one
    more case of ordinary weight."""
    return any(
        m.caseload_capacity and m.load + 1 <= m.caseload_capacity
        for m in workers_for(service_id=service_id, spoke_id=spoke_id)
        if m.role != Role.SERVICE_MANAGER
    )
