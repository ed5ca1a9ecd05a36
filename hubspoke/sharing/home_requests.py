"""The managers' line of what needs doing for requests for information (for ``home/to_do.py``,
beside ``sharing/home.py``'s agreements): the open requests of the services they manage, one
query, marked urgent when any asks urgently."""

from django.urls import reverse

from hubspoke.lib.todo import Item
from hubspoke.sharing.queries import open_request_counts


def items(user, scope) -> list[Item]:
    if not scope.managed_service_ids:
        return []
    counts = open_request_counts(scope.managed_service_ids)
    if not counts["waiting"]:
        return []
    label = "Requests for information waiting for an answer"
    if counts["urgent"]:
        label += f" ({counts['urgent']} urgent)"
    return [Item(label, counts["waiting"], reverse("sharing:requests"), urgent=bool(counts["urgent"]))]
