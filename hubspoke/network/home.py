"""What needs doing, at the top of a staff member's home page. The apps that hold the work
(referrals, cases, assessments) register a function at start-up, so that this app imports none
of them; each function returns its items for the person, in a fixed number of queries."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str
    urgent: bool = False  # overdue or waiting on this person: shown first, marked


_sources: list[Callable] = []


def register(source: Callable) -> None:
    """``source(user, scope) -> list[Item]``; ``scope`` is network.scoping.scope_for(user)."""
    if source not in _sources:
        _sources.append(source)


def items_for(user, scope) -> list[Item]:
    items = [item for source in _sources for item in source(user, scope)]
    return sorted(items, key=lambda item: not (item.urgent and item.count))
