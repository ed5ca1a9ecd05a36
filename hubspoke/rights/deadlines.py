"""When a subject access request must be answered: the ICO's rule, as pure functions.

- The time runs from the day the request is received, whether or not that is a working day.
- One calendar month is the same date in the next month; where the next month has no such date
  (31 January, 30 and 31 March...), it is that month's last day.
- Days the request was paused for (waiting for proof of identity or authority, or for the
  clarification asked for) do not count: the day the clock starts moves on by the days paused. A
  pause asked for on the day of receipt therefore means the time runs from the day the answer
  arrives, as the ICO says.
- A complex request may be extended by one or two further months (three in all, counted the
  same way from the same start). The requester must be told, with the reason, within the first
  month.
- A deadline that falls on a weekend or an England bank holiday moves to the next working day.
- While a pause is open there is no deadline: the clock is stopped.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from hubspoke.lib.workingdays import is_working_day

MAX_EXTENSION_MONTHS = 2
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Pause:
    """From the day something was asked for to the day it arrived (None: still waiting)."""

    start: dt.date
    end: dt.date | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same date ``months`` later, or the last day of that month where it has no such date."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day in England, otherwise the next one that is."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def paused_days(pauses: Iterable[Pause]) -> int:
    """Days the clock was stopped, overlapping pauses counted once. An open pause counts nothing
    here (``deadline`` gives None while one is open)."""
    spans = sorted((p.start, p.end) for p in pauses if p.end is not None)
    total, covered_to = 0, None
    for start, end in spans:
        if covered_to is not None and start < covered_to:
            start = covered_to
        if end > start:
            total += (end - start).days
            covered_to = end if covered_to is None else max(covered_to, end)
    return total


def clock_start(received_on: dt.date, pauses: Iterable[Pause] = ()) -> dt.date:
    """The day the month is counted from: the day received, moved on by the days paused."""
    return received_on + dt.timedelta(days=paused_days(pauses))


def is_paused(pauses: Iterable[Pause]) -> bool:
    return any(p.end is None for p in pauses)


def deadline(received_on: dt.date, *, pauses: Iterable[Pause] = (), extension_months: int = 0) -> dt.date | None:
    """The last day to answer, or None while the clock is stopped by an open pause."""
    if not 0 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError("A request may be extended by one or two months, no more.")
    pauses = list(pauses)
    if is_paused(pauses):
        return None
    start = clock_start(received_on, pauses)
    return next_working_day(add_months(start, 1 + extension_months))


def first_month_ends(received_on: dt.date, *, pauses: Iterable[Pause] = ()) -> dt.date | None:
    """The last day the requester can be told of an extension: the ordinary deadline."""
    return deadline(received_on, pauses=pauses)


def extension_problems(received_on: dt.date, *, pauses: Iterable[Pause] = (), months: int, reason: str,
                       told_on: dt.date | None) -> dict[str, str]:
    """What is wrong with an extension, by field (empty when it may be made)."""
    errors: dict[str, str] = {}
    if months not in range(1, MAX_EXTENSION_MONTHS + 1):
        errors["months"] = "Select an extension of one or two months"
    if not (reason or "").strip():
        errors["reason"] = "Enter why the request is complex"
    if told_on is None:
        errors["told_on"] = "Enter the date the requester was told"
    else:
        limit = first_month_ends(received_on, pauses=pauses)
        if told_on < received_on:
            errors["told_on"] = "The date the requester was told must be on or after the date received"
        elif limit is not None and told_on > limit:
            errors["told_on"] = (f"The requester must be told within the first month, by "
                                 f"{limit.day} {limit:%B %Y}: the request can no longer be extended")
    return errors


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    """Calendar days until the deadline (negative when overdue; None while paused)."""
    return None if due is None else (due - today).days


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    return due is not None and today > due


def is_due_soon(due: dt.date | None, today: dt.date) -> bool:
    """Due within a week, or overdue: the manager's home page shows it."""
    return due is not None and (due - today).days <= DUE_SOON_DAYS
