"""Levels: each case's latest assessment, and the managers' levels page."""

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.cases.models import Case, CaseStatus
from hubspoke.cases.queries.case import current_lead_allocations
from hubspoke.lib.dates import today


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
