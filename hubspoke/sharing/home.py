"""Information-sharing work at the top of a manager's home page (hubspoke.home): agreements past
their review date and not ended, and partners' requests waiting for an answer. Two queries."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.sharing import home_requests, queries


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    due = queries.agreements_due_for_review(scope.managed_service_ids).count()
    agreements = [Item("Information-sharing agreements due for review", due, reverse("sharing:agreements"),
                       urgent=True)]
    return agreements + home_requests.items(user, scope)
