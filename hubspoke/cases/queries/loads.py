"""A worker's load: the one definition, used by allocation, the team page and the caseload."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case as When_
from django.db.models import DecimalField, OuterRef, Subquery, Value, When

from hubspoke.cases.models import Allocation, AllocationRole, CaseReferral, CaseStatus
from hubspoke.network.models import CoWorkedCases, Membership
from hubspoke.referrals.models import Urgency

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
