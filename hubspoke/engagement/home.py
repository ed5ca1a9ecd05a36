"""A manager's home page: the challenges open at their services, with the age of the oldest
(one query)."""

from django.urls import reverse

from hubspoke.engagement import queries
from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    count, oldest = queries.open_challenge_summary(scope.managed_service_ids, user)
    if not count:
        return []
    days = (today() - oldest).days
    url = reverse("engagement:list", kwargs={"kind": "challenges"}) + "?outcome=open"
    return [Item(f"Challenges open, the oldest raised {days} day{'s' if days != 1 else ''} ago", count, url,
                 urgent=days > 28)]
