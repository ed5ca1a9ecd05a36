"""Tidying after the queue itself: finished task results and old runs are deleted."""

import datetime as dt

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from hubspoke.scheduler.models import ScheduledRun

KEEP_TASK_RESULTS = dt.timedelta(days=7)
KEEP_RUNS = dt.timedelta(days=30)


@task()
def prune_finished() -> dict:
    now = timezone.now()
    results = DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_TASK_RESULTS).delete()[0]
    runs = ScheduledRun.objects.filter(due_at__lt=now - KEEP_RUNS).delete()[0]
    return {"task_results": results, "runs": runs}
