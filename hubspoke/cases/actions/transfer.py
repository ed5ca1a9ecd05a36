"""Transfers: asking another service or spoke to take the work on, and its answer.

A transfer to another service takes information outside the service, so it goes through the
sharing app's door (``sharing.actions.record_handover``), in the transfer's own transaction,
at each of the two moments something is given to the receiving service:

- when the transfer is asked for: the receiving service's managers can open it at once
  (``cases:transfer_detail``), before they accept or decline, and see the young person's name
  and the handover summary the worker wrote (why the young person was referred and is being
  referred on: the concerns, and what the worker chose to say of risk and the plan). That is a
  disclosure of identity and of the referral and concerns, and it stands if they decline;
- when it is accepted: the young person's record is copied there (``copy_young_person``: their
  details with the monitoring answers, other names, and contact details and address). That is
  a disclosure of identity and contact details, and of health (disability, learning
  disability and autism are among the copied details). Nothing else is copied: the case file,
  assessments and referrals stay with the sending service.

Within one service (spoke to spoke, or to and from the hub) nothing leaves the service: no
disclosure is recorded."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.actions.closing import end_the_work
from hubspoke.cases.models import (
    Allocation,
    AllocationRole,
    Case,
    CaseClosure,
    CaseTransfer,
    ClosureReason,
    TransferStatus,
)
from hubspoke.cases.queries import current_risk
from hubspoke.cases.rules import works_here
from hubspoke.network import queries as network_queries
from hubspoke.notifications.actions import notify
from hubspoke.referrals import actions as referral_actions
from hubspoke.sharing import actions as sharing_actions
from hubspoke.sharing.categories import Category

# What each handover to another service gives it (see the module's docstring).
HANDOVER_ASKED = [Category.IDENTITY, Category.REFERRAL]
RECORD_COPIED = [Category.IDENTITY, Category.HEALTH]


@transaction.atomic
def request_transfer(*, actor: User, case: Case, to_service, to_spoke=None, handover_summary: str,
                     request=None) -> CaseTransfer:
    """Ask the receiving service's managers to take the work on. The caller has checked the
    actor may record on the case."""
    locked = locked_open_case(case)
    errors = {}
    if to_spoke is not None and to_spoke.service_id != to_service.pk:
        errors["to_spoke"] = "Select a spoke of that service"
    if to_service.pk == locked.service_id and (to_spoke.pk if to_spoke else None) == locked.spoke_id:
        errors["to_service"] = "Select somewhere other than where the work is held now"
    if not handover_summary.strip():
        errors["handover_summary"] = "Enter the handover summary"
    if locked.transfers_out.filter(status=TransferStatus.REQUESTED).exists():
        errors["__all__"] = "A transfer of this case is already waiting for an answer"
    if errors:
        raise ValidationError(errors)
    transfer = CaseTransfer.objects.create(case=locked, to_service=to_service, to_spoke=to_spoke,
                                           handover_summary=handover_summary.strip(), requested_at=timezone.now(),
                                           requested_by=actor)
    audit.record(action="cases.transfer.requested", actor=actor, subject=locked, request=request,
                 detail={"transfer": str(transfer.uuid), "to_service": str(to_service.uuid)})
    if to_service.pk != locked.service_id:
        # The receiving managers can read the name and the handover from now on.
        sharing_actions.record_handover(actor=actor, young_person=locked.young_person, to_service=to_service,
                                        summary=transfer.handover_summary, categories=HANDOVER_ASKED,
                                        decided_by=actor, request=request,
                                        reason=f"{to_service.name} was asked to take on the young person's "
                                               "support: its managers see the handover before they answer.")
    managers = [m.person for m in network_queries.managers_of([to_service.pk]) if m.person_id != actor.pk]
    notify(recipients=managers, kind="cases.transfer", subject=transfer)
    return transfer


@transaction.atomic
def decline_transfer(*, actor: User, transfer: CaseTransfer, reason: str, request=None) -> CaseTransfer:
    locked = CaseTransfer.objects.select_for_update().get(pk=transfer.pk)
    if locked.status != TransferStatus.REQUESTED:
        raise ValidationError("This transfer has already been answered.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the transfer is declined"})
    locked.status, locked.decided_at, locked.decided_by = TransferStatus.DECLINED, timezone.now(), actor
    locked.decline_reason = reason.strip()
    locked.save()
    audit.record(action="cases.transfer.declined", actor=actor, subject=locked.case, request=request,
                 detail={"transfer": str(locked.uuid)})
    return locked


@transaction.atomic
def accept_transfer(*, actor: User, transfer: CaseTransfer, worker: User, request=None) -> Case:
    """The receiving manager takes the work on with a lead worker. Within one service the case
    moves to the new spoke; to another service the young person's record is copied there
    (details, other names and contact details), a new case opens with the handover summary,
    and the sending case closes as transferred. The caller has checked the actor manages the
    receiving service."""
    locked = CaseTransfer.objects.select_for_update().select_related("case__young_person").get(pk=transfer.pk)
    if locked.status != TransferStatus.REQUESTED:
        raise ValidationError("This transfer has already been answered.")
    case = locked_open_case(locked.case)
    spoke_id = locked.to_spoke_id
    if not works_here(worker, service_id=locked.to_service_id, spoke_id=spoke_id):
        raise ValidationError(f"{worker} does not work where the case is going.")
    now = timezone.now()
    person = case.young_person
    if locked.to_service_id == case.service_id:
        # Everything about the young person is seen where the work is held: the old spoke sees
        # none of it (referrals and assessments follow the record, see their queries).
        case.spoke_id = spoke_id
        case.save(update_fields=["spoke"])
        referral_actions.move_young_person(actor=actor, person=person, spoke=locked.to_spoke, request=request)
        case.allocations.filter(ends_at__isnull=True).update(ends_at=now)
        Allocation.objects.create(case=case, worker=worker, role=AllocationRole.LEAD, allocated_by=actor,
                                  starts_at=now, reason="Transferred: " + locked.handover_summary[:200])
        new_case = case
    else:
        copy = referral_actions.copy_young_person(actor=actor, person=person, service=locked.to_service,
                                                  spoke=locked.to_spoke, request=request)
        # The copy is the receiving service's own record: a second disclosure, decided by
        # whoever asked for the transfer, made when the receiving manager accepted it.
        sharing_actions.record_handover(
            actor=actor, young_person=person, to_service=locked.to_service, categories=RECORD_COPIED,
            summary=("A copy of the record, made when the transfer was accepted: the young person's details "
                     "(with their monitoring answers), other names, and contact details and address."),
            decided_by=locked.requested_by, request=request,
            reason=f"{locked.to_service.name} accepted the transfer of the young person's support.",
        )
        new_case = Case.objects.create(service=locked.to_service, spoke=locked.to_spoke, young_person=copy,
                                       opened_at=now, opened_by=actor)
        Allocation.objects.create(case=new_case, worker=worker, role=AllocationRole.LEAD, allocated_by=actor,
                                  starts_at=now)
        risk = current_risk(case)
        CaseClosure.objects.create(
            case=case, closed_at=now, closed_by=actor, reason=ClosureReason.TRANSFERRED,
            summary=f"Transferred to {locked.to_service.name}. Handover: {locked.handover_summary}",
            risk_now=risk.label, engagement="sometimes", outcomes_achieved="some",
        )
        end_the_work(actor=actor, case=case, risk=risk, at=now)
    locked.status, locked.decided_at, locked.decided_by, locked.new_case = TransferStatus.ACCEPTED, now, actor, new_case
    locked.save()
    audit.record(action="cases.transfer.accepted", actor=actor, subject=case, request=request,
                 detail={"transfer": str(locked.uuid)})
    if new_case.pk != case.pk:
        audit.record(action="cases.case.opened", actor=actor, subject=new_case, request=request,
                     detail={"transfer": str(locked.uuid), "lead": str(worker.uuid)})
    return new_case
