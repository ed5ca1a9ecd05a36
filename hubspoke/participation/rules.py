"""When a young person's feedback on their support falls due, and whether it is overdue. No I/O.

Rounds fall due when the case opens and then every ``every_weeks`` weeks from that day. Feedback
(or declining) given up to ``EARLY_DAYS`` before a round falls due counts for it, so that a
worker who sees the young person a few days early need not wait; a round not answered within
``OVERDUE_AFTER_DAYS`` of falling due is overdue until the next round falls due, which replaces
it (a missed round is missed, never chased twice)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

EARLY_DAYS = 14
OVERDUE_AFTER_DAYS = 28


class Status:
    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class Round:
    due_on: dt.date
    # Feedback given on or after this day counts for the round.
    counts_from: dt.date
    next_due_on: dt.date
    status: str
    # The last feedback (or decline) on the case, if any.
    last_given_on: dt.date | None = None

    @property
    def overdue_on(self) -> dt.date:
        return self.due_on + dt.timedelta(days=OVERDUE_AFTER_DAYS)

    @property
    def needs_feedback(self) -> bool:
        return self.status != Status.DONE


def round_on(*, opened_on: dt.date, every_weeks: int, last_given_on: dt.date | None, on: dt.date) -> Round:
    """The round that stands on ``on`` for a case opened on ``opened_on``: the latest to have
    fallen due by then, or, within ``EARLY_DAYS`` of the next, that next one if the current one
    is answered."""
    every = dt.timedelta(weeks=every_weeks)
    passed = max((on - opened_on) // every, 0)
    current = _round(opened_on, every, passed)
    upcoming = _round(opened_on, every, passed + 1)
    if last_given_on is not None and last_given_on >= current[1] and on >= upcoming[1]:
        # Answered already, and the next round can be answered early: show that one.
        current = upcoming
    due_on, counts_from, next_due_on = current
    if last_given_on is not None and last_given_on >= counts_from:
        status = Status.DONE
    elif on < due_on + dt.timedelta(days=OVERDUE_AFTER_DAYS):
        status = Status.DUE
    else:
        status = Status.OVERDUE
    return Round(due_on=due_on, counts_from=counts_from, next_due_on=next_due_on, status=status,
                 last_given_on=last_given_on)


def _round(opened_on: dt.date, every: dt.timedelta, n: int) -> tuple[dt.date, dt.date, dt.date]:
    due_on = opened_on + every * n
    counts_from = opened_on if n == 0 else due_on - dt.timedelta(days=EARLY_DAYS)
    return due_on, counts_from, opened_on + every * (n + 1)


def round_for_feedback(*, opened_on: dt.date, every_weeks: int, given_on: dt.date) -> dt.date:
    """The due day of the round that feedback given on ``given_on`` answers: the round that
    falls due next within ``EARLY_DAYS``, or else the latest to have fallen due."""
    every = dt.timedelta(weeks=every_weeks)
    passed = max((given_on - opened_on) // every, 0)
    due_on, _, next_due_on = _round(opened_on, every, passed)
    if given_on >= next_due_on - dt.timedelta(days=EARLY_DAYS):
        return next_due_on
    return due_on
