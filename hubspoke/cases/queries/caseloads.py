"""Caseloads: a worker's own, and a manager's team."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from hubspoke.cases.models import Allocation, CaseStatus
from hubspoke.cases.queries.case import (
    CASE_ACCEPTED_AT,
    current_lead_allocations,
    overdue_actions_count,
    with_contact_summary,
)
from hubspoke.cases.queries.levels import latest_assessment, with_latest_level
from hubspoke.cases.queries.loads import CASE_WEIGHT
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Role


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
