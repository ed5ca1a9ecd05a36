"""Make the draft return of every active service for each quarter that has ended. Run daily
(the returns page also makes its service's drafts when it is opened)."""

from django.core.management.base import BaseCommand

from hubspoke.monitoring import actions
from hubspoke.network.models import Service


class Command(BaseCommand):
    help = "Make draft monitoring returns for every quarter that has ended."

    def handle(self, *args, **options):
        made = actions.ensure_returns(Service.objects.filter(is_active=True).select_related("programme", "phase"))
        self.stdout.write(f"{made} draft return{'s' if made != 1 else ''} made.")
