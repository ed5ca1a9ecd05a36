"""Periodic jobs without cron: each ``Job`` names a django-tasks task (by dotted path, so this
app imports none of the apps whose work it schedules) and when it is due, every so many minutes
or daily at a local time. ``run_due`` enqueues each job's latest slot once. A scheduler that was
stopped runs a job's latest missed slot when it starts, not every slot it missed."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hubspoke.scheduler.models import ScheduledRun

logger = logging.getLogger("hubspoke.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path to a django-tasks Task
    every: dt.timedelta | None = None  # slots aligned on the epoch: every minute on the minute
    at: dt.time | None = None  # daily, at this time in settings.TIME_ZONE

    def __post_init__(self):
        if (self.every is None) == (self.at is None):
            raise ValueError(f"Job {self.name}: give either every= or at=")

    def latest_slot(self, now: dt.datetime) -> dt.datetime:
        """The most recent time, not after ``now``, this job was due."""
        if self.every is not None:
            step = int(self.every.total_seconds())
            return dt.datetime.fromtimestamp(int(now.timestamp()) // step * step, tz=dt.UTC)
        zone = ZoneInfo(settings.TIME_ZONE)
        local = now.astimezone(zone)
        slot = dt.datetime.combine(local.date(), self.at, tzinfo=zone)
        if slot > now:
            slot = dt.datetime.combine(local.date() - dt.timedelta(days=1), self.at, tzinfo=zone)
        return slot.astimezone(dt.UTC)


def schedule() -> tuple[Job, ...]:
    return tuple(import_string(settings.HUBSPOKE_SCHEDULE))


def run_due(*, jobs: tuple[Job, ...] | None = None, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose latest slot has no run yet; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in schedule() if jobs is None else jobs:
        slot = job.latest_slot(now)
        if ScheduledRun.objects.filter(job=job.name, due_at=slot).exists():
            continue
        try:
            # The run's row and, with the database task backend, the task's row commit together:
            # a slot is never taken without its task being queued.
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, due_at=slot)
                result = import_string(job.task).enqueue()
                run.task_id = str(result.id)[:64]
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler took this slot first
        # Daily jobs are worth a line in the log; the every-minute ones would drown it.
        logger.log(logging.INFO if job.at else logging.DEBUG, "Scheduled job enqueued",
                   extra={"job": job.name, "due_at": slot.isoformat()})
        enqueued.append(job.name)
    return enqueued
