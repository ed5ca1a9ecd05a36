"""The outbox through the real database task backend and its worker's loop: what is sent, how
often, and what a failure or a stopped worker leaves behind."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hubspoke.outbox import actions
from hubspoke.outbox.models import OutgoingMessage, Status

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def email(key="test.message:1", **overrides):
    fields = {"key": key, "to": ["manager@test.hubspoke.invalid"], "subject": "Hubspoke: a new referral",
              "body": "A new referral has arrived.\n\nhttp://127.0.0.1:8000/referrals/x/"}
    return actions.enqueue_email(**{**fields, **overrides})


class RefusingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class WorkerKilled(BaseException):
    """The worker's process ending mid-task (nothing in the task catches it)."""


def in_a_change(**overrides):
    with transaction.atomic():
        return email(**overrides)


def test_a_change_rolled_back_sends_nothing(django_capture_on_commit_callbacks, run_worker):
    with (django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError),
          transaction.atomic()):
        assert email() is not None
        raise RuntimeError("the change fails")
    assert callbacks == []
    assert run_worker() == 0
    assert not OutgoingMessage.objects.exists() and not DBTaskResult.objects.exists()
    assert mail.outbox == []


def test_a_committed_change_sends_once_through_the_worker(commit, run_worker):
    message = commit(in_a_change)
    assert mail.outbox == []  # enqueued, not sent: the request does not wait for the mail server
    assert DBTaskResult.objects.count() == 1
    assert run_worker() == 1
    assert [m.to for m in mail.outbox] == [["manager@test.hubspoke.invalid"]]
    assert mail.outbox[0].subject == "Hubspoke: a new referral"
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1 and message.sent_at is not None
    # The task run again (a retried task, a second worker) sends nothing more.
    assert actions.deliver(message_uuid=str(message.uuid)) == "skipped"
    assert run_worker() == 0 and len(mail.outbox) == 1


def test_the_same_key_twice_is_one_message_sent_once(commit, run_worker):
    first = commit(in_a_change)
    second = commit(in_a_change, subject="Hubspoke: something else")
    assert first.pk == second.pk and OutgoingMessage.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Hubspoke: a new referral"


def test_no_recipients_no_message():
    assert email(to=[]) is None and email(to=[""]) is None
    assert not OutgoingMessage.objects.exists()


def test_a_failing_mail_server_is_tried_again_later_then_the_message_fails(settings, commit, run_worker):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(in_a_change)
        waits = []
        for attempt in range(1, actions.MAX_ATTEMPTS + 1):
            assert run_worker() == 1
            message.refresh_from_db()
            assert message.attempts == attempt
            assert message.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
            if attempt < actions.MAX_ATTEMPTS:
                assert message.status == Status.QUEUED
                waits.append(message.next_attempt_at - timezone.now())
                assert run_worker() == 0  # not before its time
                traveller.shift(waits[-1] + dt.timedelta(seconds=1))
        assert waits == list(actions.RETRY_DELAYS) and waits == sorted(waits)
        assert message.status == Status.FAILED
        assert mail.outbox == []
        # Failed is final: neither the worker nor the sweep tries it again.
        traveller.shift(dt.timedelta(days=1))
        assert commit(actions.sweep) == {"failed": 0, "reclaimed": 0, "requeued": 0}
        assert run_worker() == 0


def test_a_worker_stopped_between_claiming_and_sending_sends_once_after_the_sweep(commit, run_worker):
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(in_a_change)
        with mock.patch.object(actions, "_send", side_effect=WorkerKilled):
            run_worker()
        message.refresh_from_db()
        assert message.status == Status.SENDING and message.claimed_at == NOW
        # A restarted worker leaves a live claim alone; so does an early sweep.
        traveller.shift(actions.CLAIM_TIMEOUT - dt.timedelta(seconds=1))
        assert commit(actions.sweep)["reclaimed"] == 0 and run_worker() == 0
        traveller.shift(dt.timedelta(seconds=2))
        assert commit(actions.sweep)["reclaimed"] == 1
        assert run_worker() == 1
        assert commit(actions.sweep) == {"failed": 0, "reclaimed": 0, "requeued": 0}
        assert run_worker() == 0
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2
    assert len(mail.outbox) == 1


def test_a_message_whose_task_was_never_enqueued_is_sent_by_the_sweep(commit, run_worker):
    """The process stopped after the commit and before the enqueue: nothing on the queue."""
    with time_machine.travel(NOW, tick=False) as traveller:
        message = in_a_change()  # its on-commit enqueue never runs
        assert message.enqueued_at is None and not DBTaskResult.objects.exists()
        assert commit(actions.sweep)["requeued"] == 0  # not yet overdue
        traveller.shift(actions.RESEND_AFTER + dt.timedelta(seconds=1))
        assert commit(actions.sweep)["requeued"] == 1
        # Its task is queued now: the next sweep does not queue another.
        assert commit(actions.sweep)["requeued"] == 0
        assert run_worker() == 1
    assert len(mail.outbox) == 1


def test_the_demo_history_sends_nothing(settings):
    """Django's dummy backend means "send nothing": no message is kept to send later."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    assert email() is None and not OutgoingMessage.objects.exists()


def test_a_sent_or_failed_message_keeps_no_body(settings, commit, run_worker):
    # An invitation's link must not outlive the email in the database.
    sent = commit(in_a_change)
    run_worker()
    sent.refresh_from_db()
    assert sent.status == Status.SENT and sent.body == ""
    assert mail.outbox[0].body.startswith("A new referral has arrived.")
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    with time_machine.travel(NOW, tick=False) as traveller:
        failed = commit(in_a_change, key="test.message:2")
        for _ in range(actions.MAX_ATTEMPTS):
            run_worker()
            traveller.shift(dt.timedelta(hours=3))
    failed.refresh_from_db()
    assert failed.status == Status.FAILED and failed.body == ""


def test_a_late_failure_does_not_undo_another_workers_claim(commit, run_worker):
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(in_a_change)
        # The first worker claims it and stalls; the sweep hands it to a second worker.
        OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=NOW, attempts=1)
        first = OutgoingMessage.objects.get(pk=message.pk)
        traveller.shift(actions.CLAIM_TIMEOUT + dt.timedelta(seconds=1))
        commit(actions.sweep)
        second_claim = timezone.now()
        OutgoingMessage.objects.filter(pk=message.pk).update(status=Status.SENDING, claimed_at=second_claim,
                                                             attempts=2)
        # The first worker's send now fails: the second worker's claim stands.
        commit(actions._record_failure, first, smtplib.SMTPServerDisconnected("late"))
    message.refresh_from_db()
    assert message.status == Status.SENDING and message.claimed_at == second_claim


def test_finished_messages_are_pruned_after_a_month(commit, run_worker):
    with time_machine.travel(NOW, tick=False) as traveller:
        old = commit(in_a_change)
        run_worker()
        waiting = commit(in_a_change, key="test.message:queued")
        OutgoingMessage.objects.filter(pk=waiting.pk).update(next_attempt_at=NOW + dt.timedelta(days=60))
        traveller.shift(actions.KEEP_FINISHED_FOR + dt.timedelta(days=1))
        recent = commit(in_a_change, key="test.message:recent")
        run_worker()
        assert actions.prune() == 1
    assert set(OutgoingMessage.objects.values_list("pk", flat=True)) == {waiting.pk, recent.pk}
    assert not OutgoingMessage.objects.filter(pk=old.pk).exists()
