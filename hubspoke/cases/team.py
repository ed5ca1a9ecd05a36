"""Columns that the apps above cases add to the team page (safety: days since each kind of
supervision, open lone-working incidents), given at start-up with ``register_columns`` so that
cases imports none of them. A provider reads a fixed number of rows for the whole team."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    lines: tuple[str, ...] = ()
    # Lines to mark as needing attention (overdue, open), shown as a red tag.
    urgent: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    label: str
    # membership pk -> Cell; a member with none shows "–".
    cells: dict = field(default_factory=dict)
    numeric: bool = False


_providers: dict[str, Callable] = {}


def register_columns(name: str, provider: Callable) -> None:
    """``provider(members, *, viewer) -> list[Column]``, ``members`` being the team page's
    memberships (with ``person``, ``service`` and ``spoke`` loaded)."""
    _providers[name] = provider


def columns_for(members: list, *, viewer) -> list[Column]:
    """Every registered column, and on each member ``extra_cells``: (column, its cell) in order."""
    columns = [column for provider in _providers.values() for column in provider(members, viewer=viewer)]
    for m in members:
        m.extra_cells = [(column, column.cells.get(m.pk) or Cell()) for column in columns]
    return columns
