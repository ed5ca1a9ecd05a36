"""One line of what needs doing, at the top of a staff member's home page: each app's
``home.items(user, scope)`` returns these, and the top layer (``hubspoke.home``) puts them
together."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    label: str
    count: int
    url: str
    urgent: bool = False  # overdue or waiting on this person: shown first, marked
