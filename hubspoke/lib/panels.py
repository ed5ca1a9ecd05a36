"""A page's sections that apps above it add at start-up, so that the page's app imports none of
them (the young person's page: ``referrals/panels.py``; the case page: ``cases/panels.py``).
A panel's ``context(request, obj)`` reads a fixed number of rows however long the record, and
returns None to show nothing."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable


class Panels:
    def __init__(self):
        self._panels: dict[str, Panel] = {}

    def register(self, name: str, *, template: str, context: Callable) -> None:
        self._panels[name] = Panel(name=name, template=template, context=context)

    def shown(self, request, obj) -> list[tuple[str, dict]]:
        """(template, context) of each panel that has something to show for ``obj``."""
        found = []
        for panel in self._panels.values():
            context = panel.context(request, obj)
            if context is not None:
                found.append((panel.template, context))
        return found
