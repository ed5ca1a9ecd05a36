"""A staff member's home page: their own visit in progress, and for a manager the alarms raised
and visits in progress at their services (one query); then overdue supervision, their own,
kind by kind, and for a manager how many of their team have some overdue (linking to the team
page). Two queries for a worker, three more for a manager."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.safety.queries import supervision as queries
from hubspoke.safety.queries import visits as visit_queries


def _kind_words(row) -> str:
    return row.label[:1].lower() + row.label[1:]


def items(user, scope) -> list[Item]:
    if not scope.member_service_ids:
        return []
    found = []
    visit = visit_queries.open_visit_of(user)
    if visit is not None:
        found.append(Item(f"Your visit in progress at {visit.place}", 1,
                          reverse("safety:visit", kwargs={"ref": visit.uuid}), urgent=visit.state != "in_progress"))
    if scope.managed_service_ids:
        alarms, open_visits = visit_queries.alarm_counts(scope.managed_service_ids)
        if alarms:
            found.append(Item("Lone-working alarms raised", alarms, reverse("safety:board"), urgent=True))
        if open_visits:
            found.append(Item("Lone-working visits in progress", open_visits, reverse("safety:board")))
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
