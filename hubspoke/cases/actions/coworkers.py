"""A second worker on a case."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases.actions._lock import locked_open_case
from hubspoke.cases.models import Allocation, AllocationRole, Case
from hubspoke.cases.rules import works_here


@transaction.atomic
def set_co_worker(*, actor: User, case: Case, worker: User | None = None, request=None) -> Allocation | None:
    """A second worker on the case (or none): they can see and record on it like the lead. The
    previous co-worker's allocation ends and stays in the history. The caller has checked the
    actor manages the service."""
    locked = locked_open_case(case)
    now = timezone.now()
    current = locked.allocations.filter(role=AllocationRole.CO_WORKER, ends_at__isnull=True).first()
    lead = locked.allocations.filter(role=AllocationRole.LEAD, ends_at__isnull=True).first()
    if worker is not None:
        if lead is not None and lead.worker_id == worker.pk:
            raise ValidationError({"worker": f"{worker} is already the lead worker"})
        if current is not None and current.worker_id == worker.pk:
            raise ValidationError({"worker": f"{worker} is already the co-worker"})
        if not works_here(worker, service_id=locked.service_id, spoke_id=locked.spoke_id):
            raise ValidationError({"worker": f"{worker} does not work where this case is held"})
    if current is not None:
        current.ends_at = now
        current.save(update_fields=["ends_at"])
    made = None
    if worker is not None:
        made = Allocation.objects.create(case=locked, worker=worker, role=AllocationRole.CO_WORKER,
                                         allocated_by=actor, starts_at=now)
    audit.record(action="cases.allocation.co_worker", actor=actor, subject=locked, request=request,
                 detail={"to": str(worker.uuid) if worker else None})
    return made
