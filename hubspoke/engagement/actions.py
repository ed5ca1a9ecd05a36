"""Recording the service's work with professionals and the local system.

Each action takes the acting person and the place the work belongs to, checks every rule
again whoever calls it (the forms say the same beside each question), runs in one transaction
and writes its audit row there: kinds, dates, numbers and references, never the record's words.
A record linked to a young person (a consultation about them, a challenge about their case)
also writes a row on the young person's record, so that their history shows it."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.engagement import queries
from hubspoke.engagement.models import (
    AGE_BANDS,
    AUDIENCES,
    GENDERS,
    TEXT_MAX,
    Challenge,
    ChallengeAbout,
    ChallengeDirection,
    ChallengeOutcome,
    ChallengeStage,
    ChallengeStep,
    Consultation,
    ConsultationMethod,
    ConsultationOutcome,
    MeetingKind,
    MeetingOutput,
    MeetingRole,
    PreventionFormat,
    PreventionSession,
    PreventionSetting,
    PreventionTopic,
    StrategicMeeting,
    TrainingFeedback,
    TrainingSession,
)
from hubspoke.lib.dates import today
from hubspoke.network.models import AgencyType

# How long a training session's feedback link stays open by default, from the session's day.
FEEDBACK_DAYS = 30
MAX_MINUTES = 24 * 60
MAX_NUMBER = 5000


def _place(actor: User, place: str | None):
    found = {p.key: p for p in queries.places_for_user(actor)}
    if not found:
        raise PermissionDenied("Only the service's staff record this work.")
    if place is None:
        default = queries.default_place(list(found.values()))
        if default is not None:
            return default
    if place not in found:
        raise ValidationError({"place": "Select where the work was done from"})
    return found[place]


def _check_date(errors: dict, name: str, value: dt.date | None, *, what: str, not_before: dt.date | None = None,
                before_words: str = "") -> None:
    if value is None:
        errors[name] = f"Enter {what}"
    elif value > today():
        errors[name] = f"{what[:1].upper()}{what[1:]} must be today or in the past"
    elif not_before is not None and value < not_before:
        errors[name] = before_words


def _check_choice(errors: dict, name: str, value, choices, message: str) -> None:
    if value not in choices.values:
        errors[name] = message


def _check_text(errors: dict, name: str, value: str, *, what: str, required: bool = False, limit: int = TEXT_MAX):
    if required and not value.strip():
        errors[name] = f"Enter {what}"
    elif len(value) > limit:
        errors[name] = f"{what[:1].upper()}{what[1:]} must be {limit} characters or fewer"


def _check_numbers(errors: dict, numbers: dict[str, int | None], fields) -> int:
    total = 0
    for name, label in fields:
        value = numbers.get(name) or 0
        if value < 0 or value > MAX_NUMBER:
            errors[name] = f"{label}: enter a number from 0 to {MAX_NUMBER}"
        total += max(value, 0)
    return total


def _check_minutes(errors: dict, minutes: int | None) -> None:
    if minutes is None:
        errors["minutes"] = "Enter how long it was, in minutes"
    elif not 1 <= minutes <= MAX_MINUTES:
        errors["minutes"] = f"Enter how long it was, from 1 to {MAX_MINUTES} minutes"


def _save(record, *, actor: User, place, created: bool, request, detail: dict) -> None:
    now = timezone.now()
    if created:
        record.service, record.spoke = place.service, place.spoke
        record.worker, record.recorded_by, record.recorded_at = actor, actor, now
    elif place is not None:
        record.service, record.spoke = place.service, place.spoke
    record.save()
    verb = "recorded" if created else "changed"
    name = record._meta.model_name
    audit.record(action=f"engagement.{name}.{verb}", actor=actor, subject=record, request=request,
                 detail={"held_on": record.held_on.isoformat(), **detail})
    person = queries.young_person_of(record)
    if person is not None:
        audit.record(action=f"engagement.{name}.{verb}", actor=actor, subject=person, request=request,
                     detail={"record": str(record.uuid)})


def _start(model, instance, actor):
    if instance is None:
        return model(), True
    if not queries.may_change(actor, instance):
        raise PermissionDenied("Only whoever did or recorded the work, or a manager, changes it.")
    return instance, False


# --- Consultations -------------------------------------------------------------------------


@transaction.atomic
def record_consultation(*, actor: User, place: str | None = None, held_on: dt.date | None, agency_type: str,
                        method: str, concern: str, outcome: str, professional_role: str = "", agency=None,
                        advice: str = "", signposted_to: str = "", referral=None, instance: Consultation | None = None,
                        request=None) -> Consultation:
    """A consultation: advice to a professional about a child. ``referral`` (one the person may
    see) is the referral it led to; the consultation is then linked to that referral's young
    person too, once the referral has a record, and becomes part of it."""
    record, created = _start(Consultation, instance, actor)
    where = _place(actor, place) if created or place else None
    errors: dict[str, str] = {}
    _check_date(errors, "held_on", held_on, what="the date of the consultation")
    _check_choice(errors, "agency_type", agency_type, AgencyType, "Select the kind of agency they work for")
    _check_choice(errors, "method", method, ConsultationMethod, "Select how they asked")
    _check_text(errors, "concern", concern, what="the concern, in a few words", required=True, limit=300)
    _check_text(errors, "advice", advice, what="the advice given")
    _check_text(errors, "professional_role", professional_role, what="their role", limit=100)
    if outcome not in ConsultationOutcome.values:
        errors["outcome"] = "Select what followed"
    elif outcome == ConsultationOutcome.SIGNPOSTED and not signposted_to.strip():
        errors["signposted_to"] = "Enter where they were signposted to"
    elif outcome == ConsultationOutcome.REFERRAL_MADE and referral is None:
        errors["referral"] = "Select the referral that was made, or choose \u201cThey will make a referral\u201d"
    _check_text(errors, "signposted_to", signposted_to, what="where they were signposted to", limit=200)
    if referral is not None and not queries.referrals_for(actor).filter(pk=referral.pk).exists():
        errors["referral"] = "Select a referral from the list"
    if errors:
        raise ValidationError(errors)
    record.held_on, record.agency_type, record.agency, record.method = held_on, agency_type, agency, method
    record.professional_role, record.concern, record.advice = professional_role.strip(), concern.strip(), advice.strip()
    record.outcome = outcome
    record.signposted_to = signposted_to.strip() if outcome == ConsultationOutcome.SIGNPOSTED else ""
    record.referral = referral if outcome == ConsultationOutcome.REFERRAL_MADE else None
    if record.referral is not None and record.referral.young_person_id:
        record.young_person_id = record.referral.young_person_id
    _save(record, actor=actor, place=where, created=created, request=request,
          detail={"agency_type": agency_type, "method": method, "outcome": outcome,
                  "referral": str(referral.uuid) if record.referral else ""})
    return record


# --- Training ------------------------------------------------------------------------------


def new_feedback_token() -> str:
    """A short random token: the feedback link holds nothing else."""
    return secrets.token_urlsafe(9)


@transaction.atomic
def record_training(*, actor: User, place: str | None = None, held_on: dt.date | None, topic: str,
                    minutes: int | None, attended: int | None, audience: dict[str, int | None],
                    co_trainers: str = "", materials: str = "", materials_url: str = "",
                    feedback_until: dt.date | None = None, instance: TrainingSession | None = None,
                    request=None) -> TrainingSession:
    """A training or awareness session delivered; ``audience`` is how many came from each
    kind of audience (``AUDIENCES``), which must add up to ``attended``."""
    record, created = _start(TrainingSession, instance, actor)
    where = _place(actor, place) if created or place else None
    errors: dict[str, str] = {}
    _check_date(errors, "held_on", held_on, what="the date of the session")
    _check_text(errors, "topic", topic, what="the topic", required=True, limit=200)
    _check_minutes(errors, minutes)
    total = _check_numbers(errors, audience, AUDIENCES)
    if attended is None or attended < 1:
        errors["attended"] = "Enter how many attended in all"
    elif total != attended:
        errors["attended"] = (f"The numbers from each audience add up to {total}, not {attended}: correct the "
                              f"total or the numbers")
    _check_text(errors, "co_trainers", co_trainers, what="others who delivered it", limit=200)
    _check_text(errors, "materials", materials, what="the materials used", limit=300)
    until = feedback_until or (held_on + dt.timedelta(days=FEEDBACK_DAYS) if held_on else None)
    if held_on and until and until < held_on:
        errors["feedback_until"] = "The feedback link must stay open until the day of the session or later"
    if errors:
        raise ValidationError(errors)
    record.held_on, record.topic, record.minutes, record.attended = held_on, topic.strip(), minutes, attended
    for name, _ in AUDIENCES:
        setattr(record, name, audience.get(name) or 0)
    record.co_trainers, record.materials, record.materials_url = co_trainers.strip(), materials.strip(), materials_url
    record.feedback_until = until
    if created:
        record.feedback_token = new_feedback_token()
    _save(record, actor=actor, place=where, created=created, request=request,
          detail={"attended": attended, "audience": {n: audience.get(n) or 0 for n, _ in AUDIENCES},
                  "minutes": minutes})
    return record


@transaction.atomic
def give_feedback(*, session: TrainingSession, confidence_before: int | None, confidence_after: int | None,
                  will_do: str = "") -> TrainingFeedback:
    """A participant's anonymous answer by the session's link. Nothing about who answered is
    kept; the page stops the same browser answering twice (``views.public``)."""
    errors: dict[str, str] = {}
    for name, value, when in (("confidence_before", confidence_before, "before"),
                              ("confidence_after", confidence_after, "after")):
        if value is None or not 1 <= value <= 5:
            errors[name] = f"Select how confident you felt {when} the session"
    if len(will_do) > 1000:
        errors["will_do"] = "What you will do differently must be 1000 characters or fewer"
    if session.feedback_until < today():
        raise ValidationError("This feedback link has closed")
    if errors:
        raise ValidationError(errors)
    return TrainingFeedback.objects.create(session=session, confidence_before=confidence_before,
                                           confidence_after=confidence_after, will_do=will_do.strip(),
                                           given_on=today())


# --- Prevention ------------------------------------------------------------------------------


@transaction.atomic
def record_prevention(*, actor: User, place: str | None = None, held_on: dt.date | None, setting: str,
                      setting_name: str, format: str, topics: list[str], minutes: int | None, reached: int | None,
                      ages: dict[str, int | None], genders: dict[str, int | None], follow_up_referrals: int | None = 0,
                      notes: str = "", instance: PreventionSession | None = None,
                      request=None) -> PreventionSession:
    """A prevention or group session: how many young people took part, by age band and by
    gender (each adding up to ``reached``), never who."""
    record, created = _start(PreventionSession, instance, actor)
    where = _place(actor, place) if created or place else None
    errors: dict[str, str] = {}
    _check_date(errors, "held_on", held_on, what="the date of the session")
    _check_choice(errors, "setting", setting, PreventionSetting, "Select the kind of setting")
    _check_text(errors, "setting_name", setting_name, what="where it was", required=True, limit=150)
    _check_choice(errors, "format", format, PreventionFormat, "Select what kind of session it was")
    if not topics or any(t not in PreventionTopic.values for t in topics):
        errors["topics"] = "Select at least one topic"
    _check_minutes(errors, minutes)
    by_age, by_gender = _check_numbers(errors, ages, AGE_BANDS), _check_numbers(errors, genders, GENDERS)
    if reached is None or reached < 1:
        errors["reached"] = "Enter how many young people took part"
    else:
        if by_age != reached:
            errors["age_under_11"] = (f"The numbers by age add up to {by_age}, not {reached}: they must add up to "
                                      f"the number who took part")
        if by_gender != reached:
            errors["girls"] = (f"The numbers by gender add up to {by_gender}, not {reached}: they must add up to "
                               f"the number who took part")
    follow = follow_up_referrals or 0
    if follow < 0 or (reached and follow > reached):
        errors["follow_up_referrals"] = "Referrals made afterwards cannot be more than the number who took part"
    _check_text(errors, "notes", notes, what="the notes")
    if errors:
        raise ValidationError(errors)
    record.held_on, record.setting, record.setting_name, record.format = held_on, setting, setting_name.strip(), format
    record.topics, record.minutes, record.reached = sorted(set(topics)), minutes, reached
    for name, _ in AGE_BANDS:
        setattr(record, name, ages.get(name) or 0)
    for name, _ in GENDERS:
        setattr(record, name, genders.get(name) or 0)
    record.follow_up_referrals, record.notes = follow, notes.strip()
    _save(record, actor=actor, place=where, created=created, request=request,
          detail={"setting": setting, "format": format, "reached": reached, "follow_up_referrals": follow})
    return record


# --- Meetings ------------------------------------------------------------------------------


@transaction.atomic
def record_meeting(*, actor: User, place: str | None = None, held_on: dt.date | None, kind: str, title: str,
                   role: str, contribution: str = "", outputs: list[str] = (), output_note: str = "",
                   instance: StrategicMeeting | None = None, request=None) -> StrategicMeeting:
    record, created = _start(StrategicMeeting, instance, actor)
    where = _place(actor, place) if created or place else None
    errors: dict[str, str] = {}
    _check_date(errors, "held_on", held_on, what="the date of the meeting")
    _check_choice(errors, "kind", kind, MeetingKind, "Select what kind of meeting it was")
    _check_text(errors, "title", title, what="the meeting's name", required=True, limit=200)
    _check_choice(errors, "role", role, MeetingRole, "Select the service's role in it")
    if any(o not in MeetingOutput.values for o in outputs):
        errors["outputs"] = "Select outputs from the list"
    _check_text(errors, "contribution", contribution, what="the service's contribution")
    _check_text(errors, "output_note", output_note, what="about the outputs", limit=300)
    if errors:
        raise ValidationError(errors)
    record.held_on, record.kind, record.title, record.role = held_on, kind, title.strip(), role
    record.contribution, record.outputs, record.output_note = contribution.strip(), sorted(set(outputs)), \
        output_note.strip()
    _save(record, actor=actor, place=where, created=created, request=request,
          detail={"kind": kind, "role": role, "outputs": record.outputs})
    return record


# --- Challenges ------------------------------------------------------------------------------


@transaction.atomic
def record_challenge(*, actor: User, place: str | None = None, held_on: dt.date | None, direction: str, about: str,
                     agency_type: str, issue: str, raised_with: str = "", stage: int | None = None, agency=None,
                     case=None, referral=None, instance: Challenge | None = None, request=None) -> Challenge:
    """A challenge (or a referrer's dispute), with its first stage when new. ``case`` (one the
    person may see) makes it part of that young person's record, seen only as the case is."""
    record, created = _start(Challenge, instance, actor)
    where = _place(actor, place) if created or place else None
    errors: dict[str, str] = {}
    _check_date(errors, "held_on", held_on, what="the date it was raised")
    if direction not in ChallengeDirection.values:
        errors["direction"] = "Select who challenged whom"
    elif about not in ChallengeAbout.values:
        errors["about"] = "Select what it was about"
    elif (direction == ChallengeDirection.OF_SERVICE) != (about == ChallengeAbout.TRIAGE):
        errors["about"] = ("A referrer's dispute is about our triage decision: choose \u201cOur triage decision\u201d"
                           if direction == ChallengeDirection.OF_SERVICE else
                           "Our own triage decision is challenged by a referrer: choose \u201cA referrer disputed our "
                           "decision\u201d, or what of the other agency's we challenged")
    _check_choice(errors, "agency_type", agency_type, AgencyType, "Select the kind of agency")
    _check_text(errors, "issue", issue, what="what the challenge is about", required=True)
    if case is not None and not queries.cases_visible(actor).filter(pk=case.pk).exists():
        errors["case"] = "Select a case from the list"
    if referral is not None and not queries.referrals_for(actor).filter(pk=referral.pk).exists():
        errors["referral"] = "Select a referral from the list"
    if created:
        if stage not in ChallengeStage.values:
            errors["stage"] = "Select the stage it was raised at"
        _check_text(errors, "raised_with", raised_with, what="who it was raised with", required=True, limit=200)
    elif record.held_on != held_on and held_on is not None:
        first = record.steps.order_by("stage").first()
        if first is not None and held_on > first.raised_on:
            errors["held_on"] = "The date it was raised cannot be after its first stage"
    if errors:
        raise ValidationError(errors)
    record.held_on, record.direction, record.about, record.agency_type = held_on, direction, about, agency_type
    record.agency, record.issue, record.case, record.referral = agency, issue.strip(), case, referral
    if created:
        record.stage = stage
    _save(record, actor=actor, place=where, created=created, request=request,
          detail={"direction": direction, "about": about, "agency_type": agency_type, "stage": record.stage,
                  "case": str(case.uuid) if case else ""})
    if created:
        ChallengeStep.objects.create(challenge=record, stage=stage, raised_on=held_on, raised_with=raised_with.strip(),
                                     recorded_at=record.recorded_at, recorded_by=actor)
    return record


def _locked(challenge: Challenge, actor: User) -> Challenge:
    locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if not queries.may_change(actor, locked):
        raise PermissionDenied("Only whoever raised or recorded the challenge, or a manager, moves it on.")
    return locked


@transaction.atomic
def escalate(*, actor: User, challenge: Challenge, stage: int | None, raised_on: dt.date | None, raised_with: str,
             request=None) -> ChallengeStep:
    """Raise the challenge at a later stage of the protocol. Stages only go up: a challenge at
    manager to manager is never raised again practitioner to practitioner."""
    locked = _locked(challenge, actor)
    errors: dict[str, str] = {}
    if not locked.is_open:
        raise ValidationError("This challenge has ended: it cannot be raised again")
    last = locked.steps.order_by("-stage").first()
    if stage not in ChallengeStage.values:
        errors["stage"] = "Select the stage it is raised at now"
    elif stage <= locked.stage:
        errors["stage"] = (f"An escalation only moves up: it is at \u201c{ChallengeStage(locked.stage).label}\u201d "
                           f"now, so choose a later stage")
    _check_date(errors, "raised_on", raised_on, what="the date it was raised at this stage",
                not_before=last.raised_on if last else locked.held_on,
                before_words="It cannot be raised at this stage before the last stage was raised")
    _check_text(errors, "raised_with", raised_with, what="who it was raised with", required=True, limit=200)
    if errors:
        raise ValidationError(errors)
    step = ChallengeStep.objects.create(challenge=locked, stage=stage, raised_on=raised_on,
                                        raised_with=raised_with.strip(), recorded_at=timezone.now(), recorded_by=actor)
    locked.stage = stage
    locked.save(update_fields=["stage"])
    challenge.stage = stage
    _audit_challenge(locked, actor, "escalated", request, {"stage": stage, "raised_on": raised_on.isoformat()})
    return step


@transaction.atomic
def record_response(*, actor: User, challenge: Challenge, step: ChallengeStep, response: str,
                    response_on: dt.date | None, request=None) -> ChallengeStep:
    locked = _locked(challenge, actor)
    step = ChallengeStep.objects.select_for_update().get(pk=step.pk, challenge=locked)
    errors: dict[str, str] = {}
    _check_text(errors, "response", response, what="their response", required=True)
    _check_date(errors, "response_on", response_on, what="the date of their response", not_before=step.raised_on,
                before_words="The response cannot come before the challenge was raised at this stage")
    if errors:
        raise ValidationError(errors)
    step.response, step.response_on = response.strip(), response_on
    step.save(update_fields=["response", "response_on"])
    _audit_challenge(locked, actor, "response_recorded", request,
                     {"stage": step.stage, "response_on": response_on.isoformat()})
    return step


@transaction.atomic
def end_challenge(*, actor: User, challenge: Challenge, outcome: str, ended_on: dt.date | None, note: str = "",
                  request=None) -> Challenge:
    locked = _locked(challenge, actor)
    errors: dict[str, str] = {}
    if not locked.is_open:
        raise ValidationError("This challenge has already ended")
    if outcome not in ChallengeOutcome.values or outcome == ChallengeOutcome.OPEN:
        errors["outcome"] = "Select how it ended"
    last = locked.steps.order_by("-raised_on").first()
    _check_date(errors, "ended_on", ended_on, what="the date it ended",
                not_before=last.raised_on if last else locked.held_on,
                before_words="It cannot end before it was last raised")
    _check_text(errors, "note", note, what="the note on how it ended")
    if errors:
        raise ValidationError(errors)
    locked.outcome, locked.ended_on, locked.outcome_note = outcome, ended_on, note.strip()
    locked.save(update_fields=["outcome", "ended_on", "outcome_note"])
    _audit_challenge(locked, actor, "ended", request, {"outcome": outcome, "ended_on": ended_on.isoformat(),
                                                       "stage": locked.stage})
    return locked


def _audit_challenge(challenge: Challenge, actor, verb: str, request, detail: dict) -> None:
    audit.record(action=f"engagement.challenge.{verb}", actor=actor, subject=challenge, request=request, detail=detail)
    person = queries.young_person_of(challenge)
    if person is not None:
        audit.record(action=f"engagement.challenge.{verb}", actor=actor, subject=person, request=request,
                     detail={"record": str(challenge.uuid)})
