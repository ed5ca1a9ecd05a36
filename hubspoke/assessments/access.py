"""Getting one assessment for one person, or a 404 that looks exactly like a missing one.
Assessments are seen by whoever may see the young person or referral they are about
(network.scoping, through the service and spoke the assessment is held at); a draft is
continued by the person who started it or a manager; a countersignature is a manager's."""

from typing import Literal

from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.assessments.queries import assessments_visible_to
from hubspoke.audit.guard import deny_not_found, deny_read_only
from hubspoke.audit.shown import shown
from hubspoke.network import access as network_access
from hubspoke.network import scoping

Purpose = Literal["view", "edit", "countersign"]


def may_edit(user, assessment: Assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and (
        assessment.started_by_id == user.pk or scoping.can_manage_service(user, assessment.service_id)
    )


def may_countersign(user, assessment: Assessment) -> bool:
    return (
        assessment.status == AssessmentStatus.COMPLETED
        and assessment.needs_countersignature
        and assessment.countersigned_at is None
        and assessment.completed_by_id != user.pk
        and scoping.can_manage_service(user, assessment.service_id)
    )


def get_assessment_for(request, ref, *, to: Purpose = "view") -> Assessment:
    assessment = (
        assessments_visible_to(request.user)
        .select_related("tool", "service", "spoke", "young_person", "review_of", "started_by", "completed_by",
                        "countersigned_by", "referral")
        .filter(uuid=ref)
        .first()
    )
    if assessment is None:
        raise deny_not_found(request=request, kind="assessments.assessment", ref=ref)
    allowed = {"view": True, "edit": may_edit, "countersign": may_countersign}[to]
    if allowed is not True and not allowed(request.user, assessment):
        raise deny_read_only(request=request, kind="assessments.assessment", ref=ref)
    shown(request, assessment)
    return assessment


def get_assessment_for_manager(request, ref) -> Assessment:
    assessment = get_assessment_for(request, ref)
    if not scoping.can_manage_service(request.user, assessment.service_id):
        raise deny_read_only(request=request, kind="assessments.assessment", ref=ref)
    return assessment


def require_manager(request) -> frozenset[int]:
    return network_access.require_manager(request, kind="assessments.countersignatures", ref="manager")
