"""``manage.py prune_notifications [--days N]``: delete read notifications older than N days
(90 by default). Run it daily; unread notifications are never deleted."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from hubspoke.notifications.actions import KEEP_READ_FOR, prune


class Command(BaseCommand):
    help = "Delete read notifications older than --days (default 90). Unread ones are kept."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_READ_FOR.days, help="Default %(default)s.")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = prune(older_than=dt.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} read notification{'' if deleted == 1 else 's'} older than {days} days.")
