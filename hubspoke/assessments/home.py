"""Assessments waiting on someone, at the top of their home page (network.home)."""

from django.urls import reverse

from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.network.home import Item


def items(user, scope) -> list[Item]:
    found = []
    drafts = Assessment.objects.filter(started_by=user, status=AssessmentStatus.DRAFT).count()
    if drafts:
        found.append(Item("Your draft assessments", drafts, reverse("assessments:mine")))
    if scope.managed_service_ids:
        waiting = (
            Assessment.objects.filter(service_id__in=scope.managed_service_ids, status=AssessmentStatus.COMPLETED,
                                      needs_countersignature=True, countersigned_at__isnull=True)
            .exclude(completed_by=user)
            .count()
        )
        found.append(Item("Assessments waiting for your countersignature", waiting,
                          reverse("assessments:countersignatures"), urgent=True))
    return found
