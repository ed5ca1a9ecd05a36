"""Allocation: opening a case for an accepted referral, and changing its lead worker."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import Allocation, AllocationRole, Case, CaseReferral, CaseStatus
from hubspoke.cases.rules import works_here
from hubspoke.referrals.models import Referral, ReferralStatus


def _already_allocated(referral: Referral) -> ValidationError:
    link = CaseReferral.objects.select_related("linked_by").filter(referral=referral).first()
    lead = (
        Allocation.objects.filter(case_id=link.case_id, role=AllocationRole.LEAD, ends_at__isnull=True)
        .select_related("worker")
        .first()
        if link
        else None
    )
    when = f" at {timezone.localtime(link.linked_at):%H:%M on %-d %B}" if link else ""
    by = f" by {link.linked_by}" if link else ""
    to = f" to {lead.worker}" if lead else ""
    return ValidationError(f"This referral has already been allocated{to}{by}{when}.")


@transaction.atomic
def allocate_referral(*, actor: User, referral: Referral, worker: User, request=None) -> Case:
    """Open a case for an accepted referral with ``worker`` as lead, or, if the young person
    already has an open case at the service, add the referral to it. Of two people allocating
    the same referral at once, exactly one succeeds; the other is told who did."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.ACCEPTED:
        raise ValidationError("Only an accepted referral can be allocated.")
    if CaseReferral.objects.filter(referral=locked).exists():
        raise _already_allocated(locked)
    if not works_here(worker, service_id=locked.service_id, spoke_id=locked.spoke_id):
        raise ValidationError(f"{worker} does not work where this referral is held.")
    now = timezone.now()
    case = Case.objects.filter(young_person_id=locked.young_person_id, status=CaseStatus.OPEN).first()
    opened = case is None
    if opened:
        case = Case.objects.create(
            service=locked.service,
            spoke=locked.spoke,
            young_person_id=locked.young_person_id,
            opened_at=now,
            opened_by=actor,
        )
        Allocation.objects.create(case=case, worker=worker, role=AllocationRole.LEAD, allocated_by=actor, starts_at=now)
    try:
        with transaction.atomic():  # the unique referral link settles a race the lock missed
            CaseReferral.objects.create(case=case, referral=locked, linked_at=now, linked_by=actor)
    except IntegrityError:
        raise _already_allocated(locked) from None
    if opened:
        audit.record(
            action="cases.case.opened",
            actor=actor,
            subject=case,
            request=request,
            detail={"referral": str(locked.uuid), "lead": str(worker.uuid)},
        )
    audit.record(
        action="cases.case.referral_linked",
        actor=actor,
        subject=case,
        request=request,
        detail={"referral": str(locked.uuid)},
    )
    return case


@transaction.atomic
def reallocate_case(*, actor: User, case: Case, worker: User, reason: str = "", request=None) -> Allocation:
    """A new lead worker; the previous allocation ends now and stays in the history. The
    caller has checked that the actor manages the case's service."""
    locked = locked_open_case(case, closed="This case is closed. Reopen it before changing its lead worker.")
    current = locked.allocations.filter(role=AllocationRole.LEAD, ends_at__isnull=True).first()
    if current is not None and current.worker_id == worker.pk:
        raise ValidationError(f"{worker} is already the lead worker.")
    if not works_here(worker, service_id=locked.service_id, spoke_id=locked.spoke_id):
        raise ValidationError(f"{worker} does not work where this case is held.")
    now = timezone.now()
    if current is not None:
        current.ends_at = now
        current.save(update_fields=["ends_at"])
    allocation = Allocation.objects.create(
        case=locked, worker=worker, role=AllocationRole.LEAD, allocated_by=actor, starts_at=now, reason=reason.strip()
    )
    audit.record(
        action="cases.allocation.changed",
        actor=actor,
        subject=locked,
        request=request,
        detail={"from": str(current.worker.uuid) if current else None, "to": str(worker.uuid)},
    )
    return allocation
