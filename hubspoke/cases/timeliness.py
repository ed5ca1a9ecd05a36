"""Timeliness on a case.

- The first-contact target: a young person accepted by a service should be met or spoken to
  within the service's number of England working days of acceptance, whether or not they are
  still waiting for a worker.
- Engagement: a case with ``ENGAGEMENT_ATTEMPTS`` or more unsuccessful attempts since the young
  person was last reached, and no contact for ``ENGAGEMENT_DAYS`` days, is flagged, so that the
  team thinks again about how to reach them (never as a reason to close a high-risk case)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from hubspoke.lib.workingdays import add_working_days

ENGAGEMENT_ATTEMPTS = 3
ENGAGEMENT_DAYS = 14


def hard_to_reach(*, attempts: int, last_reached: dt.datetime | None, opened_at: dt.datetime, on: dt.date) -> bool:
    since = timezone.localdate(last_reached or opened_at)
    return attempts >= ENGAGEMENT_ATTEMPTS and (on - since).days >= ENGAGEMENT_DAYS


def days_since(moment: dt.datetime | None, on: dt.date) -> int | None:
    return (on - timezone.localdate(moment)).days if moment else None


@dataclass(frozen=True)
class FirstContact:
    due_on: dt.date | None
    made_on: dt.date | None
    on: dt.date

    @property
    def overdue(self) -> bool:
        return self.made_on is None and self.due_on is not None and self.due_on < self.on

    @property
    def due_today(self) -> bool:
        return self.made_on is None and self.due_on == self.on

    @property
    def late(self) -> bool:
        """Made, but after the target."""
        return self.made_on is not None and self.due_on is not None and self.made_on > self.due_on


def first_contact(*, accepted_at: dt.datetime | None, target_working_days: int, made_on: dt.date | None,
                  on: dt.date) -> FirstContact:
    due = add_working_days(timezone.localdate(accepted_at), target_working_days) if accepted_at else None
    return FirstContact(due_on=due, made_on=made_on, on=on)


TURNING_18_WINDOW_DAYS = 91  # about three months


def eighteenth_birthday(date_of_birth: dt.date | None) -> dt.date | None:
    if date_of_birth is None:
        return None
    try:
        return date_of_birth.replace(year=date_of_birth.year + 18)
    except ValueError:  # born on 29 February
        return dt.date(date_of_birth.year + 18, 3, 1)


def turning_18_soon(date_of_birth: dt.date | None, on: dt.date) -> bool:
    """Turns 18 within about three months: time to agree a transition plan."""
    birthday = eighteenth_birthday(date_of_birth)
    return birthday is not None and on <= birthday <= on + dt.timedelta(days=TURNING_18_WINDOW_DAYS)
