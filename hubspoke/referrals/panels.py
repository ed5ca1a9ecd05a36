"""Sections that the apps above referrals add to the young person's page (consent and
sharing now; later a young person's safety, participation and world), given at start-up with
``register`` so that referrals imports none of them. A panel's ``context(request, person)``
reads a fixed number of rows however long the record, and returns None to show nothing."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable


_panels: dict[str, Panel] = {}


def register(name: str, *, template: str, context: Callable) -> None:
    _panels[name] = Panel(name=name, template=template, context=context)


def for_person(request, person) -> list[tuple[str, dict]]:
    shown = []
    for panel in _panels.values():
        context = panel.context(request, person)
        if context is not None:
            shown.append((panel.template, context))
    return shown
