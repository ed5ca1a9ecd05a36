"""Information-sharing work at the top of a manager's home page (hubspoke.home): agreements past
their review date and not ended. One query."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.sharing import queries


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    due = queries.agreements_due_for_review(scope.managed_service_ids).count()
    return [Item("Information-sharing agreements due for review", due, reverse("sharing:agreements"), urgent=True)]
