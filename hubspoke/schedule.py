"""What runs when, without cron: ``manage.py run_schedule`` enqueues these, ``db_worker`` runs
them (see hubspoke/scheduler/jobs.py). Daily times are in Europe/London, chosen clear of the
hour that clocks skip or repeat."""

import datetime as dt

from hubspoke.scheduler.jobs import Job

JOBS = (
    # Messages whose task never ran, and claims left by a worker that stopped.
    Job("outbox.sweep", task="hubspoke.outbox.tasks.sweep", every=dt.timedelta(minutes=1)),
    # Lone-working visits whose check-in, end or escalation step has come (safety/engine.py).
    Job("safety.advance", task="hubspoke.safety.tasks.advance", every=dt.timedelta(minutes=1)),
    # The draft return of every active service for each quarter that has ended.
    Job("monitoring.draft_returns", task="hubspoke.monitoring.tasks.make_due_drafts", at=dt.time(3, 0)),
    # The forum's daily email of new posts in what each person watches, for those who asked.
    Job("exchange.digests", task="hubspoke.exchange.tasks.send_digests", at=dt.time(7, 0)),
    # Read or resolved notifications older than 90 days.
    Job("notifications.prune", task="hubspoke.notifications.tasks.prune_notifications", at=dt.time(3, 30)),
    # Sent and failed messages after a month (their bodies went when they were sent or failed).
    Job("outbox.prune", task="hubspoke.outbox.tasks.prune_finished", at=dt.time(4, 15)),
    # Finished task results after a week, runs of this schedule after a month.
    Job("scheduler.prune", task="hubspoke.scheduler.tasks.prune_finished", at=dt.time(4, 0)),
)
