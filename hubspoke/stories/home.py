"""A manager's home page line: young people's stories waiting for their check (services that
ask for one). One query."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.stories import queries


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    waiting = queries.waiting_for_check(scope.managed_service_ids).exclude(finished_by=user).count()
    if not waiting:
        return []
    return [Item("Young people's stories waiting for your check", waiting, reverse("stories:waiting"), urgent=True)]
