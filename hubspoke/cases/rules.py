"""Who may take work on a case: the rules the actions enforce and the pages offer."""

from hubspoke.cases import queries
from hubspoke.cases.models import Allocation, Case, CaseStatus
from hubspoke.network import scoping
from hubspoke.network.models import Membership


def works_here(person, *, service_id: int, spoke_id: int | None) -> bool:
    """Whether ``person`` may lead or co-work work held at this service (and spoke): exactly the
    people ``queries.workers_for`` lists."""
    return queries.workers_for(service_id=service_id, spoke_id=spoke_id).filter(person=person).exists()


def co_worker_choices(user, case: Case, *, lead: Allocation | None) -> list[Membership]:
    """Whom a manager of the case's service may make its co-worker while it is open: anyone who
    works where it is held except its lead. Nobody, for anyone else or a closed case."""
    if case.status != CaseStatus.OPEN or not scoping.can_manage_service(user, case.service_id):
        return []
    return [m for m in queries.workers_for(service_id=case.service_id, spoke_id=case.spoke_id)
            if lead is None or m.person_id != lead.worker_id]
