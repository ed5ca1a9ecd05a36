"""The notifications app's periodic work (hubspoke/schedule.py)."""

from django_tasks import task

from hubspoke.notifications import actions


@task()
def prune_notifications() -> int:
    """Read or resolved notifications older than 90 days are deleted; unread ones stay."""
    return actions.prune()
