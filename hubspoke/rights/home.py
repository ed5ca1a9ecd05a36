"""Subject access requests at the top of a service manager's home page: those overdue (urgent)
and those due within a week. One query."""

from django.db.models import Count, Q
from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item
from hubspoke.rights import queries


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    counts = queries.due_soon(scope.managed_service_ids).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today())), soon=Count("pk", filter=Q(due_on__gte=today())))
    url = reverse("rights:requests")
    return [Item("Subject access requests overdue", counts["overdue"], url, urgent=True),
            Item("Subject access requests due within a week", counts["soon"], url)]
