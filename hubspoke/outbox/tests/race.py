"""Run by test_concurrency.py in a fresh PostgreSQL database of its own: two workers, each on
its own connection, run the queue at the same moment while every message has two sending tasks
(as after a retried enqueue or a sweep), and then two threads deliver one message at the same
instant. Prints what the mail server received as JSON."""

import json
import sys
import threading
import time
from collections import Counter

import django

# Run as a script, this module is __main__: the mail backend's dotted path must find this copy.
sys.modules.setdefault("hubspoke.outbox.tests.race", sys.modules[__name__])
django.setup()

from django.db import connection, transaction  # noqa: E402
from django_tasks_db.management.commands.db_worker import Worker  # noqa: E402

from hubspoke.outbox import actions  # noqa: E402
from hubspoke.outbox.models import OutgoingMessage, Status  # noqa: E402
from hubspoke.outbox.tasks import send_message  # noqa: E402

received = Counter()
lock = threading.Lock()


class SlowMailServer:
    """Takes its time over each message, so that the other worker is busy at the same moment."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        time.sleep(0.05)
        with lock:
            for message in messages:
                received[message.subject] += 1
        return len(messages)


def in_parallel(*targets):
    barrier = threading.Barrier(len(targets))

    def run(target):
        try:
            barrier.wait()
            target()
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def worker(name):
    return Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
                  max_tasks=None, worker_id=name, excluded_queue_names=[]).run


def main():
    for number in range(10):
        with transaction.atomic():
            message = actions.enqueue_email(key=f"race:{number}", to=["someone@race.invalid"],
                                            subject=f"message {number}", body="A link")
        send_message.enqueue(message_uuid=str(message.uuid))  # a duplicate task for each
    in_parallel(worker("worker-one"), worker("worker-two"))

    with transaction.atomic():
        last = actions.enqueue_email(key="race:last", to=["someone@race.invalid"], subject="last", body="A link")
    outcomes = []
    in_parallel(*[lambda: outcomes.append(actions.deliver(message_uuid=str(last.uuid)))] * 2)
    print(json.dumps({
        "vendor": connection.vendor, "received": dict(received), "outcomes": sorted(outcomes),
        "sent": OutgoingMessage.objects.filter(status=Status.SENT).count(),
    }))


if __name__ == "__main__":
    main()
