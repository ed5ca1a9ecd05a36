"""Run by test_concurrency.py in a fresh PostgreSQL database of its own.

``race``: 40 visits are due; two workers on their own connections run the timer at the same
instant, twice over (amber, then the buddy step). ``die``: a worker process is killed (os._exit)
after it has claimed a visit's step and before its transaction commits; a second process,
started afterwards, runs the timer and the outbox. Prints what happened as JSON."""

import datetime as dt
import json
import os
import sys
import threading

import django

sys.modules.setdefault("hubspoke.safety.tests.race", sys.modules[__name__])
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from hubspoke.accounts.models import User  # noqa: E402
from hubspoke.network import actions as network  # noqa: E402
from hubspoke.network.models import Phase, Programme, Region, Role  # noqa: E402
from hubspoke.outbox import actions as outbox  # noqa: E402
from hubspoke.outbox import sms  # noqa: E402
from hubspoke.outbox.models import OutgoingMessage, Status  # noqa: E402
from hubspoke.safety import engine  # noqa: E402
from hubspoke.safety.actions import visits as actions  # noqa: E402
from hubspoke.safety.models import Visit, VisitEvent  # noqa: E402

START = dt.date(2025, 1, 6)


def world():
    root = User.objects.create_user("race-root@test.hubspoke.invalid", None, full_name="Root")
    programme = Programme.objects.create(name="Race Programme")
    phase = Phase.objects.create(programme=programme, number=1, starts_on=START)
    service = network.add_service(actor=root, programme=programme, phase=phase, name="Race Hub",
                                  organisation="Race Charity", region=Region.NORTH_WEST)
    manager = User.objects.create_user("race-manager@test.hubspoke.invalid", None, full_name="Race Manager")
    network.add_membership(actor=root, person=manager, role=Role.SERVICE_MANAGER, place=service, starts_on=START)
    actions.save_profile(person=manager, phone="07700 900999", vehicle="")
    workers = []
    for n in range(40):
        worker = User.objects.create_user(f"race-worker-{n}@test.hubspoke.invalid", None, full_name=f"Worker {n}")
        network.add_membership(actor=root, person=worker, role=Role.HUB_WORKER, place=service, starts_on=START)
        actions.save_profile(person=worker, phone=f"07700 9{n:05d}", vehicle="")
        workers.append(worker)
    return service, workers


def in_parallel(*targets):
    barrier = threading.Barrier(len(targets))
    results = []

    def run(target):
        try:
            barrier.wait()
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def race():
    service, workers = world()
    now = timezone.now()
    for worker in workers:
        actions.start_visit(worker=worker, service=service, place="Office", meeting_with="professionals",
                            expected_end=now + dt.timedelta(minutes=30))
    amber_at = now + dt.timedelta(minutes=36)
    moved = in_parallel(lambda: engine.advance(now=amber_at, batch=7), lambda: engine.advance(now=amber_at, batch=7))
    buddy_at = amber_at + dt.timedelta(minutes=6)
    moved += in_parallel(lambda: engine.advance(now=buddy_at, batch=7), lambda: engine.advance(now=buddy_at, batch=7))
    events = {kind: VisitEvent.objects.filter(kind=kind).count() for kind in ("amber", "buddy")}
    print(json.dumps({"vendor": connection.vendor, "moved": moved, "events": events,
                      "messages": OutgoingMessage.objects.filter(key__startswith="safety:").count()}))


def die_after_claim():
    """Claim the first due visit's step, then die before the transaction commits."""
    original = engine._claim

    def claim_then_die(visit, **changes):
        claimed = original(visit, **changes)
        if claimed:
            os._exit(3)
        return claimed

    engine._claim = claim_then_die
    engine.advance(now=timezone.now() + dt.timedelta(minutes=36))


def die_setup():
    service, workers = world()
    with transaction.atomic():
        actions.start_visit(worker=workers[0], service=service, place="Office", meeting_with="professionals",
                            expected_end=timezone.now() + dt.timedelta(minutes=30))


def die_while_sending():
    """Run the timer (committed), then claim its text message in the outbox and die before
    the provider is called."""
    engine.advance(now=timezone.now() + dt.timedelta(minutes=36))
    message = OutgoingMessage.objects.get(key__startswith="safety:", channel="sms")
    # Claimed (as a worker's deliver does) two minutes ago, by the time the worker restarts.
    OutgoingMessage.objects.filter(pk=message.pk, status=Status.QUEUED).update(
        status=Status.SENDING, claimed_at=timezone.now() - dt.timedelta(minutes=2), attempts=1)
    os._exit(3)


def restart():
    """The worker restarted: the timer, the outbox's sweep and the sends run."""
    engine.advance(now=timezone.now() + dt.timedelta(minutes=37, seconds=30))
    outbox.sweep()
    for message in OutgoingMessage.objects.filter(status=Status.QUEUED):
        outbox.deliver(message_uuid=str(message.uuid))
    print(json.dumps({
        "amber_events": VisitEvent.objects.filter(kind="amber").count(),
        "texts": [entry["to"] for entry in sms.sent],
        "statuses": sorted(OutgoingMessage.objects.values_list("status", flat=True)),
        "visits_amber": Visit.objects.filter(state="amber").count(),
    }))


if __name__ == "__main__":
    {"race": race, "die_setup": die_setup, "die_after_claim": die_after_claim,
     "die_while_sending": die_while_sending, "restart": restart}[sys.argv[1]]()
