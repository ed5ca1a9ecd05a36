"""The rights app's background task (django-tasks; the database backend's ``db_worker`` runs it)."""

from django_tasks import task

from hubspoke.rights import bundle


@task()
def make_bundle(*, bundle_uuid: str) -> bool:
    return bundle.make(bundle_uuid)
