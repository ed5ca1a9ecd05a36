"""The outbox's background tasks (django-tasks; the database backend's ``db_worker`` runs them)."""

from django_tasks import task

from hubspoke.outbox import actions


@task()
def send_message(*, message_uuid: str) -> str:
    return actions.deliver(message_uuid=message_uuid)


@task()
def sweep() -> dict:
    return actions.sweep()


@task()
def prune_finished() -> int:
    return actions.prune()
