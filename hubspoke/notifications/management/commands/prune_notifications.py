"""``manage.py prune_notifications [--days N]``: delete read or resolved notifications older
than N days (90 by default). Run it daily; notifications that still need someone are kept."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from hubspoke.notifications.actions import KEEP_READ_FOR, prune


class Command(BaseCommand):
    help = "Delete read or resolved notifications older than --days (default 90). Unread ones are kept."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=KEEP_READ_FOR.days, help="Default %(default)s.")

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError("--days must be at least 1.")
        deleted = prune(older_than=dt.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} read or resolved notification{'' if deleted == 1 else 's'} "
                          f"older than {days} days.")
