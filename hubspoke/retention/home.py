"""Retention work at the top of a manager's home page (hubspoke.home): records due for review,
and disposals waiting for a second person (for the managers and the data protection lead).
A fixed number of queries."""

from django.db.models import Q
from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item
from hubspoke.retention import queries


def items(user, scope) -> list[Item]:
    found = []
    if scope.managed_service_ids:
        due_now, _ = queries.due_for_review(scope.managed_service_ids, today=today())
        found.append(Item("Records due for review", len(due_now), reverse("retention:due")))
    deciding = set(scope.managed_service_ids) | queries.led_service_ids(user)
    if deciding:
        waiting = queries.disposals_waiting(deciding).filter(~Q(proposed_by=user)).count()
        found.append(Item("Disposals waiting for your decision", waiting, reverse("retention:certificates"),
                          urgent=True))
    return found
