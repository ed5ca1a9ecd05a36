"""Writing, sending and sweeping outgoing messages.

- ``enqueue_email`` and ``enqueue_sms`` are called inside the transaction of the change that
  causes the message. They write it and, once that transaction commits, put a sending task on
  the queue (``tasks.send_message``). A rolled-back change leaves neither.
- ``deliver`` (the task's body) claims the message with a conditional UPDATE, queued → sending,
  so of two workers holding a task for the same message only one sends; a task run again finds
  it sent and does nothing. A failure is tried again after a back-off (``RETRY_DELAYS``), and
  after the last attempt the message is ``failed``, with the error, in the administration site.
- ``sweep`` (every minute, from the schedule) closes the gaps: a queued message whose task never
  ran (the process stopped between the commit and the enqueue, or the task was lost) is queued
  again, and a claim older than ``CLAIM_TIMEOUT`` (a worker stopped while sending) goes back to
  queued.
- An ``urgent`` message (a lone worker's alarm) has its own, short, values for all three
  (``URGENT_RETRY_DELAYS``, ``URGENT_RESEND_AFTER``, ``URGENT_CLAIM_TIMEOUT``), so the minute
  sweep recovers it within about a minute, and its task goes ahead of others on the queue.
- A text message with several numbers is one call to the provider per number. Each number is
  recorded in ``delivered_to`` as soon as the provider takes it (renewing the claim), so an
  attempt after a partial failure, or after the sweep, sends only to the numbers still waiting.
  A ``PermanentSMSError`` (the provider will never take it) fails the message at once.

At-least-once at the mail server: a worker stopped after the mail server accepted a message but
before it recorded "sent" leaves the claim, and the sweep sends that message again. Nothing can
close that gap without the mail server's help; it is rare, and a link-only email twice is
harmless. For a text message the gap is one number's call. Everything else is exactly once.

Logs name a message by its UUID and say how an attempt went; never its recipients, subject or
body (nor do recorded errors: an SMS provider's error text has numbers taken out)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from hubspoke.outbox import sms
from hubspoke.outbox.models import Channel, OutgoingMessage, Status

logger = logging.getLogger("hubspoke.outbox")

# Wait this long before each further attempt; one more attempt than there are delays.
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# A queued message still waiting this long after it was due (and after its last enqueue) lost
# its task: the sweep queues it again.
RESEND_AFTER = dt.timedelta(minutes=5)
# A claim this old is a worker that stopped (EMAIL_TIMEOUT keeps a live send well inside it).
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
# The same for urgent messages: an alarm cannot wait ten minutes. Its claim is renewed after each
# number, and one provider call is at most NotifyBackend.TIMEOUT (10 s), well inside a minute.
URGENT_RETRY_DELAYS = (dt.timedelta(seconds=15), dt.timedelta(seconds=30), dt.timedelta(minutes=1),
                       dt.timedelta(minutes=2), dt.timedelta(minutes=5))
URGENT_MAX_ATTEMPTS = len(URGENT_RETRY_DELAYS) + 1
URGENT_RESEND_AFTER = dt.timedelta(minutes=1)
URGENT_CLAIM_TIMEOUT = dt.timedelta(minutes=1)
# Urgent tasks are run before others waiting on the queue (django-tasks' range is -100 to 100).
URGENT_PRIORITY = 50
SWEEP_BATCH = 500
# Sent and failed messages are kept this long, for "was it sent?", then deleted.
KEEP_FINISHED_FOR = dt.timedelta(days=30)
# The demo replays years of history with Django's dummy backend, which means "send nothing":
# an outbox message would only be sent later, by the worker, through the real backend.
_SEND_NOTHING = "django.core.mail.backends.dummy.EmailBackend"


def enqueue_email(*, key: str, to: list[str], subject: str, body: str, urgent: bool = False) -> OutgoingMessage | None:
    """One email, to be sent once the caller's transaction commits; call it inside that
    transaction. The same ``key`` again (whatever the rest says) is the message already made:
    nothing new is written or sent. No recipients, nothing to send."""
    recipients = [address for address in to if address]
    if not recipients or settings.EMAIL_BACKEND == _SEND_NOTHING:
        return None
    return _write(key=key, channel=Channel.EMAIL, recipients=recipients, subject=subject, body=body, urgent=urgent)


def enqueue_sms(*, key: str, to: list[str], body: str, urgent: bool = False) -> OutgoingMessage | None:
    """One text message to each number in ``to``, sent once the caller's transaction commits;
    call it inside that transaction. Same contract as ``enqueue_email``: the same ``key`` again
    is the message already made, and no numbers (empty strings are none) writes nothing.

    Numbers are normalised to E.164 (``07700 900123`` → ``+447700900123``) and repeats dropped;
    a number that is not one, or a body over ``sms.MAX_BODY_LENGTH`` characters, is a
    ValueError (nothing is written)."""
    recipients = list(dict.fromkeys(sms.normalise_number(number) for number in to if number and number.strip()))
    if not recipients:
        return None
    sms.check_body(body)
    return _write(key=key, channel=Channel.SMS, recipients=recipients, subject="", body=body, urgent=urgent)


def _write(**fields) -> OutgoingMessage:
    try:
        with transaction.atomic():  # a savepoint: a racing duplicate lands on the unique key
            message = OutgoingMessage.objects.create(**fields)
    except IntegrityError:
        return OutgoingMessage.objects.get(key=fields["key"])
    _enqueue_on_commit(message)
    return message


def retry_delays(message: OutgoingMessage) -> tuple[dt.timedelta, ...]:
    return URGENT_RETRY_DELAYS if message.urgent else RETRY_DELAYS


def max_attempts(message: OutgoingMessage) -> int:
    return URGENT_MAX_ATTEMPTS if message.urgent else MAX_ATTEMPTS


def _enqueue_on_commit(message: OutgoingMessage) -> None:
    due = message.next_attempt_at
    urgent = message.urgent

    def enqueue():
        from hubspoke.outbox.tasks import send_message

        task = send_message
        backend = task.get_backend()
        if due > timezone.now():
            if not backend.supports_defer:
                return  # a backend that cannot wait: the sweep queues it when it is due
            task = task.using(run_after=due)
        if urgent and backend.supports_priority:
            task = task.using(priority=URGENT_PRIORITY)
        OutgoingMessage.objects.filter(pk=message.pk).update(enqueued_at=timezone.now())
        task.enqueue(message_uuid=str(message.uuid))

    # robust: the change is committed whatever happens here, and the sweep finds the message.
    transaction.on_commit(enqueue, robust=True)


def deliver(*, message_uuid: str) -> str:
    """Send one message if it is queued and due; say what happened ("sent", "retry", "failed",
    or "skipped" when another worker has it, it was sent already, or it is not yet due).

    Runs outside a transaction: the claim is committed before the mail server is called, so a
    worker that stops while sending leaves the message ``sending`` for the sweep."""
    now = timezone.now()
    claimed = OutgoingMessage.objects.filter(
        uuid=message_uuid, status=Status.QUEUED, next_attempt_at__lte=now,
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return "skipped"
    message = OutgoingMessage.objects.get(uuid=message_uuid)
    try:
        _send(message)
    except ClaimLost:
        logger.warning("Outgoing message handed to another worker while sending", extra={
            "outbox_message": str(message.uuid), "attempt": message.attempts,
        })
        return "skipped"
    except sms.PermanentSMSError as error:  # the provider will never take it: no more attempts
        return _record_failure(message, error, final=True)
    except Exception as error:  # anything the mail backend raises is this attempt's failure
        return _record_failure(message, error)
    # The body goes once it is sent: an invitation's or a reset's link must not outlive the email
    # in the database (or its backups).
    OutgoingMessage.objects.filter(pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at).update(
        status=Status.SENT, sent_at=timezone.now(), last_error="", body="",
    )
    logger.info("Outgoing message sent", extra={"outbox_message": str(message.uuid), "attempt": message.attempts})
    return "sent"


class ClaimLost(Exception):
    """The sweep returned this worker's claim to the queue while it was sending."""


def _send(message: OutgoingMessage) -> None:
    if message.channel == Channel.SMS:
        _send_sms(message)
    else:
        EmailMessage(subject=message.subject, body=message.body, from_email=None, to=message.recipients).send()


def _send_sms(message: OutgoingMessage) -> None:
    """One call per number not yet delivered to; each success is recorded at once, with the
    claim renewed (so a long list does not look like a stopped worker). If the claim is no
    longer this worker's, stop: another worker has the message."""
    backend = sms.get_backend()
    for number in message.recipients:
        if number in message.delivered_to:
            continue
        provider_id = backend.send(to=number, body=message.body, reference=str(message.uuid))
        delivered, renewed = [*message.delivered_to, number], timezone.now()
        kept = OutgoingMessage.objects.filter(
            pk=message.pk, status=Status.SENDING, claimed_at=message.claimed_at,
        ).update(delivered_to=delivered, claimed_at=renewed)
        if not kept:
            raise ClaimLost
        message.delivered_to, message.claimed_at = delivered, renewed
        logger.info("Text message handed to the provider", extra={
            "outbox_message": str(message.uuid), "attempt": message.attempts, "provider_id": provider_id,
            "delivered": len(delivered), "recipients": len(message.recipients),
        })


def _record_failure(message: OutgoingMessage, error: Exception, *, final: bool = False) -> str:
    error_text = f"{type(error).__name__}: {error}"
    if message.channel == Channel.SMS:
        error_text = sms.scrub(error_text)
    error_text = error_text[:500]
    final = final or message.attempts >= max_attempts(message)
    logger.warning("Outgoing message not sent", extra={
        "outbox_message": str(message.uuid), "attempt": message.attempts, "error": type(error).__name__,
        "final": final,
    })
    with transaction.atomic():
        # Only this worker's own claim: after the sweep has handed the message to another worker,
        # a late failure here must not undo that worker's send.
        mine = {"pk": message.pk, "status": Status.SENDING, "claimed_at": message.claimed_at}
        if final:
            OutgoingMessage.objects.filter(**mine).update(status=Status.FAILED, last_error=error_text, body="")
            return "failed"
        message.next_attempt_at = timezone.now() + retry_delays(message)[message.attempts - 1]
        updated = OutgoingMessage.objects.filter(**mine).update(
            status=Status.QUEUED, last_error=error_text, next_attempt_at=message.next_attempt_at,
        )
        if updated:
            _enqueue_on_commit(message)
    return "retry"


@transaction.atomic
def sweep(*, now: dt.datetime | None = None) -> dict:
    """Return stale claims to the queue (or fail them after the last attempt), and queue again
    every message whose task never ran. Safe to run any number of times, from anywhere. Each
    message is judged by its own timeouts: urgent ones by the short ones."""
    now = now or timezone.now()
    stale = Q(status=Status.SENDING) & (
        Q(urgent=False, claimed_at__lt=now - CLAIM_TIMEOUT) | Q(urgent=True, claimed_at__lt=now - URGENT_CLAIM_TIMEOUT)
    )
    exhausted = Q(urgent=False, attempts__gte=MAX_ATTEMPTS) | Q(urgent=True, attempts__gte=URGENT_MAX_ATTEMPTS)
    stopped = "The worker stopped while sending; it may have been sent."
    failed = OutgoingMessage.objects.filter(stale, exhausted).update(
        status=Status.FAILED, last_error=stopped, body="",
    )
    reclaimed = list(OutgoingMessage.objects.filter(stale).values_list("pk", flat=True)[:SWEEP_BATCH])
    OutgoingMessage.objects.filter(stale, pk__in=reclaimed).update(
        status=Status.QUEUED, last_error=stopped, next_attempt_at=now,
    )
    def overdue(cutoff):
        return (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=cutoff)) & Q(next_attempt_at__lt=cutoff)

    lost = list(OutgoingMessage.objects.filter(
        Q(urgent=False) & overdue(now - RESEND_AFTER) | Q(urgent=True) & overdue(now - URGENT_RESEND_AFTER),
        status=Status.QUEUED,
    ).values_list("pk", flat=True)[:SWEEP_BATCH])
    for message in OutgoingMessage.objects.filter(pk__in=[*reclaimed, *lost], status=Status.QUEUED):
        _enqueue_on_commit(message)
    if failed or reclaimed or lost:
        logger.warning("Outbox sweep", extra={"failed": failed, "reclaimed": len(reclaimed), "requeued": len(lost)})
    return {"failed": failed, "reclaimed": len(reclaimed), "requeued": len(lost)}


def prune(*, older_than: dt.timedelta = KEEP_FINISHED_FOR) -> int:
    """Delete sent and failed messages made longer ago than ``older_than`` (their bodies are
    gone already; what is left says who was emailed about what, and when)."""
    cutoff = timezone.now() - older_than
    return OutgoingMessage.objects.filter(status__in=[Status.SENT, Status.FAILED], created_at__lt=cutoff).delete()[0]
