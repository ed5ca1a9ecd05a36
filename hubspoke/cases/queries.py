"""Reads for the waiting list, allocation and caseloads: a fixed number of queries each."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case as When_
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.assessments.queries import RiskNow, risk_now
from hubspoke.cases.models import (
    ActionStatus,
    Allocation,
    AllocationRole,
    Case,
    CaseReferral,
    CaseStatus,
    CaseTransfer,
    Contact,
    PlanAction,
    PlanElement,
)
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import CoWorkedCases, Membership, Role, Service
from hubspoke.referrals.models import DecisionKind, Referral, ReferralDecision, ReferralStatus, Urgency
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


# When the case's first referral was accepted: the first-contact clock starts there.
CASE_ACCEPTED_AT = Subquery(
    ReferralDecision.objects.filter(referral__case_link__case=OuterRef("case"), kind=DecisionKind.ACCEPTED)
    .order_by("decided_at")
    .values("decided_at")[:1]
)


def latest_assessment(young_person_ref: str):
    """The young person's latest completed assessment, for annotations: its level (label and
    rank) and when it is next due for review."""
    return Assessment.objects.filter(
        young_person=OuterRef(young_person_ref), status=AssessmentStatus.COMPLETED
    ).order_by("-assessed_on", "-completed_at", "-pk")


def with_latest_level(queryset: QuerySet, young_person_ref: str) -> QuerySet:
    latest = latest_assessment(young_person_ref)
    return queryset.annotate(
        level_label=Subquery(latest.values("level_label")[:1]),
        level_rank=Subquery(latest.values("level_rank")[:1]),
        next_review_on=Subquery(latest.values("next_review_on")[:1]),
    )


def with_contact_summary(queryset: QuerySet, case_ref: str, opened_ref: str) -> QuerySet:
    """When the young person was last reached, and how many attempts since then (or since the
    case opened)."""
    last_reached = Subquery(
        Contact.objects.filter(case=OuterRef(case_ref), reached=True).order_by("-occurred_at").values("occurred_at")[:1]
    )
    queryset = queryset.annotate(last_reached=last_reached).annotate(
        contact_since=Coalesce(F("last_reached"), F(opened_ref))
    )
    attempts = (
        Contact.objects.filter(case=OuterRef(case_ref), reached=False, occurred_at__gt=OuterRef("contact_since"))
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return queryset.annotate(attempts_since=Coalesce(Subquery(attempts), 0))


def contacts_of(case: Case) -> QuerySet[Contact]:
    return case.contacts.select_related("recorded_by").order_by("-occurred_at", "-pk")


def cases_visible_to(user) -> QuerySet[Case]:
    return scoping.filter_records(Case.objects.all(), user, service="service", spoke="spoke")


def case_detail(user) -> QuerySet[Case]:
    """Cases this person may open, with what the case page's summary needs."""
    return with_contact_summary(
        cases_visible_to(user)
        .select_related("young_person", "service", "spoke")
        .annotate(
            accepted_at=Subquery(
                ReferralDecision.objects.filter(referral__case_link__case=OuterRef("pk"), kind=DecisionKind.ACCEPTED)
                .order_by("decided_at")
                .values("decided_at")[:1]
            )
        ),
        "pk",
        "opened_at",
    )


def allocation_history(case: Case) -> QuerySet[Allocation]:
    return case.allocations.select_related("worker", "allocated_by").order_by("-starts_at", "-pk")


def case_referrals(case: Case) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(case_link__case=case)
        .annotate(accepted_at=Max("decisions__decided_at", filter=Q(decisions__kind=DecisionKind.ACCEPTED)))
        .order_by("received_at", "pk")
    )


def current_lead(case: Case) -> Allocation | None:
    return case.allocations.filter(role=AllocationRole.LEAD, ends_at__isnull=True).select_related("worker").first()


def waiting_list(user) -> QuerySet[Referral]:
    """Accepted referrals that no case answers yet: most urgent first, then longest waiting.
    NOT EXISTS rather than an outer join to case links: PostgreSQL plans it as an anti-join on
    the link's unique index instead of reading every link."""
    return (
        referrals_visible_to(user)
        .filter(status=ReferralStatus.ACCEPTED)
        .filter(~Exists(CaseReferral.objects.filter(referral=OuterRef("pk"))))
        .annotate(
            urgency_rank=URGENCY_RANK,
            accepted_at=Max("decisions__decided_at", filter=Q(decisions__kind="accepted")),
        )
        .select_related("service", "spoke", "young_person")
        .order_by("urgency_rank", "accepted_at", "pk")
    )


def waiting_for_worker(referral: Referral) -> bool:
    """Accepted and not yet part of a case (what the waiting list lists)."""
    return referral.status == ReferralStatus.ACCEPTED and not CaseReferral.objects.filter(referral=referral).exists()


def current_lead_allocations() -> QuerySet[Allocation]:
    return Allocation.objects.filter(role=AllocationRole.LEAD, ends_at__isnull=True, case__status=CaseStatus.OPEN)


# What share of a co-worked case's weight counts in the co-worker's load, by service policy.
CO_WORK_SHARE = {CoWorkedCases.NOT_COUNTED: Decimal(0), CoWorkedCases.HALF: Decimal("0.5"),
                 CoWorkedCases.FULL: Decimal(1)}


@dataclass
class Load:
    led: int = 0  # open cases the person leads
    co_worked: int = 0  # open cases they co-work
    weight: Decimal = Decimal(0)


def loads_of(person_ids) -> dict[int, Load]:
    """The one definition of a worker's load, used by the team page, allocation and the
    caseload: every open case they lead weighs what its most demanding referral's urgency asks
    (routine 1, urgent 1.5, immediate 2; a case with no referral, such as one transferred in,
    weighs 1), and every open case they co-work counts as its service decides (not at all,
    half, or its full weight). One query for any number of people."""
    rows = (
        Allocation.objects.filter(worker_id__in=list(person_ids), ends_at__isnull=True, case__status=CaseStatus.OPEN)
        .annotate(w=CASE_WEIGHT)
        .values_list("worker_id", "role", "w", "case__service__co_worked_cases")
    )
    loads: dict[int, Load] = defaultdict(Load)
    for worker_id, role, weight, rule in rows:
        load = loads[worker_id]
        if role == AllocationRole.LEAD:
            load.led += 1
        else:
            load.co_worked += 1
        load.weight += counted_weight(role=role, weight=weight, co_worked_cases=rule)
    return loads


def counted_weight(*, role: str, weight, co_worked_cases: str) -> Decimal:
    """What one allocation adds to its worker's load (see ``loads_of``)."""
    weight = Decimal(weight if weight is not None else 1)
    if role == AllocationRole.LEAD:
        return weight
    return weight * CO_WORK_SHARE.get(co_worked_cases, Decimal(0))


def with_loads(memberships) -> list[Membership]:
    """The memberships, each with ``open_cases`` (led), ``co_worked`` and ``load`` from
    ``loads_of``."""
    members = list(memberships)
    loads = loads_of({m.person_id for m in members})
    for m in members:
        load = loads.get(m.person_id) or Load()
        m.open_cases, m.co_worked, m.load = load.led, load.co_worked, load.weight
    return members


def workers_for(*, service_id: int, spoke_id: int | None) -> QuerySet[Membership]:
    """Who may take work held at this service (and spoke): the people who can see it
    (network.scoping) — the spoke's workers for work held at a spoke, the hub's workers for work
    held at the hub, and the service's managers for either; with their loads, see
    ``eligible_workers``. A hub worker cannot lead a spoke's case they would not be
    allowed to open."""
    q = Q(role=Role.SERVICE_MANAGER, service_id=service_id)
    q |= Q(role=Role.SPOKE_WORKER, spoke_id=spoke_id) if spoke_id else Q(role=Role.HUB_WORKER, service_id=service_id)
    return (
        Membership.objects.filter(scoping.current_memberships_q())
        .filter(q)
        .select_related("person", "spoke")
        .order_by("person__full_name", "pk")
    )


def eligible_workers(*, service_id: int, spoke_id: int | None) -> list[Membership]:
    """``workers_for`` with each one's load, the least loaded first: two queries."""
    return sorted(with_loads(workers_for(service_id=service_id, spoke_id=spoke_id)),
                  key=lambda m: (m.load, m.person.full_name))


def _reviews_overdue_of(person_field: str):
    """How many of the person's open cases have a latest assessment past its review date."""
    overdue = (
        current_lead_allocations()
        .filter(worker=OuterRef(person_field))
        .annotate(next_review=Subquery(latest_assessment("case__young_person").values("next_review_on")[:1]))
        .filter(next_review__lt=today())
        .values("worker")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(overdue), 0)


def team_caseload(user) -> QuerySet[Membership]:
    """Every worker of the services this person manages, with their overdue reviews (and,
    through ``with_loads``, their load)."""
    services = scoping.scope_for(user).managed_service_ids
    return (
        Membership.objects.filter(scoping.current_memberships_q())
        .filter(Q(service_id__in=services) | Q(spoke__service_id__in=services))
        .exclude(role=Role.PARTNER)
        .select_related("person", "spoke", "service")
        .annotate(reviews_overdue=_reviews_overdue_of("person"))
        .order_by(F("spoke__name").asc(nulls_first=True), "person__full_name")
    )


def open_cases_with_levels(service_ids) -> QuerySet[Case]:
    return with_latest_level(
        Case.objects.filter(service_id__in=service_ids, status=CaseStatus.OPEN), "young_person"
    )


def level_distribution(service_ids) -> list[dict]:
    """Open cases by the level of their latest assessment (None: not assessed yet)."""
    return list(
        open_cases_with_levels(service_ids)
        .values("level_label", "level_rank")
        .annotate(n=Count("pk"))
        .order_by(F("level_rank").asc(nulls_first=True), "level_label")
    )


def judgement_against_computed(service_ids, *, since) -> dict:
    """Of the assessments completed since ``since``: how often the worker's judgement agreed
    with the computed level, and in which direction it differed."""
    return Assessment.objects.filter(
        service_id__in=service_ids, status=AssessmentStatus.COMPLETED, assessed_on__gte=since
    ).aggregate(
        total=Count("pk"),
        agreed=Count("pk", filter=Q(judgement_level="")),
        higher=Count("pk", filter=~Q(judgement_level="") & Q(judgement_rank__gt=F("computed_rank"))),
        lower=Count("pk", filter=~Q(judgement_level="") & Q(judgement_rank__lt=F("computed_rank"))),
    )


def reviews_overdue(service_ids) -> QuerySet[Case]:
    lead = Subquery(current_lead_allocations().filter(case=OuterRef("pk")).values("worker__full_name")[:1])
    return (
        open_cases_with_levels(service_ids)
        .filter(next_review_on__lt=today())
        .annotate(lead_name=lead)
        .select_related("young_person", "spoke")
        .order_by("next_review_on", "pk")
    )


def my_caseload(user) -> QuerySet[Allocation]:
    return caseload_of(user)


def caseload_of(person, *, service_ids=None) -> QuerySet[Allocation]:
    """The open cases ``person`` leads or co-works (within ``service_ids``, for a manager looking
    at one of their team), with each case's weight and when it was accepted. Load and capacity
    count only the cases a person leads."""
    allocations = Allocation.objects.filter(ends_at__isnull=True, case__status=CaseStatus.OPEN, worker=person)
    if service_ids is not None:
        allocations = allocations.filter(case__service_id__in=service_ids)
    return with_contact_summary(
        with_latest_level(
            allocations.select_related("case__young_person", "case__spoke", "case__service")
            .annotate(weight=CASE_WEIGHT, accepted_at=CASE_ACCEPTED_AT, overdue_actions=overdue_actions_count("case")),
            "case__young_person",
        ),
        "case",
        "case__opened_at",
    ).order_by("case__young_person__last_name", "pk")


def team_member(user, person_ref) -> Membership | None:
    """One current member of a team this person manages (the first, if they hold several roles)."""
    return team_caseload(user).filter(person__uuid=person_ref).first()


def has_capacity(*, service_id: int, spoke_id: int | None) -> bool:
    """Whether anyone who could lead work held here (not counting managers) has room for one
    more case of ordinary weight."""
    return any(
        m.caseload_capacity and m.load + 1 <= m.caseload_capacity
        for m in eligible_workers(service_id=service_id, spoke_id=spoke_id)
        if m.role != Role.SERVICE_MANAGER
    )


def cases_of_young_person(young_person) -> list[Case]:
    """Every case of one young person, newest first, each with its current lead's name."""
    lead_name = Subquery(
        current_lead_allocations().filter(case=OuterRef("pk")).values("worker__full_name")[:1]
    )
    return list(young_person.cases.annotate(lead_name=lead_name).order_by("-opened_at", "-pk"))


def works_young_persons_case(user, young_person) -> bool:
    return Allocation.objects.filter(
        worker=user, ends_at__isnull=True, case__young_person=young_person, case__status=CaseStatus.OPEN
    ).exists()


def plan_of(case: Case) -> list[dict]:
    """The plan by the five elements, in their order (engagement first): two queries."""
    goals = list(
        case.goals.prefetch_related(Prefetch("actions", queryset=PlanAction.objects.order_by("due_on", "pk")))
        .order_by("created_at", "pk")
    )
    return [
        {"element": element, "label": label, "goals": [g for g in goals if g.element == element]}
        for element, label in PlanElement.choices
    ]


def overdue_actions_count(case_ref: str):
    """Plan actions still to do past their date, for annotations."""
    overdue = (
        PlanAction.objects.filter(goal__case=OuterRef(case_ref), status=ActionStatus.TO_DO, due_on__lt=today())
        .values("goal__case")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(overdue), 0)


def transfer_destinations():
    """Every active service's hub and spokes, for choosing where a case goes."""


    found = []
    for service in Service.objects.filter(is_active=True).prefetch_related("spokes").order_by("name"):
        found.append((service, None))
        found.extend((service, spoke) for spoke in sorted(service.spokes.all(), key=lambda sp: sp.name))
    return found


def transfers_for_manager(user):


    services = scoping.scope_for(user).managed_service_ids
    return (
        CaseTransfer.objects.filter(Q(to_service_id__in=services) | Q(case__service_id__in=services))
        .select_related("case__young_person", "case__service", "to_service", "to_spoke", "requested_by")
        .order_by("-requested_at", "-pk")
    )


def transfers_of(case: Case) -> QuerySet[CaseTransfer]:
    """Transfers out of this case and the one that brought it in."""
    return (
        CaseTransfer.objects.filter(Q(case=case) | Q(new_case=case))
        .select_related("case__service", "to_service", "to_spoke")
        .order_by("-requested_at")
    )


def current_co_worker(case: Case) -> Allocation | None:
    return case.allocations.filter(role=AllocationRole.CO_WORKER, ends_at__isnull=True).select_related("worker").first()


def worker_here(*, service_id: int, spoke_id: int | None, person_ref: str):
    """The person (by their UUID, as posted) if they work where this is held, else None (also for
    an empty or malformed reference)."""
    return {str(m.person.uuid): m.person for m in workers_for(service_id=service_id, spoke_id=spoke_id)}.get(person_ref)


def current_risk(case: Case) -> RiskNow:
    """Where the young person's risk stands now (a lower judgement waiting for its
    countersignature does not lower it)."""
    return risk_now(case.young_person)
