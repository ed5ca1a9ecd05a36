"""``manage.py run_schedule [--interval SECONDS] [--once]``: the scheduler process. Every few
seconds it enqueues each periodic job (hubspoke/schedule.py) whose time has come; the worker
(``manage.py db_worker``) runs them. Any number may run at once: each slot of each job is one
database row, so it is enqueued once. Stops cleanly on SIGINT or SIGTERM."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from hubspoke.scheduler.jobs import run_due, schedule

logger = logging.getLogger("hubspoke.scheduler")


class Command(BaseCommand):
    help = "Enqueue the periodic jobs as they fall due (run alongside db_worker)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between checks (%(default)s).")
        parser.add_argument("--once", action="store_true", help="Check once and exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        if not once:
            signal.signal(signal.SIGINT, stop)
            signal.signal(signal.SIGTERM, stop)
            names = ", ".join(job.name for job in schedule())
            self.stdout.write(f"Scheduler started: {names}.")
        while True:
            try:
                run_due()  # each job enqueued is logged
            except Exception:
                # A database that is briefly away must not stop every job for good: log it and
                # try again at the next tick (a slot's row and its task commit together).
                if once:
                    raise
                logger.exception("Scheduler tick failed")
            if once:
                return
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(0.5, interval - slept))
                slept += 0.5
            if not self.running:
                self.stdout.write("Scheduler stopped.")
                return
            close_old_connections()  # after sleeping, as a request would: drop a dead or aged connection
