"""Assessments waiting on someone, at the top of their home page (hubspoke.home)."""

from django.urls import reverse

from hubspoke.assessments import queries
from hubspoke.lib.todo import Item


def items(user, scope) -> list[Item]:
    found = []
    drafts = queries.drafts_of(user).count()
    if drafts:
        found.append(Item("Your draft assessments", drafts, reverse("assessments:mine")))
    if scope.managed_service_ids:
        found.append(Item("Assessments waiting for your countersignature",
                          queries.awaiting_countersignature(user).count(),
                          reverse("assessments:countersignatures"), urgent=True))
    return found
