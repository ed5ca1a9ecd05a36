"""Monitoring's rules about returns: which quarters a service owes a return for, when each is
due, whether a return can still be changed, and the reference a draft has before and after its
row is made. No queries here: callers pass what the rules need."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from hubspoke.lib import periods
from hubspoke.monitoring.models import MonitoringReturn, MonitoringSettings, ReturnStatus

# Drafts' references are derived from their service and quarter, so that the page can link to a
# draft before its row is made and the link still works once it is (any fixed namespace would do).
DRAFT_NAMESPACE = uuid.UUID("5b7f2f8e-6a3c-4d3e-9c1e-2f0b8d6a4e10")


def first_owed_day(service, settings: MonitoringSettings) -> date:
    """Returns are owed from the programme's first quarter, or the quarter the service's phase
    began if that is later. ``service`` comes with its ``phase``."""
    return max(settings.returns_from, service.phase.starts_on or settings.returns_from)


def owed_periods(service, settings: MonitoringSettings, *, on: date) -> list[periods.Period]:
    """Every quarter the service owes a return for by ``on``: each that has ended, oldest first.
    ``service`` comes with its ``programme`` and ``phase``."""
    return periods.ended_between(first_owed_day(service, settings), on, service.programme.year_start_month)


def due_on(period: periods.Period, settings: MonitoringSettings) -> date:
    return period.end + timedelta(days=settings.deadline_days)


def draft_ref(service, period_start: date) -> uuid.UUID:
    """The reference of a service's draft for the quarter starting ``period_start``: the same
    whether the draft is shown before its row is made or after."""
    return uuid.uuid5(DRAFT_NAMESPACE, f"{service.uuid}/{period_start.isoformat()}")


def unmade_draft(service, period: periods.Period, settings: MonitoringSettings) -> MonitoringReturn:
    """The draft a service owes for ``period`` as it will be made: not saved (``pk`` is None)."""
    return MonitoringReturn(service=service, period_start=period.start, period_end=period.end,
                            due_on=due_on(period, settings), uuid=draft_ref(service, period.start))


def may_change(monitoring_return: MonitoringReturn) -> bool:
    """Only a draft's narrative can be changed, or a draft submitted; a submitted return is
    reopened first."""
    return monitoring_return.status == ReturnStatus.DRAFT
