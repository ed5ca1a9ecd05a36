"""The schedule: each job's slot is enqueued once, however many schedulers run, and the worker
runs what was enqueued."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from hubspoke.monitoring.models import MonitoringReturn
from hubspoke.scheduler import jobs
from hubspoke.scheduler.jobs import Job
from hubspoke.scheduler.models import ScheduledRun

LONDON_SUMMER = dt.datetime(2026, 7, 1, 1, 30, tzinfo=dt.UTC)  # 02:30 in London
SWEEP = Job("outbox.sweep", task="hubspoke.outbox.tasks.sweep", every=dt.timedelta(minutes=1))
DRAFTS = Job("monitoring.draft_returns", task="hubspoke.monitoring.tasks.make_due_drafts", at=dt.time(3, 0))


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_a_job_is_due_every_so_often_or_daily_at_a_local_time():
    assert SWEEP.latest_slot(LONDON_SUMMER + dt.timedelta(seconds=59)) == LONDON_SUMMER
    # 03:00 in London has not come yet: yesterday's; in summer that is 02:00 UTC.
    assert DRAFTS.latest_slot(LONDON_SUMMER) == dt.datetime(2026, 6, 30, 2, 0, tzinfo=dt.UTC)
    assert DRAFTS.latest_slot(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)) == dt.datetime(2026, 12, 1, 3, 0,
                                                                                           tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        Job("neither", task="x")


def test_the_schedule_names_real_tasks():
    from django.utils.module_loading import import_string
    from django_tasks.base import Task

    names = [job.name for job in jobs.schedule()]
    assert {"outbox.sweep", "monitoring.draft_returns", "notifications.prune"} <= set(names)
    assert len(names) == len(set(names))
    assert all(isinstance(import_string(job.task), Task) for job in jobs.schedule())


@pytest.mark.django_db
def test_each_slot_is_enqueued_once(database_tasks):
    assert jobs.run_due(jobs=(SWEEP, DRAFTS), now=LONDON_SUMMER) == ["outbox.sweep", "monitoring.draft_returns"]
    # The same scheduler a moment later, or a second one: nothing new.
    assert jobs.run_due(jobs=(SWEEP, DRAFTS), now=LONDON_SUMMER + dt.timedelta(seconds=30)) == []
    assert DBTaskResult.objects.count() == 2
    # The next minute: the sweep again, not the daily job.
    assert jobs.run_due(jobs=(SWEEP, DRAFTS), now=LONDON_SUMMER + dt.timedelta(minutes=1)) == ["outbox.sweep"]
    assert ScheduledRun.objects.filter(job="outbox.sweep").count() == 2
    run = ScheduledRun.objects.get(job="monitoring.draft_returns")
    assert DBTaskResult.objects.get(id=run.task_id).task_path == "hubspoke.monitoring.tasks.make_due_drafts"


@pytest.mark.django_db
def test_a_scheduler_that_loses_the_race_for_a_slot_enqueues_nothing(database_tasks):
    """Both schedulers saw no run; the other inserted first: the unique slot refuses this one,
    and its task row goes with the rolled-back insert."""
    ScheduledRun.objects.create(job=SWEEP.name, due_at=SWEEP.latest_slot(LONDON_SUMMER))
    with mock.patch.object(jobs.ScheduledRun.objects, "filter") as looked:
        looked.return_value.exists.return_value = False
        assert jobs.run_due(jobs=(SWEEP,), now=LONDON_SUMMER) == []
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_worker_runs_the_scheduled_jobs(world, database_tasks):
    MonitoringReturn.objects.all().delete()
    with time_machine.travel(dt.datetime(2025, 7, 2, 8, 0, tzinfo=dt.UTC), tick=False):
        call_command("run_schedule", "--once", stdout=mock.MagicMock())
        assert ScheduledRun.objects.count() == len(jobs.schedule())
        worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            worker.run()
    assert worker._run_tasks == len(jobs.schedule())
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert MonitoringReturn.objects.filter(service=world.service_a).exists()


class _Stop(BaseException):
    """Ends the scheduler's loop in the test, as a signal would."""


@pytest.mark.django_db
def test_a_failed_tick_is_logged_and_the_scheduler_carries_on(caplog):
    from django.db import OperationalError

    ticks = mock.Mock(side_effect=[OperationalError("the database went away"), None, _Stop()])
    with mock.patch("hubspoke.scheduler.management.commands.run_schedule.run_due", ticks), \
            mock.patch("signal.signal"), pytest.raises(_Stop):
        call_command("run_schedule", "--interval", "0")
    assert ticks.call_count == 3
    assert "Scheduler tick failed" in caplog.text
