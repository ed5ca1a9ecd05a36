"""The exchange's periodic work (hubspoke/schedule.py)."""

from django_tasks import task

from hubspoke.exchange import digest


@task()
def send_digests() -> int:
    """This morning's digest of new forum posts, for each person who asked for one."""
    return digest.send_digests()
