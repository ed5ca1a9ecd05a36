"""What safety shows on pages that cases draws: the team page's support columns, and the
chronology's "Discussed in supervision" (its date and kind only: nothing said, nobody's
notes). Each a fixed number of queries for the whole team or case."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hubspoke.cases.chronology import Event
from hubspoke.cases.team import Cell, Column
from hubspoke.safety.models import SupervisionCase
from hubspoke.safety.queries import supervision as supervision_queries


def chronology_events(case) -> list[Event]:
    """One query."""
    links = SupervisionCase.objects.filter(case=case).select_related("supervision").only(
        "supervision__uuid", "supervision__kind", "supervision__held_on")
    return [
        Event(timezone.make_aware(dt.datetime.combine(link.supervision.held_on, dt.time(12))), "supervision",
              "Discussed in supervision", link.supervision.get_kind_display(), ref=str(link.supervision.uuid))
        for link in links
    ]


def _supervision_cell(rows) -> Cell:
    lines, urgent = [], []
    for row in rows:
        if row.last and row.days_since == 0:
            line = f"{row.short_label}: today"
        elif row.last:
            line = f"{row.short_label}: {row.days_since} day{'s' if row.days_since != 1 else ''}"
        else:
            line = f"{row.short_label}: none yet"
        if row.overdue:
            line += " (overdue)"
            urgent.append(line)
        lines.append(line)
    return Cell(lines=tuple(lines), urgent=tuple(urgent))


def columns(members, *, viewer) -> list[Column]:
    """Days since each kind of supervision (the kinds the member's role is scheduled for, and
    any they have had), overdue ones marked, and open lone-working incidents (alarms not yet
    resolved): three queries for the whole team."""
    standing = supervision_queries.standing_for(members)
    incidents = supervision_queries.open_incidents(
        {m.person_id for m in members}, {supervision_queries.service_id_of(m) for m in members})
    open_cells = {}
    for m in members:
        n = incidents.get(m.person_id, 0)
        open_cells[m.pk] = Cell(lines=(str(n),), urgent=(str(n),) if n else ())
    return [Column(label="Days since supervision",
                   cells={pk: _supervision_cell(rows) for pk, rows in standing.items() if rows}),
            Column(label="Open incidents", cells=open_cells, numeric=True)]
