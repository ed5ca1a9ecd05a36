"""Closing and reopening a case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.assessments import actions as assessment_actions
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import (
    Allocation,
    AllocationRole,
    Case,
    CaseClosure,
    CaseStatus,
    ClosureReason,
    Engagement,
    Rating,
)
from hubspoke.cases.queries import current_risk
from hubspoke.cases.rules import works_here
from hubspoke.network import queries as network_queries
from hubspoke.network import scoping
from hubspoke.notifications.actions import notify

CLOSED_AT_RISK = "cases.closed_at_risk"


def end_the_work(*, actor: User, case: Case, risk, at) -> None:
    """What follows every closing, however it came about: the allocations end, nobody is asked
    to countersign the young person's assessments any more, and the service's managers are
    told where the risk stood at medium or higher."""
    case.status = CaseStatus.CLOSED
    case.save(update_fields=["status"])
    case.allocations.filter(ends_at__isnull=True).update(ends_at=at)
    assessment_actions.withdraw_countersignature_requests(young_person=case.young_person)
    if risk.above_lowest:
        managers = [m.person for m in network_queries.managers_of([case.service_id]) if m.person_id != actor.pk]
        notify(recipients=managers, kind=CLOSED_AT_RISK, subject=case)


@transaction.atomic
def close_case(*, actor: User, case: Case, reason: str, summary: str, engagement: str, outcomes_achieved: str,
               what_helped: str = "", approval_rationale: str = "", statutory_agency_told: str = "",
               statutory_told_on=None, request=None) -> CaseClosure:
    """Close with a reason, a summary and a closing rating.

    Whatever the reason given, a case whose risk stands at its tool's highest level (counting
    a computed level whose lower judgement still waits for its countersignature) closes only by
    a manager, with a rationale and a record of the statutory agency told and when: a high-risk
    case must not close because a child is "not engaging", however that is put. "Transferred"
    is never given here: a case is transferred only by a transfer its receiving service
    accepts. The service's managers are told whenever a case at medium risk or higher closes.
    The allocations end; the history stays."""
    locked = locked_open_case(case, closed="This case is already closed.", related=("young_person", "service"))
    risk = current_risk(locked)
    guarded = risk.highest
    errors = {}
    if reason == ClosureReason.TRANSFERRED:
        errors["reason"] = ("Select another reason. To transfer the case, ask the receiving service to take it on: "
                            "use “Transfer” on the case page")
    elif reason not in ClosureReason.values:
        errors["reason"] = "Select why the case is closing"
    if not summary.strip():
        errors["summary"] = "Enter a closing summary"
    if engagement not in Engagement.values:
        errors["engagement"] = "Select how engaged they were"
    if outcomes_achieved not in Rating.values:
        errors["outcomes_achieved"] = "Select how many outcomes were achieved"
    if guarded and not scoping.can_manage_service(actor, locked.service_id):
        # The approval's fields are not on a worker's page: say what to do instead.
        errors["__all__"] = (f"The current risk is {risk.label.lower()}: only a manager can close this case, with a "
                             f"rationale and a record of the statutory agency told. Ask a manager at "
                             f"{locked.service.name} to close it.")
    elif guarded:
        if not approval_rationale.strip():
            errors["approval_rationale"] = "Enter why closing is right although the risk is high"
        if not statutory_agency_told.strip():
            errors["statutory_agency_told"] = "Enter which statutory agency was told"
        if statutory_told_on is None:
            errors["statutory_told_on"] = "Enter when they were told"
        elif statutory_told_on > timezone.localdate():
            errors["statutory_told_on"] = "The date they were told must not be in the future"
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    closure = CaseClosure.objects.create(
        case=locked, closed_at=now, closed_by=actor, reason=reason, summary=summary.strip(),
        risk_now=risk.label, engagement=engagement,
        outcomes_achieved=outcomes_achieved, what_helped=what_helped.strip(), guarded=guarded,
        approval_rationale=approval_rationale.strip() if guarded else "",
        statutory_agency_told=statutory_agency_told.strip() if guarded else "",
        statutory_told_on=statutory_told_on if guarded else None,
    )
    audit.record(action="cases.case.closed", actor=actor, subject=locked, request=request,
                 detail={"reason": reason, "guarded": guarded, "risk_rank": risk.rank})
    end_the_work(actor=actor, case=locked, risk=risk, at=now)
    return closure


@transaction.atomic
def reopen_case(*, actor: User, case: Case, reason: str, worker: User, request=None) -> Case:
    """Reopen a closed case with a new lead worker; the closure and the earlier allocations
    stay in the history. The caller has checked the actor manages the service."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if locked.status != CaseStatus.CLOSED:
        raise ValidationError("This case is open.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the case is reopening"})
    if Case.objects.filter(young_person_id=locked.young_person_id, status=CaseStatus.OPEN).exists():
        raise ValidationError("The young person already has an open case at this service: work there instead.")
    if not works_here(worker, service_id=locked.service_id, spoke_id=locked.spoke_id):
        raise ValidationError(f"{worker} does not work where this case is held.")
    now = timezone.now()
    CaseClosure.objects.filter(case=locked, reopened_at__isnull=True).update(
        reopened_at=now, reopened_by=actor, reopen_reason=reason.strip())
    locked.status = CaseStatus.OPEN
    locked.save(update_fields=["status"])
    Allocation.objects.create(case=locked, worker=worker, role=AllocationRole.LEAD, allocated_by=actor, starts_at=now,
                              reason=reason.strip())
    audit.record(action="cases.case.reopened", actor=actor, subject=locked, request=request,
                 detail={"lead": str(worker.uuid)})
    assessment_actions.renew_countersignature_requests(young_person=locked.young_person)
    return locked
