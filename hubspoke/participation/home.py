"""A worker's home page: young people's feedback due and overdue in their caseload (two queries)."""

from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.lib.todo import Item
from hubspoke.participation import queries
from hubspoke.participation.rules import Status


def items(user, scope) -> list[Item]:
    if not scope.member_service_ids:
        return []
    on = today()
    rounds = queries.rounds_of(queries.my_open_cases(user), on=on).values()
    due = [r for r in rounds if r.status != Status.DONE and r.due_on <= on]
    mine = reverse("cases:mine")
    return [
        Item("Young people's feedback overdue in your caseload", sum(r.status == Status.OVERDUE for r in due), mine,
             urgent=True),
        Item("Young people's feedback due in your caseload", sum(r.status == Status.DUE for r in due), mine),
    ]
