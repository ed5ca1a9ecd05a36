"""The exchange lead's home page: reported posts waiting, and posts published past a warning
this week (two queries); and for everyone with a place in the forum, its latest threads."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from hubspoke.exchange import queries, rules
from hubspoke.lib.todo import Item


def items(user, scope) -> list[Item]:
    if not rules.is_lead(scope.memberships):
        return []
    programmes = {m.programme_id for m in scope.memberships if m.role == rules.Role.EXCHANGE_LEAD}
    found = []
    reported = queries.open_reports(programmes).count()
    if reported:
        found.append(Item("Reported forum posts waiting for you", reported, reverse("exchange:reports"), urgent=True))
    warned = queries.warned_posts(programmes, since=timezone.now() - dt.timedelta(days=7)).count()
    if warned:
        found.append(Item("Forum posts published past a warning this week", warned, reverse("exchange:reports")))
    return found


def latest_threads(scope, *, limit: int = 5) -> list:
    if not rules.has_forum(scope.memberships):
        return []
    categories = queries.categories_for(scope.memberships)
    return list(queries.latest_threads(categories, lead=rules.is_lead(scope.memberships))[:limit])
