"""One row per run of a periodic job: the job's name and the slot it was due in. The unique
pair is what lets any number of schedulers run: the first to insert a slot's row enqueues its
task (in the same transaction), every other finds it taken."""

from django.db import models
from django.utils import timezone


class ScheduledRun(models.Model):
    job = models.CharField(max_length=100)
    due_at = models.DateTimeField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    # The django-tasks result id, to find the run's outcome among the task results.
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-due_at", "job"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "due_at"], name="scheduler_one_run_per_slot",
                violation_error_message="This job has already been run for that time",
            ),
        ]

    def __str__(self):
        return f"{self.job} at {self.due_at:%Y-%m-%d %H:%M}"
