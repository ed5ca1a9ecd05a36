"""Overdue supervision at the top of a staff member's home page: their own, kind by kind, and
for a manager how many of their team have some overdue (linking to the team page). Two
queries for a worker, three more for a manager."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.safety.queries import supervision as queries


def _kind_words(row) -> str:
    return row.label[:1].lower() + row.label[1:]


def items(user, scope) -> list[Item]:
    if not scope.member_service_ids:
        return []
    found = []
    mine = reverse("safety:supervision_list")
    own = {}
    for rows in queries.standing_for(scope.memberships).values():
        for row in rows:
            if row.overdue and row.kind not in own:
                own[row.kind] = row
    for row in own.values():
        last = f"last: {row.last:%-d %B %Y}" if row.last else "none recorded yet"
        found.append(Item(f"Your {_kind_words(row)} is overdue ({last})", 1, mine, urgent=True))
    if scope.managed_service_ids:
        team = list(queries.staff_of(scope.managed_service_ids))
        overdue = queries.people_overdue(team)
        if overdue:
            found.append(Item("People in your team whose supervision is overdue", len(overdue),
                              reverse("cases:team"), urgent=True))
    return found
