"""Caseload and waiting-list work at the top of a staff member's home page (hubspoke.home)."""

from django.urls import reverse

from hubspoke.cases import queries
from hubspoke.cases.models import CaseTransfer, TransferStatus
from hubspoke.cases.timeliness import first_contact
from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item


def items(user, scope) -> list[Item]:
    if not scope.member_service_ids:
        return []
    on = today()
    caseload = list(queries.my_caseload(user))
    contact_overdue = sum(
        first_contact(accepted_at=a.accepted_at, target_working_days=a.case.service.first_contact_target_working_days,
                      made_on=a.case.first_contact_on, on=on).overdue
        for a in caseload
    )
    reviews_overdue = sum(1 for a in caseload if a.next_review_on and a.next_review_on < on)
    mine = reverse("cases:mine")
    found = [
        Item("Your open cases", len(caseload), mine),
        Item("First contact overdue in your caseload", contact_overdue, mine, urgent=True),
        Item("Assessment reviews overdue in your caseload", reviews_overdue, mine, urgent=True),
        Item("Waiting for a worker", queries.waiting_list(user).count(), reverse("cases:waiting_list")),
    ]
    if scope.managed_service_ids:
        waiting = CaseTransfer.objects.filter(to_service_id__in=scope.managed_service_ids,
                                              status=TransferStatus.REQUESTED).count()
        found.append(Item("Transfers waiting for your answer", waiting, reverse("cases:transfers"), urgent=True))
        found.append(Item("Assessment reviews overdue in your service",
                          queries.reviews_overdue(scope.managed_service_ids).count(), reverse("cases:levels"),
                          urgent=True))
    return found
