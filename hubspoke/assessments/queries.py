"""Reads of tools and assessments, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from hubspoke.assessments.models import Assessment, AssessmentStatus, AssessmentTool, ServiceTool
from hubspoke.network import scoping
from hubspoke.referrals.models import YoungPerson


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """An assessment is seen where its young person's work is held now (it follows them when
    their case moves spoke; its own ``spoke`` keeps where it was made, which the returns
    count): the young person it is about, or the one its referral was linked to; a screening of
    a referral not yet linked, where it is held itself."""
    of_person = Q(young_person__isnull=False) & scoping.records_q(user, service="service",
                                                                  spoke="young_person__spoke")
    of_linked_referral = (Q(young_person__isnull=True, referral__young_person__isnull=False)
                          & scoping.records_q(user, service="service", spoke="referral__young_person__spoke"))
    unlinked = (Q(young_person__isnull=True, referral__young_person__isnull=True)
                & scoping.records_q(user, service="service", spoke="spoke"))
    return Assessment.objects.filter(of_person | of_linked_referral | unlinked)


def tools_in_use(service_id: int | None = None) -> list[AssessmentTool]:
    """The newest version of each active tool: what new assessments are made with; for a
    service, only the tools it has chosen, if it has chosen any."""
    latest: dict[str, AssessmentTool] = {}
    for tool in AssessmentTool.objects.filter(is_active=True).order_by("tool_id", "-version"):
        latest.setdefault(tool.tool_id, tool)
    if service_id is not None:
        chosen = set(ServiceTool.objects.filter(service_id=service_id).values_list("tool_id", flat=True))
        if chosen:
            latest = {key: tool for key, tool in latest.items() if key in chosen}
    return sorted(latest.values(), key=lambda t: (t.purpose != "screening", t.title))


def tool_for_review(previous: Assessment) -> AssessmentTool:
    """A review keeps its assessment's tool, in the tool's newest active version (or the version
    it was made with, if the tool is no longer active)."""
    return {t.tool_id: t for t in tools_in_use()}.get(previous.tool.tool_id, previous.tool)


def young_person_reviewed(previous: Assessment) -> YoungPerson | None:
    """Whom a review is about: the assessment's young person, or for a screening of a referral,
    the young person the referral has been linked to since (None if it has not)."""
    return previous.young_person or (previous.referral.young_person if previous.referral_id else None)


def chosen_tool_ids(service_id: int) -> set[str]:
    return set(ServiceTool.objects.filter(service_id=service_id).values_list("tool_id", flat=True))


def of_young_person(person) -> QuerySet[Assessment]:
    """Everything about this young person, including screenings of their referrals made before
    triage linked the referral to their record.

    The two ways in are a union of ids, not an OR: an OR across the join to referrals made
    PostgreSQL read every assessment (150 ms at 330k rows); each half of the union uses its
    own index."""
    ids = Assessment.objects.filter(young_person=person).values("pk").union(
        Assessment.objects.filter(referral__young_person=person).values("pk")
    )
    return (
        Assessment.objects.filter(pk__in=ids)
        .select_related("tool", "completed_by", "started_by", "countersigned_by")
        .order_by("-assessed_on", "-started_at", "-pk")
    )


def of_referral(referral) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(referral=referral)
        .select_related("tool", "completed_by", "started_by")
        .order_by("-started_at", "-pk")
    )


def completed_of(person) -> QuerySet[Assessment]:
    return of_young_person(person).filter(status=AssessmentStatus.COMPLETED)


@dataclass(frozen=True)
class RiskNow:
    """Where a young person's risk stands: their latest completed assessment's level, or, while
    a lower judgement waits for its countersignature, the computed level."""

    assessment: Assessment | None
    rank: int | None = None
    label: str = "Not assessed"
    levels: int = 0

    @property
    def highest(self) -> bool:
        """At its tool's highest level."""
        return self.rank is not None and self.rank == self.levels - 1

    @property
    def above_lowest(self) -> bool:
        """Medium or higher: any level above the tool's lowest."""
        return self.rank is not None and self.rank > 0


def risk_now(person) -> RiskNow:
    latest = completed_of(person).first()
    if latest is None:
        return RiskNow(assessment=None)
    levels = latest.tool.definition["levels"]
    rank = latest.level_rank
    if latest.needs_countersignature and latest.countersigned_at is None and latest.computed_rank is not None:
        rank = max(rank, latest.computed_rank)
    return RiskNow(assessment=latest, rank=rank, label=levels[rank]["label"], levels=len(levels))


def previous_answers(assessment: Assessment) -> dict:
    """What the reviewed assessment answered, to show what changed."""
    return assessment.review_of.answers if assessment.review_of_id else {}


def drafts_of(user) -> QuerySet[Assessment]:
    """The drafts this person started, among those they may still see."""
    return (
        assessments_visible_to(user)
        .filter(started_by=user, status=AssessmentStatus.DRAFT)
        .select_related("tool", "young_person", "referral")
        .order_by("-updated_at", "-pk")
    )


def still_worked_with() -> Q:
    """Assessments of young people the service is still working with: an open case, or not
    yet a case at all (a referral being triaged or waiting for a worker). A closed case, or a
    screening of a referral declined or closed, asks nobody for anything any more.

    Case status is read through the young person's reverse relation ("cases", status "open"):
    the cases app sits above this one and is not imported."""
    with_case = YoungPerson.objects.filter(pk=OuterRef("young_person_id"), cases__isnull=False)
    with_open_case = YoungPerson.objects.filter(pk=OuterRef("young_person_id"), cases__status="open")
    unlinked_and_undecided = Q(young_person__isnull=True) & ~Q(referral__status__in=["declined", "closed"])
    return unlinked_and_undecided | Q(young_person__isnull=False) & (Exists(with_open_case) | ~Exists(with_case))


def awaiting_countersignature(user) -> QuerySet[Assessment]:
    """Completed assessments at the services this person manages whose level needs a
    countersignature they may give (not their own), of young people still worked with,
    oldest first."""
    return (
        assessments_visible_to(user)
        .filter(service_id__in=scoping.scope_for(user).managed_service_ids, status=AssessmentStatus.COMPLETED,
                needs_countersignature=True, countersigned_at__isnull=True)
        .filter(still_worked_with())
        .exclude(completed_by=user)
        .select_related("tool", "young_person", "referral", "completed_by")
        .order_by("completed_at", "pk")
    )
