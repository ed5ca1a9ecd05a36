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
from hubspoke.network import scoping
from hubspoke.network.models import Role, Service
from hubspoke.outbox import actions as outbox
from hubspoke.participation import access, queries, rules
from hubspoke.participation.models import (
    ANYTHING_ELSE_MAX,
    QUESTIONS,
    SURVEY_CHOICES_MAX,
    SURVEY_QUESTIONS_MAX,
    SURVEY_TEXT_MAX,
    FeedbackChannel,
    FeedbackLink,
    FeedbackWay,
    QuestionKind,
    ResponseWay,
    SupportFeedback,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyLink,
    SurveyQuestion,
    SurveyResponse,
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


# --- Surveys ---------------------------------------------------------------------------------
# A survey's audit rows are on the survey; named answers are on the young person's case (what
# happened and how, never the answers). Anonymous answers write no audit row: a row holds the
# request's address and time, which is what would tie the answers to a person.


def _check_builder(actor: User, survey: Survey) -> None:
    if actor is None or not access.survey_rights(actor, survey).build:
        raise PermissionDenied("Only the survey's service managers, or the programme's leads, change it.")


def _check_draft(survey: Survey) -> None:
    if survey.opened_at is not None:
        raise ValidationError("The survey is open: its questions can no longer change, so that every answer is "
                              "to the same questions")


def check_survey(*, title: str, introduction: str, opens_on: dt.date | None, closes_on: dt.date | None,
                 kind: str, service) -> dict[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = "Enter the survey's title, as young people will see it"
    if not introduction.strip():
        errors["introduction"] = "Say what the survey is for and who will read the answers"
    if kind not in SurveyKind.values:
        errors["kind"] = "Select whether the answers are anonymous or named"
    elif service is None and kind != SurveyKind.ANONYMOUS:
        errors["kind"] = "A programme survey is anonymous: the programme never sees a young person's record"
    if opens_on is None:
        errors["opens_on"] = "Enter the day the survey opens"
    if closes_on is None:
        errors["closes_on"] = "Enter the day the survey closes"
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = "The survey must close on or after the day it opens"
    return errors


@transaction.atomic
def create_survey(*, actor: User, programme, service=None, title: str, introduction: str, kind: str,
                  opens_on: dt.date | None, closes_on: dt.date | None, request=None) -> Survey:
    allowed = (access.may_start_survey(actor, service.pk) if service is not None
               else programme.pk in {m.programme_id for m in scoping.scope_for(actor).memberships
                                     if m.role == Role.PROGRAMME_LEAD})
    if not allowed:
        raise PermissionDenied("Only a service's managers, or the programme's leads, start a survey.")
    errors = check_survey(title=title, introduction=introduction, opens_on=opens_on, closes_on=closes_on,
                          kind=kind, service=service)
    if errors:
        raise ValidationError(errors)
    survey = Survey.objects.create(programme=programme, service=service, title=title.strip(),
                                   introduction=introduction.strip(), kind=kind, opens_on=opens_on,
                                   closes_on=closes_on, created_by=actor, created_at=timezone.now())
    audit.record(action="participation.survey.created", actor=actor, subject=survey, request=request,
                 detail={"kind": kind, "programme_wide": service is None})
    return survey


@transaction.atomic
def update_survey(*, actor: User, survey: Survey, title: str, introduction: str, kind: str,
                  opens_on: dt.date | None, closes_on: dt.date | None, request=None) -> Survey:
    """Its words, kind and dates, while a draft; once open, only the closing day can move (and
    not into the past)."""
    _check_builder(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.opened_at is not None:
        if closes_on is None or closes_on < max(survey.opens_on, today()):
            raise ValidationError({"closes_on": "The survey is open: it can close today or later"})
        survey.closes_on = closes_on
        survey.save(update_fields=["closes_on"])
    else:
        errors = check_survey(title=title, introduction=introduction, opens_on=opens_on, closes_on=closes_on,
                              kind=kind, service=survey.service)
        if errors:
            raise ValidationError(errors)
        survey.title, survey.introduction, survey.kind = title.strip(), introduction.strip(), kind
        survey.opens_on, survey.closes_on = opens_on, closes_on
        survey.save(update_fields=["title", "introduction", "kind", "opens_on", "closes_on"])
    audit.record(action="participation.survey.changed", actor=actor, subject=survey, request=request)
    return survey


def check_question(*, kind: str, text: str, choices: list[str]) -> dict[str, str]:
    errors = {}
    if kind not in QuestionKind.values:
        errors["kind"] = "Select the kind of question"
    if not text.strip():
        errors["text"] = "Enter the question, in plain words"
    elif len(text.strip()) > 300:
        errors["text"] = "The question must be 300 characters or fewer"
    if kind == QuestionKind.CHOICE:
        if len(choices) < 2:
            errors["choices"] = "Give at least two answers to choose from, one on each line"
        elif len(choices) > SURVEY_CHOICES_MAX:
            errors["choices"] = f"Give {SURVEY_CHOICES_MAX} answers to choose from at most"
        elif len({c.casefold() for c in choices}) < len(choices):
            errors["choices"] = "Each answer to choose from must be different"
        elif any(len(c) > 120 for c in choices):
            errors["choices"] = "Each answer to choose from must be 120 characters or fewer"
    return errors


def _clean_choices(kind: str, choices: list[str]) -> list[str]:
    return [c.strip() for c in choices if c.strip()] if kind == QuestionKind.CHOICE else []


@transaction.atomic
def save_question(*, actor: User, survey: Survey, kind: str, text: str, choices: list[str],
                  question: SurveyQuestion | None = None, request=None) -> SurveyQuestion:
    """A new question at the end, or a change to one, while the survey is a draft."""
    _check_builder(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    choices = _clean_choices(kind, choices)
    errors = check_question(kind=kind, text=text, choices=choices)
    if errors:
        raise ValidationError(errors)
    if question is None:
        count = survey.questions.count()
        if count >= SURVEY_QUESTIONS_MAX:
            raise ValidationError(f"A survey has {SURVEY_QUESTIONS_MAX} questions at most: keep it short")
        question = SurveyQuestion.objects.create(survey=survey, position=count + 1, kind=kind, text=text.strip(),
                                                 choices=choices)
    else:
        question.kind, question.text, question.choices = kind, text.strip(), choices
        question.save(update_fields=["kind", "text", "choices"])
    audit.record(action="participation.survey.changed", actor=actor, subject=survey, request=request,
                 detail={"question": str(question.uuid)})
    return question


def _renumber(survey: Survey, ordered: list[SurveyQuestion]) -> None:
    # Two steps, so that no two questions share a place on the way (the constraint is not deferred).
    for offset in (1000, 0):
        for place, q in enumerate(ordered, start=1):
            SurveyQuestion.objects.filter(pk=q.pk).update(position=offset + place)


@transaction.atomic
def remove_question(*, actor: User, survey: Survey, question: SurveyQuestion, request=None) -> None:
    _check_builder(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    question.delete()
    _renumber(survey, list(survey.questions.all()))
    audit.record(action="participation.survey.changed", actor=actor, subject=survey, request=request,
                 detail={"question_removed": str(question.uuid)})


@transaction.atomic
def move_question(*, actor: User, survey: Survey, question: SurveyQuestion, up: bool, request=None) -> None:
    _check_builder(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    ordered = list(survey.questions.all())
    at = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = at - 1 if up else at + 1
    if 0 <= other < len(ordered):
        ordered[at], ordered[other] = ordered[other], ordered[at]
        _renumber(survey, ordered)
        audit.record(action="participation.survey.changed", actor=actor, subject=survey, request=request,
                     detail={"question_moved": str(question.uuid)})


def new_survey_token() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def open_survey(*, actor: User, survey: Survey, request=None) -> Survey:
    """Fixes the questions and makes each service's open link (anonymous surveys: the survey's
    service, or every active service of the programme)."""
    _check_builder(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _check_draft(survey)
    if not survey.questions.exists():
        raise ValidationError("Add at least one question before opening the survey")
    if survey.closes_on < today():
        raise ValidationError({"closes_on": "The closing day has passed: choose a later one first"})
    survey.opened_at = timezone.now()
    survey.save(update_fields=["opened_at"])
    if survey.kind == SurveyKind.ANONYMOUS:
        services = ([survey.service] if survey.service_id
                    else list(Service.objects.filter(programme_id=survey.programme_id, is_active=True)))
        SurveyLink.objects.bulk_create(SurveyLink(survey=survey, service=s, token=new_survey_token())
                                       for s in services)
    audit.record(action="participation.survey.opened", actor=actor, subject=survey, request=request)
    return survey


@transaction.atomic
def close_survey(*, actor: User, survey: Survey, request=None) -> Survey:
    _check_builder(actor, survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.opened_at is None or survey.status_on(today()) == "closed":
        raise ValidationError("Only an open survey can be closed")
    survey.closed_at = timezone.now()
    survey.save(update_fields=["closed_at"])
    audit.record(action="participation.survey.closed", actor=actor, subject=survey, request=request)
    return survey


def check_survey_answers(questions: list[SurveyQuestion], answers: dict[int, object]) -> dict[str, str]:
    """The errors in a set of answers (keyed by question position), by form field. Every question
    may be left out; something must be given."""
    errors = {}
    for q in questions:
        value = answers.get(q.position)
        if value in (None, ""):
            continue
        field = f"q{q.position}"
        if q.kind == QuestionKind.CHOICE and value not in range(len(q.choices)):
            errors[field] = "Choose one of the answers, or leave the question out"
        elif q.kind == QuestionKind.SCALE and value not in range(1, 6):
            errors[field] = "Choose one of the pictures, or leave the question out"
        elif q.kind == QuestionKind.TEXT and len(str(value)) > SURVEY_TEXT_MAX:
            errors[field] = f"Your answer must be {SURVEY_TEXT_MAX} characters or fewer"
    if not errors and all(answers.get(q.position) in (None, "") for q in questions):
        errors["__all__"] = "Answer at least one question"
    return errors


def _save_response(*, survey: Survey, service_id: int, case: Case | None, way: str,
                   answers: dict[int, object]) -> SurveyResponse:
    questions = list(survey.questions.all())
    errors = check_survey_answers(questions, answers)
    if errors:
        raise ValidationError(errors)
    response = SurveyResponse.objects.create(survey=survey, service_id=service_id, case=case, way=way,
                                             received_on=today())
    rows = []
    for q in questions:
        value = answers.get(q.position)
        if value in (None, ""):
            continue
        rows.append(SurveyAnswer(response=response, question=q,
                                 choice=value if q.kind == QuestionKind.CHOICE else None,
                                 point=value if q.kind == QuestionKind.SCALE else None,
                                 text=str(value).strip() if q.kind == QuestionKind.TEXT else ""))
    SurveyAnswer.objects.bulk_create(rows)
    return response


@transaction.atomic
def answer_survey_online(*, link: SurveyLink, answers: dict[int, object]) -> SurveyResponse:
    """An anonymous answer by a service's open link, while the survey is open. Nothing about who
    answered is kept, and no audit row is written (see above)."""
    survey = Survey.objects.get(pk=link.survey_id)  # as it is now: it may have closed since the page
    if survey.status_on(today()) != "open":
        raise ValidationError("This survey is not taking answers")
    return _save_response(survey=survey, service_id=link.service_id, case=None, way=ResponseWay.ONLINE,
                          answers=answers)


@transaction.atomic
def type_in_paper(*, actor: User, survey: Survey, service, answers: dict[int, object], request=None) -> SurveyResponse:
    """An anonymous paper answer, typed in by the service's staff while the survey is open:
    marked as typed in. The audit row says a paper answer was typed in, not which."""
    if survey.kind != SurveyKind.ANONYMOUS:
        raise ValidationError("A named survey's paper answers are typed in on the young person's case")
    if service is None or service.pk not in access.survey_rights(actor, survey).use_service_ids:
        raise PermissionDenied("Only the staff of a service taking part type its paper answers in.")
    if survey.status_on(today()) != "open":
        raise ValidationError("This survey is not taking answers")
    response = _save_response(survey=survey, service_id=service.pk, case=None, way=ResponseWay.PAPER,
                              answers=answers)
    audit.record(action="participation.survey.paper_typed_in", actor=actor, subject=survey, request=request,
                 detail={"service": str(service.uuid)})
    return response


@transaction.atomic
def answer_named(*, actor: User, survey: Survey, case: Case, answers: dict[int, object], way: str,
                 request=None) -> SurveyResponse:
    """A young person's answers to their service's named survey, on their case: given on the
    worker's device (hand-over mode) or typed in from their paper copy. Once per survey."""
    _check_recorder(actor, case)
    if survey.kind != SurveyKind.NAMED or survey.service_id != case.service_id:
        raise ValidationError("This survey is not one this young person's service asks by name")
    if way not in (ResponseWay.IN_SESSION, ResponseWay.PAPER):
        raise ValidationError("Named answers are given in a session or typed in from paper")
    if survey.status_on(today()) != "open":
        raise ValidationError("This survey is not taking answers")
    if SurveyResponse.objects.filter(survey=survey, case=case).exists():
        raise ValidationError("They have already answered this survey")
    response = _save_response(survey=survey, service_id=case.service_id, case=case, way=way, answers=answers)
    audit.record(action="participation.survey.answered", actor=actor, subject=case, request=request,
                 detail={"survey": str(survey.uuid), "response": str(response.uuid), "way": way})
    return response
