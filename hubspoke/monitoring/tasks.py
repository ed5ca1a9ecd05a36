"""The monitoring app's periodic work (hubspoke/schedule.py)."""

from django_tasks import task

from hubspoke.monitoring import actions


@task()
def make_due_drafts() -> int:
    """The draft return of every active service for each quarter that has ended and that it has
    none for (opening the returns page makes nothing). Returns how many were made."""
    return actions.make_due_drafts()
