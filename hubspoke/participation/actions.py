"""Recording young people's feedback on their support, and sending the link to give it.

Every action checks its rules whoever calls it, runs in one transaction and writes its audit
row there, on the case (the feedback is part of the young person's record): what happened and
how, never the answers or the words."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases import access as case_access
from hubspoke.cases.models import Case, CaseStatus
from hubspoke.lib.dates import today
from hubspoke.lib.links import absolute_url
from hubspoke.outbox import actions as outbox
from hubspoke.participation import queries, rules
from hubspoke.participation.models import (
    ANYTHING_ELSE_MAX,
    QUESTIONS,
    FeedbackChannel,
    FeedbackLink,
    FeedbackWay,
    SupportFeedback,
)
from hubspoke.referrals.models import YoungPersonContact

TOKEN_BYTES = 24


def _check_recorder(actor: User, case: Case) -> None:
    if actor is None or not case_access.may_record(actor, case):
        raise PermissionDenied("Only the case's lead worker or a manager records its feedback.")


def _round_due_on(case: Case, given_on: dt.date) -> dt.date:
    return rules.round_for_feedback(opened_on=timezone.localdate(case.opened_at),
                                    every_weeks=case.service.feedback_every_weeks, given_on=given_on)


def check_answers(answers: dict[str, int | None], anything_else: str) -> dict[str, str]:
    """The errors in a set of answers, by field: each answer on the scale or left out, the words
    not too long, and something given (declining is its own action)."""
    errors = {}
    for name, _ in QUESTIONS:
        value = answers.get(name)
        if value is not None and value not in range(1, 6):
            errors[name] = "Choose one of the pictures, or leave the question out"
    if len(anything_else) > ANYTHING_ELSE_MAX:
        errors["anything_else"] = f"What else you want to say must be {ANYTHING_ELSE_MAX} characters or fewer"
    if not errors and all(answers.get(name) is None for name, _ in QUESTIONS) and not anything_else.strip():
        errors["__all__"] = "Answer at least one question, or choose “I'd rather not answer”"
    return errors


def _create(*, case: Case, way: str, declined: bool, answers: dict, anything_else: str, recorded_by: User | None,
            link: FeedbackLink | None = None, request=None) -> SupportFeedback:
    given_on = today()
    feedback = SupportFeedback.objects.create(
        case=case, given_on=given_on, round_due_on=_round_due_on(case, given_on), way=way, declined=declined,
        anything_else="" if declined else anything_else.strip(), link=link, recorded_by=recorded_by,
        recorded_at=timezone.now(), **({} if declined else {name: answers.get(name) for name, _ in QUESTIONS}))
    audit.record(action="participation.feedback.declined" if declined else "participation.feedback.given",
                 actor=recorded_by, subject=case, request=request,
                 detail={"feedback": str(feedback.uuid), "way": way, "round_due_on": feedback.round_due_on.isoformat()})
    return feedback


@transaction.atomic
def give_in_session(*, actor: User, case: Case, answers: dict[str, int | None], anything_else: str = "",
                    declined: bool = False, request=None) -> SupportFeedback:
    """The young person's answers, given on the worker's device in hand-over mode (or their
    choice not to answer)."""
    _check_recorder(actor, case)
    if not declined:
        errors = check_answers(answers, anything_else)
        if errors:
            raise ValidationError(errors)
    return _create(case=case, way=FeedbackWay.IN_SESSION, declined=declined, answers=answers,
                   anything_else=anything_else, recorded_by=actor, request=request)


@transaction.atomic
def record_declined(*, actor: User, case: Case, request=None) -> SupportFeedback:
    """The young person told their worker they would rather not give feedback this time."""
    _check_recorder(actor, case)
    return _create(case=case, way=FeedbackWay.TOLD_WORKER, declined=True, answers={}, anything_else="",
                   recorded_by=actor, request=request)


def record_handover(*, actor: User, case: Case, started: bool, request=None) -> None:
    """Hand-over mode began or ended on this worker's device, for this case."""
    if started:
        _check_recorder(actor, case)
    audit.record(action="participation.handover.started" if started else "participation.handover.ended",
                 actor=actor, subject=case, request=request)


def _contact(case: Case) -> tuple[str, str]:
    """The young person's own number and email address (restricted details: read here to send,
    never shown)."""
    contact = YoungPersonContact.objects.filter(young_person_id=case.young_person_id).first()
    return (contact.phone.strip(), contact.email.strip()) if contact else ("", "")


def destinations(case: Case) -> dict[str, str]:
    """Where a link can go, in words that show none of the details: the channels with something
    on record."""
    phone, email = _contact(case)
    found = {}
    if phone:
        found[FeedbackChannel.SMS.value] = "the mobile number on their record"
    if email:
        found[FeedbackChannel.EMAIL.value] = "the email address on their record"
    return found


# What the young person receives: nothing about who sends it or why, in case someone else
# reads their messages.
SMS_TEXT = "Here is the link we talked about: {url} It works once, until {until}."
EMAIL_SUBJECT = "The link we talked about"
EMAIL_TEXT = ("Here is the link we talked about:\n\n{url}\n\nIt works once, until {until}. If you were not "
              "expecting this, you can ignore it.\n")


@transaction.atomic
def send_link(*, actor: User, case: Case, channel: str, request=None) -> FeedbackLink:
    """A single-use link to give feedback, sent to the young person by text or email through
    the outbox when this transaction commits. An earlier link that still works stops working."""
    _check_recorder(actor, case)
    phone, email = _contact(case)
    to = {FeedbackChannel.SMS: phone, FeedbackChannel.EMAIL: email}.get(channel)
    if to is None:
        raise ValidationError({"channel": "Select how to send the link"})
    if not to:
        raise ValidationError({"channel": "There is no number or address on record for that: add it to their "
                                          "details first"})
    now = timezone.now()
    FeedbackLink.objects.filter(case=case, used_at__isnull=True, withdrawn_at__isnull=True).update(withdrawn_at=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = now + dt.timedelta(days=case.service.feedback_link_days)
    link = FeedbackLink.objects.create(
        case=case, token_sha256=queries.token_sha256(token), channel=channel,
        round_due_on=_round_due_on(case, today()), sent_by=actor, sent_at=now, expires_at=expires_at)
    url = absolute_url(reverse("your_views", kwargs={"token": token}), request=request)
    until = f"{timezone.localtime(expires_at):%-d %B}"
    key = f"participation.link:{link.uuid}"
    try:
        if channel == FeedbackChannel.SMS:
            outbox.enqueue_sms(key=key, to=[to], body=SMS_TEXT.format(url=url, until=until))
        else:
            outbox.enqueue_email(key=key, to=[to], subject=EMAIL_SUBJECT, body=EMAIL_TEXT.format(url=url, until=until))
    except ValueError:
        raise ValidationError({"channel": "The number on record is not a mobile number that can take a text: "
                                          "check their details"}) from None
    audit.record(action="participation.link.sent", actor=actor, subject=case, request=request,
                 detail={"link": str(link.uuid), "channel": channel, "expires_at": expires_at.isoformat()})
    link.token = token  # known only now, in the message: the database keeps its hash
    return link


@transaction.atomic
def answer_by_link(*, token: str, answers: dict[str, int | None], anything_else: str = "",
                   declined: bool = False, request=None) -> SupportFeedback:
    """The young person's answers by their link, which then stops working. A link that does not
    work (used, replaced, expired, its case closed, or never made) is a ValidationError that says
    the same for every reason."""
    link = queries.link_for_token(token)
    if link is None:
        raise ValidationError("This link no longer works")
    if not declined:
        errors = check_answers(answers, anything_else)
        if errors:
            raise ValidationError(errors)
    # Claimed in one conditional UPDATE: of two answers sent at once, one wins; the other is told
    # the link no longer works.
    claimed = FeedbackLink.objects.filter(pk=link.pk, used_at__isnull=True, withdrawn_at__isnull=True,
                                          expires_at__gt=timezone.now()).update(used_at=timezone.now())
    if not claimed:
        raise ValidationError("This link no longer works")
    case = Case.objects.select_related("service").get(pk=link.case_id)
    if case.status != CaseStatus.OPEN:
        raise ValidationError("This link no longer works")
    return _create(case=case, way=FeedbackWay.BY_LINK, declined=declined, answers=answers,
                   anything_else=anything_else, recorded_by=None, link=link, request=request)
