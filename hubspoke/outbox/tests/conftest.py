"""The outbox's tests drive the real database task backend and db_worker's own loop."""

from unittest import mock

import pytest
from django_tasks_db.management.commands.db_worker import Worker

from hubspoke.outbox import sms


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def no_texts_yet():
    sms.sent.clear()
    yield
    sms.sent.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run ``work`` as if committed: what it queues on commit is queued when it returns."""

    def run(work, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return work(*args, **kwargs)

    return run


@pytest.fixture
def run_worker(commit):
    """Run db_worker's own loop until no task is ready; return how many tasks it ran. (Its
    connection check is skipped: the test's transaction holds the connection.)"""

    def run() -> int:
        worker = Worker(queue_names=["default"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id="test-worker", excluded_queue_names=[])
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            commit(worker.run)
        return worker._run_tasks

    return run
