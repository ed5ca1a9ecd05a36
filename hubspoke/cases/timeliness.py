"""The first-contact target: a young person accepted by a service should be met or spoken to
within the service's number of England working days of acceptance, whether or not they are
still waiting for a worker."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from hubspoke.lib.workingdays import add_working_days


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
