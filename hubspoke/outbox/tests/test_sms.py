"""Text messages through the outbox: numbers and bodies checked on the way in, one call per
number on the way out, each number sent to once across retries, and urgent messages retried and
recovered within about a minute."""

import datetime as dt
import logging
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hubspoke.outbox import actions, sms
from hubspoke.outbox.models import Channel, OutgoingMessage, Status

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ALARM = "Lone worker alarm: no check-in from a visit. Open Hubspoke: http://127.0.0.1:8000/alarms/x/"
NUMBERS = ["07700 900123", "+44 7700 900456", "07700-900789"]
E164 = ["+447700900123", "+447700900456", "+447700900789"]


def text(key="test.alarm:1", **overrides):
    with transaction.atomic():
        return actions.enqueue_sms(**{"key": key, "to": ["07700 900123"], "body": ALARM, **overrides})


class WorkerKilled(BaseException):
    """The worker's process ending mid-task (nothing in the task catches it)."""


class Provider:
    """A provider that takes one number per call; ``fail`` maps a number to what it raises on
    that number's next call (once)."""

    calls: list[str] = []
    fail: dict[str, BaseException] = {}

    def send(self, *, to, body, reference=None):
        if to in Provider.fail:
            raise Provider.fail.pop(to)
        Provider.calls.append(to)
        return f"provider-{len(Provider.calls)}"


@pytest.fixture
def provider(settings):
    settings.HUBSPOKE_SMS_BACKEND = f"{__name__}.Provider"
    Provider.calls, Provider.fail = [], {}
    return Provider


@pytest.mark.parametrize(("given", "expected"), [
    ("07700 900123", "+447700900123"),
    ("07700900123", "+447700900123"),
    ("+447700900123", "+447700900123"),
    ("+44 (0)7700 900123", "+447700900123"),
    ("(020) 7946 0000", "+442079460000"),
    ("+1 202-555-0143", "+12025550143"),
    ("+33 6 12 34 56 78", "+33612345678"),
])
def test_numbers_are_normalised_to_e164(given, expected):
    assert sms.normalise_number(given) == expected


@pytest.mark.parametrize("given", [
    "7700 900123", "0044 7700 900123", "07700 90012", "077009001234", "+4477009001", "+44770090012345",
    "+0123456789", "+1 202 555 0143 ext 2", "077OO 900123", "", "+", "call me",
])
def test_anything_else_is_refused_without_repeating_the_number(given):
    with pytest.raises(ValueError) as refused:
        sms.normalise_number(given)
    # The same words whatever was given: a form can show them, and a log never holds the number.
    assert str(refused.value) == ("Not a phone number a text message can be sent to: give a UK number (07…) "
                                  "or an international one starting with + and the country code.")


def test_a_text_is_stored_with_e164_numbers_once_each_and_no_subject():
    message = text(to=[*NUMBERS, "+447700900123", ""])
    message.refresh_from_db()
    assert message.channel == Channel.SMS and message.subject == "" and not message.urgent
    assert message.recipients == E164 and message.delivered_to == []


def test_a_bad_number_or_a_body_too_long_writes_nothing():
    with pytest.raises(ValueError, match="Not a phone number"):
        text(to=["07700 900123", "12345"])
    with pytest.raises(ValueError, match="at most 612 characters"):
        text(body="x" * 613)
    with pytest.raises(ValueError, match="needs a body"):
        text(body="  ")
    assert not OutgoingMessage.objects.exists()
    assert text(body="x" * 612).body == "x" * 612  # four segments exactly is allowed


def test_no_numbers_no_message():
    assert text(to=[]) is None and text(to=["", " "]) is None
    assert not OutgoingMessage.objects.exists()


def test_a_text_is_sent_once_to_each_number_through_the_worker(commit, run_worker, caplog):
    caplog.set_level(logging.INFO)
    message = commit(text, to=NUMBERS)
    assert sms.sent == []  # enqueued, not sent
    assert run_worker() == 1
    assert sms.sent == [{"to": number, "body": ALARM, "reference": str(message.uuid)} for number in E164]
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 1 and message.delivered_to == E164
    assert message.body == ""  # gone once sent, as for email
    development = [r.getMessage() for r in caplog.records if r.name == "hubspoke.sms"]
    assert development[0] == f"SMS to +447700900123: {ALARM}"
    # Every other log line names the message, never its numbers or body.
    others = [r for r in caplog.records if r.name != "hubspoke.sms"]
    assert any(r.getMessage() == "Outgoing message sent" for r in others)
    # What a line says and what it carries (its message, arguments and extra fields), not the
    # process's own numbers (a thread id may hold "7700").
    own = {"thread", "process", "threadName", "processName", "taskName", "created", "msecs", "relativeCreated",
           "lineno", "asctime"}
    for record in others:
        said = str({k: v for k, v in record.__dict__.items() if k not in own}) + record.getMessage()
        assert "7700" not in said and "Lone worker" not in said
    assert actions.deliver(message_uuid=str(message.uuid)) == "skipped"
    assert run_worker() == 0 and len(sms.sent) == 3


def test_the_same_key_twice_is_one_text_sent_once(commit, run_worker):
    first = commit(text)
    second = commit(text, body="Something else", to=["07700 900456"])
    assert first.pk == second.pk and OutgoingMessage.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    run_worker()
    assert sms.sent == [{"to": "+447700900123", "body": ALARM, "reference": str(first.uuid)}]


def test_a_retry_after_a_partial_failure_sends_only_to_the_numbers_still_waiting(provider, commit, run_worker):
    provider.fail["+447700900456"] = sms.SMSError("GOV.UK Notify answered 500")
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(text, to=NUMBERS)
        run_worker()
        message.refresh_from_db()
        assert message.status == Status.QUEUED and message.delivered_to == ["+447700900123"]
        assert message.last_error == "SMSError: GOV.UK Notify answered 500" and message.body == ALARM
        traveller.shift(actions.RETRY_DELAYS[0] + dt.timedelta(seconds=1))
        assert run_worker() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and message.attempts == 2 and message.delivered_to == E164
    assert provider.calls == E164  # the first number once, not again on the retry


def test_a_worker_stopped_halfway_through_the_numbers_leaves_the_rest_for_the_sweep(provider, commit, run_worker):
    provider.fail["+447700900456"] = WorkerKilled()
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(text, to=NUMBERS, urgent=True)
        run_worker()
        message.refresh_from_db()
        assert message.status == Status.SENDING and message.delivered_to == ["+447700900123"]
        traveller.shift(actions.URGENT_CLAIM_TIMEOUT + dt.timedelta(seconds=1))
        assert commit(actions.sweep)["reclaimed"] == 1
        assert run_worker() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT and provider.calls == E164


def test_a_permanent_refusal_fails_the_text_at_once_with_no_number_in_the_error(provider, commit, run_worker):
    provider.fail["+447700900123"] = sms.PermanentSMSError(
        sms.scrub("GOV.UK Notify answered 400 (BadRequestError: Not a UK mobile number +447700900123)"))
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(text, urgent=True)
        assert run_worker() == 1
        message.refresh_from_db()
        assert message.status == Status.FAILED and message.attempts == 1 and message.body == ""
        assert message.last_error == ("PermanentSMSError: GOV.UK Notify answered 400 "
                                      "(BadRequestError: Not a UK mobile number [number])")
        traveller.shift(dt.timedelta(hours=1))
        assert commit(actions.sweep) == {"failed": 0, "reclaimed": 0, "requeued": 0}
        assert run_worker() == 0
    assert provider.calls == []


def test_an_error_that_repeats_a_number_is_recorded_without_it(provider, commit, run_worker):
    provider.fail["+447700900123"] = ConnectionError("refused while sending to +447700900123")
    message = commit(text)
    run_worker()
    message.refresh_from_db()
    assert message.last_error == "ConnectionError: refused while sending to [number]"


def test_an_urgent_text_is_tried_again_within_seconds_then_fails(provider, commit, run_worker):
    with time_machine.travel(NOW, tick=False) as traveller:
        message = commit(text, urgent=True)
        waits = []
        for attempt in range(1, actions.URGENT_MAX_ATTEMPTS + 1):
            provider.fail["+447700900123"] = sms.SMSError("GOV.UK Notify answered 429")
            assert run_worker() == 1
            message.refresh_from_db()
            assert message.attempts == attempt
            if attempt < actions.URGENT_MAX_ATTEMPTS:
                assert message.status == Status.QUEUED
                waits.append(message.next_attempt_at - timezone.now())
                assert run_worker() == 0  # not before its time
                traveller.shift(waits[-1] + dt.timedelta(seconds=1))
    assert waits == [dt.timedelta(seconds=s) for s in (15, 30, 60, 120, 300)]
    assert message.status == Status.FAILED and message.body == ""


def test_an_urgent_email_uses_the_short_delays_and_goes_ahead_on_the_queue(settings, commit, run_worker):
    settings.EMAIL_BACKEND = "hubspoke.outbox.tests.test_outbox.RefusingBackend"
    email = {"to": ["manager@test.hubspoke.invalid"], "subject": "Hubspoke: an alarm", "body": "A link"}
    with time_machine.travel(NOW, tick=False):
        normal = commit(actions.enqueue_email, key="test.normal", **email)
        urgent = commit(actions.enqueue_email, key="test.urgent", urgent=True, **email)
        priorities = {task.args_kwargs["kwargs"]["message_uuid"]: task.priority for task in DBTaskResult.objects.all()}
        assert priorities == {str(urgent.uuid): actions.URGENT_PRIORITY, str(normal.uuid): 0}
        assert run_worker() == 2
    urgent.refresh_from_db()
    normal.refresh_from_db()
    assert urgent.urgent and urgent.status == Status.QUEUED and urgent.next_attempt_at - NOW == dt.timedelta(seconds=15)
    assert not normal.urgent and normal.next_attempt_at - NOW == dt.timedelta(minutes=1)


def test_the_sweep_recovers_an_urgent_claim_after_a_minute_but_not_a_normal_one(commit, run_worker):
    with time_machine.travel(NOW, tick=False) as traveller:
        urgent = commit(text, key="test.alarm:urgent", urgent=True)
        normal = commit(text, key="test.alarm:normal")
        with mock.patch.object(actions, "_send", side_effect=WorkerKilled):
            run_worker()
        assert set(OutgoingMessage.objects.values_list("status", flat=True)) == {Status.SENDING}
        traveller.shift(actions.URGENT_CLAIM_TIMEOUT - dt.timedelta(seconds=1))
        assert commit(actions.sweep)["reclaimed"] == 0
        traveller.shift(dt.timedelta(seconds=2))
        assert commit(actions.sweep)["reclaimed"] == 1
        assert run_worker() == 1
        urgent.refresh_from_db()
        normal.refresh_from_db()
        assert urgent.status == Status.SENT and normal.status == Status.SENDING
        traveller.shift(actions.CLAIM_TIMEOUT)
        assert commit(actions.sweep)["reclaimed"] == 1
        assert run_worker() == 1
    assert [entry["to"] for entry in sms.sent] == ["+447700900123", "+447700900123"]


def test_the_sweep_gives_each_claim_its_own_number_of_attempts(commit):
    """After five attempts a normal message has had its last one; an urgent one has a sixth."""
    with time_machine.travel(NOW, tick=False) as traveller:
        urgent = commit(text, key="test.alarm:urgent", urgent=True)
        normal = commit(text, key="test.alarm:normal")
        OutgoingMessage.objects.update(status=Status.SENDING, claimed_at=NOW, attempts=actions.MAX_ATTEMPTS)
        traveller.shift(actions.CLAIM_TIMEOUT + dt.timedelta(seconds=1))
        assert commit(actions.sweep) == {"failed": 1, "reclaimed": 1, "requeued": 0}
    urgent.refresh_from_db()
    normal.refresh_from_db()
    assert urgent.status == Status.QUEUED and normal.status == Status.FAILED and normal.body == ""


def test_an_urgent_text_whose_task_was_lost_is_queued_again_after_a_minute(commit):
    with time_machine.travel(NOW, tick=False) as traveller:
        urgent = text(key="test.alarm:urgent", urgent=True)  # neither on-commit enqueue runs
        normal = text(key="test.alarm:normal")
        traveller.shift(actions.URGENT_RESEND_AFTER + dt.timedelta(seconds=1))
        assert commit(actions.sweep)["requeued"] == 1
        queued = dict(OutgoingMessage.objects.values_list("pk", "enqueued_at"))
        assert queued == {urgent.pk: timezone.now(), normal.pk: None}
        traveller.shift(actions.RESEND_AFTER - actions.URGENT_RESEND_AFTER)
        assert commit(actions.sweep)["requeued"] == 2  # the normal one now, and the urgent one's task again
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__message_uuid=str(normal.uuid)).count() == 1


def test_a_worker_whose_claim_was_handed_on_stops_sending(provider, commit):
    """Mid-list, the sweep gave the message to another worker: this one sends to no more numbers."""
    message = commit(text, to=NUMBERS, urgent=True)

    def handed_on(*, to, body, reference=None):
        OutgoingMessage.objects.filter(pk=message.pk).update(claimed_at=timezone.now() + dt.timedelta(seconds=5))
        Provider.calls.append(to)

    with mock.patch.object(Provider, "send", side_effect=handed_on):
        assert actions.deliver(message_uuid=str(message.uuid)) == "skipped"
    message.refresh_from_db()
    assert provider.calls == ["+447700900123"] and message.status == Status.SENDING and message.delivered_to == []


def test_the_administration_site_shows_channel_and_urgency_but_no_numbers(commit, signed_in):
    message = commit(text, to=NUMBERS, urgent=True)
    OutgoingMessage.objects.filter(pk=message.pk).update(delivered_to=E164[:1])
    admin = signed_in("admin")
    listing = admin.get(reverse("admin:outbox_outgoingmessage_changelist")).content.decode()
    assert "Text message" in listing and "test.alarm:1" in listing and 'alt="True"' in listing
    page = admin.get(reverse("admin:outbox_outgoingmessage_change", args=[message.pk])).content.decode()
    assert "1 of 3" in page and "Urgent" in page
    for content in (listing, page):
        assert "7700" not in content and "Lone worker" not in content
