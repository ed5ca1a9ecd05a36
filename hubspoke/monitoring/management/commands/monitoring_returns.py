"""Make the draft return of every active service for each quarter that has ended
(``actions.make_due_drafts``, which the daily job also runs). Until a draft is made the returns
page shows it as it will be, computed on reading."""

from django.core.management.base import BaseCommand

from hubspoke.monitoring import actions


class Command(BaseCommand):
    help = "Make draft monitoring returns for every quarter that has ended."

    def handle(self, *args, **options):
        made = actions.make_due_drafts()
        self.stdout.write(f"{made} draft return{'s' if made != 1 else ''} made.")
