"""The timer's rules: when a visit is due, and how long each grace and wait lasts.

Timings come from ``HUBSPOKE_SAFETY_TIMINGS`` (minutes), so that the demo can show a visit
going amber and red within a couple of minutes; a service's own chain steps say how long each
red step waits. ``step_wait_cap`` (the demo's) shortens every step's wait."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

from hubspoke.lib.workingdays import is_working_day

LONDON = ZoneInfo("Europe/London")
OFFICE_OPENS, OFFICE_CLOSES = dt.time(9, 0), dt.time(17, 0)
EXTENSIONS = (15, 30, 60)  # minutes a worker may add from the visit page
LONGEST_VISIT = dt.timedelta(hours=12)


@dataclass(frozen=True)
class Timings:
    amber_grace: dt.timedelta  # after a missed check-in or end, before amber (and the reminder)
    buddy_after: dt.timedelta  # after amber, before the buddy or manager is told
    red_after: dt.timedelta  # after amber, before red and the chain
    step_wait_cap: dt.timedelta | None


DEFAULTS = {"amber_grace": 5, "buddy_after": 5, "red_after": 15, "step_wait_cap": None}


def timings() -> Timings:
    given = {**DEFAULTS, **getattr(settings, "HUBSPOKE_SAFETY_TIMINGS", {})}
    minutes = lambda key: None if given[key] is None else dt.timedelta(minutes=given[key])  # noqa: E731
    return Timings(minutes("amber_grace"), minutes("buddy_after"), minutes("red_after"), minutes("step_wait_cap"))


def due_at(visit) -> dt.datetime:
    """When the worker must next be heard from: the next check-in, or the end, whichever is sooner."""
    due = visit.expected_end
    if visit.check_in_every:
        since = visit.last_check_in_at or visit.started_at
        due = min(due, since + dt.timedelta(minutes=visit.check_in_every))
    return due


def step_wait(step_minutes: int) -> dt.timedelta:
    wait = dt.timedelta(minutes=step_minutes)
    cap = timings().step_wait_cap
    return min(wait, cap) if cap else wait


def in_office_hours(at: dt.datetime) -> bool:
    """Monday to Friday, 9:00 to 17:00 in England, bank holidays excepted."""
    local = at.astimezone(LONDON)
    return is_working_day(local.date()) and OFFICE_OPENS <= local.time() < OFFICE_CLOSES
