"""The monitoring app's periodic work (hubspoke/schedule.py)."""

from django_tasks import task

from hubspoke.monitoring import actions
from hubspoke.network.models import Service


@task()
def make_due_drafts() -> int:
    """The draft return of every active service for each quarter that has ended (the returns
    page makes its own service's too when it is opened). Returns how many were made."""
    return actions.ensure_returns(Service.objects.filter(is_active=True).select_related("programme", "phase"))
