"""Lines that the apps above cases add under a young person's name in a caseload (young
people's feedback due), given at start-up with ``register_notes`` so that cases imports none of
them. A provider reads a fixed number of rows for the whole caseload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    text: str
    url: str = ""
    # Needs attention now (overdue): shown as a red tag rather than a grey one.
    urgent: bool = False


_providers: dict[str, Callable] = {}


def register_notes(name: str, provider: Callable) -> None:
    """``provider(cases, *, on) -> {case pk: [Note, ...]}``, ``cases`` being the caseload's open
    cases (with ``service`` loaded)."""
    _providers[name] = provider


def notes_for(cases: list, *, on: dt.date) -> dict[int, list[Note]]:
    found: dict[int, list[Note]] = {}
    for provider in _providers.values():
        for pk, notes in provider(cases, on=on).items():
            found.setdefault(pk, []).extend(notes)
    return found
