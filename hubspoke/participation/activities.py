"""Recording participation activities (who took part, what they made, what they gained and were
paid), young people's consent to the use of their words or image, and the quotes and case
studies tied to it.

Every action checks its rules whoever calls it, runs in one transaction and writes its audit
row there: on the activity for the activity's own details, on the young person's case for
anything that is part of their record (taking part, consent, quotes), saying what happened,
never the words. What leaves the service in the quarterly report (outputs' titles, what
accreditation was gained, quotes) is checked for anything that could identify a young person
when it is saved, so that the report never has to refuse."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.cases import access as case_access
from hubspoke.cases.models import Case
from hubspoke.lib import uploads
from hubspoke.lib.dates import today
from hubspoke.network.models import Service
from hubspoke.participation import access
from hubspoke.participation.models import (
    ACTIVITY_TEXT_MAX,
    QUOTE_TEXT_MAX,
    Activity,
    ActivityKind,
    ActivityOutput,
    OutputKind,
    Participant,
    Quote,
    QuoteKind,
    TakingPartConsent,
    UseConsent,
    UseScope,
)
from hubspoke.referrals import identifiers

PAID_MAX_PENCE = 100_000  # £1,000 to one young person for one activity: above that is a mistake


def _check_staff(actor: User, service_id: int) -> None:
    if actor is None or service_id not in access.activity_services(actor):
        raise PermissionDenied("Only the service's staff record its participation activities.")


def _refuse_identifiers(texts: dict[str, str], service_id: int) -> None:
    identifiers.refuse_identifiers(texts, service_ids=[service_id])


# --- Activities ------------------------------------------------------------------------------


def check_activity(*, kind: str, title: str, held_on: dt.date | None, summary: str, accreditation: str) -> dict:
    errors = {}
    if kind not in ActivityKind.values:
        errors["kind"] = "Select the kind of activity"
    if not title.strip():
        errors["title"] = "Enter a title for the activity"
    elif len(title) > 120:
        errors["title"] = "The title must be 120 characters or fewer"
    if held_on is None:
        errors["held_on"] = "Enter the day it was held"
    elif held_on > today():
        errors["held_on"] = "Record an activity once it has happened: the day must be today or in the past"
    if len(summary) > ACTIVITY_TEXT_MAX:
        errors["summary"] = f"What happened must be {ACTIVITY_TEXT_MAX} characters or fewer"
    if len(accreditation) > 200:
        errors["accreditation"] = "The accreditation must be 200 characters or fewer"
    return errors


def _activity_fields(fields: dict, service_id: int) -> dict:
    cleaned = {"kind": fields.get("kind") or "", "title": (fields.get("title") or "").strip(),
               "held_on": fields.get("held_on"), "summary": (fields.get("summary") or "").strip(),
               "accreditation": (fields.get("accreditation") or "").strip()}
    errors = check_activity(**cleaned)
    if errors:
        raise ValidationError(errors)
    # The accreditation's name is in the report that leaves the service.
    _refuse_identifiers({"accreditation": cleaned["accreditation"]}, service_id)
    return cleaned


@transaction.atomic
def create_activity(*, actor: User, service: Service, request=None, **fields) -> Activity:
    _check_staff(actor, service.pk)
    activity = Activity.objects.create(service=service, created_by=actor, created_at=timezone.now(),
                                       **_activity_fields(fields, service.pk))
    audit.record(action="participation.activity.created", actor=actor, subject=activity, request=request,
                 detail={"kind": activity.kind})
    return activity


@transaction.atomic
def update_activity(*, actor: User, activity: Activity, request=None, **fields) -> Activity:
    _check_staff(actor, activity.service_id)
    cleaned = _activity_fields(fields, activity.service_id)
    changed = sorted(name for name, value in cleaned.items() if getattr(activity, name) != value)
    for name, value in cleaned.items():
        setattr(activity, name, value)
    activity.save(update_fields=list(cleaned))
    audit.record(action="participation.activity.updated", actor=actor, subject=activity, request=request,
                 detail={"changed": changed})
    return activity


# --- Who took part ---------------------------------------------------------------------------


PAID = re.compile(r"£?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?")


def _pence(paid: object) -> int:
    """Pounds and pence as typed ("12.50", "£12.50", "12") to pence; a clear error else."""
    text = str(paid if paid is not None else "").strip()
    if not text:
        return 0
    found = PAID.fullmatch(text)
    if found is None:
        raise ValidationError({"paid": "Enter what was paid in pounds and pence, like 12.50, or leave it empty"})
    value = int(found.group(1).replace(",", "")) * 100 + int((found.group(2) or "0").ljust(2, "0"))
    if value > PAID_MAX_PENCE:
        raise ValidationError({"paid": f"What was paid must be £{PAID_MAX_PENCE // 100:,} or less"})
    return value


@transaction.atomic
def save_participant(*, actor: User, activity: Activity, case: Case, consent: str, accredited: bool = False,
                     paid: object = "", request=None) -> Participant:
    """Adds a young person to the activity, or changes what they gained and were paid. Their
    agreement to take part is required: without it they are not recorded."""
    _check_staff(actor, activity.service_id)
    if case.service_id != activity.service_id:
        raise PermissionDenied("Only the service's own young people take part in its activities.")
    errors = {}
    if consent not in TakingPartConsent.values:
        errors["consent"] = "Select how they agreed to take part: nobody is recorded as taking part without it"
    if accredited and not activity.accreditation:
        errors["accredited"] = "This activity offers no accreditation: add it to the activity first"
    try:
        paid_pence = _pence(paid)
    except ValidationError as error:
        errors.update(error.message_dict)
        paid_pence = 0
    if errors:
        raise ValidationError(errors)
    participant, made = Participant.objects.update_or_create(
        activity=activity, case=case,
        defaults={"consent": consent, "accredited": accredited, "paid_pence": paid_pence},
        create_defaults={"consent": consent, "accredited": accredited, "paid_pence": paid_pence,
                         "added_by": actor, "added_at": timezone.now()})
    audit.record(action="participation.activity.joined" if made else "participation.activity.participant_updated",
                 actor=actor, subject=case, request=request,
                 detail={"activity": str(activity.uuid), "accredited": accredited, "paid_pence": paid_pence})
    return participant


@transaction.atomic
def remove_participant(*, actor: User, activity: Activity, case: Case, request=None) -> None:
    _check_staff(actor, activity.service_id)
    deleted, _ = Participant.objects.filter(activity=activity, case=case).delete()
    if not deleted:
        raise ValidationError("They are not recorded as taking part in this activity")
    audit.record(action="participation.activity.left", actor=actor, subject=case, request=request,
                 detail={"activity": str(activity.uuid)})


# --- What they made --------------------------------------------------------------------------


def check_output_file(upload) -> dict:
    """An output's file: of a kind we keep (by its contents), not empty, within the size limit.
    Films and recordings are too big to keep here: they are given as a link."""
    return uploads.check_file(upload, limit=settings.HUBSPOKE_OUTPUT_MAX_BYTES,
                              larger="for a film or anything larger, give a link to it instead")


@transaction.atomic
def add_output(*, actor: User, activity: Activity, kind: str, title: str, link: str = "", upload=None,
               request=None) -> ActivityOutput:
    _check_staff(actor, activity.service_id)
    title, link = (title or "").strip(), (link or "").strip()
    errors = {}
    if kind not in OutputKind.values:
        errors["kind"] = "Select what kind of thing they made"
    if not title:
        errors["title"] = "Enter what it is called"
    elif len(title) > 200:
        errors["title"] = "The title must be 200 characters or fewer"
    if link and not link.lower().startswith(("https://", "http://")):
        errors["link"] = "Enter a web address starting https://"
    if link and upload is not None:
        errors["link"] = "Give a link or a file, not both"
    stored = {}
    if upload is not None:
        try:
            stored = check_output_file(upload)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    # Outputs' titles are listed in the report that leaves the service.
    _refuse_identifiers({"title": title}, activity.service_id)
    output = ActivityOutput(activity=activity, kind=kind, title=title, link=link, added_by=actor,
                            added_at=timezone.now(), **stored)
    output.full_clean(exclude=["activity", "file", "added_by"])
    if upload is not None:
        output.file.save("output", upload, save=False)
    output.save()
    audit.record(action="participation.output.added", actor=actor, subject=activity, request=request,
                 detail={"output": str(output.uuid), "kind": kind, "file": bool(upload), "link": bool(link)})
    return output


@transaction.atomic
def remove_output(*, actor: User, activity: Activity, output: ActivityOutput, request=None) -> None:
    _check_staff(actor, activity.service_id)
    name = output.file.name if output.file else ""
    ref = str(output.uuid)
    output.delete()
    if name:
        storage = ActivityOutput._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(name))
    audit.record(action="participation.output.removed", actor=actor, subject=activity, request=request,
                 detail={"output": ref})


# --- Consent to use their words or image -----------------------------------------------------


def _check_recorder(actor: User, case: Case) -> None:
    if actor is None or not case_access.may_record(actor, case):
        raise PermissionDenied("Only the case's lead worker or a manager records consent and quotes.")


@transaction.atomic
def record_consent(*, actor: User, case: Case, words: bool, image: bool, scope: str, given_on: dt.date | None,
                   expires_on: dt.date | None = None, activity: Activity | None = None, request=None) -> UseConsent:
    _check_recorder(actor, case)
    errors = {}
    if not (words or image):
        errors["covers"] = "Select what they agreed to: their words, their image or both"
    if scope not in UseScope.values:
        errors["scope"] = "Select how far their words or image may go"
    if given_on is None:
        errors["given_on"] = "Enter the day they agreed"
    elif given_on > today():
        errors["given_on"] = "The day they agreed must be today or in the past"
    if expires_on is not None and given_on is not None and expires_on < given_on:
        errors["expires_on"] = "The day it ends must be on or after the day they agreed"
    elif expires_on is not None and expires_on < today():
        errors["expires_on"] = "The day it ends has passed: leave it empty or choose a later day"
    if activity is not None and activity.service_id != case.service_id:
        errors["activity"] = "Select one of the service's activities"
    if errors:
        raise ValidationError(errors)
    consent = UseConsent.objects.create(case=case, words=words, image=image, scope=scope, given_on=given_on,
                                        expires_on=expires_on, activity=activity, recorded_by=actor,
                                        recorded_at=timezone.now())
    audit.record(action="participation.consent.given", actor=actor, subject=case, request=request,
                 detail={"consent": str(consent.uuid), "words": words, "image": image, "scope": scope,
                         "expires_on": expires_on.isoformat() if expires_on else None})
    return consent


@transaction.atomic
def withdraw_consent(*, actor: User, case: Case, consent: UseConsent, request=None) -> UseConsent:
    """They no longer agree: from today nothing it covers is used, in any report made after."""
    if actor is None or not access.may_withdraw(actor, case):
        raise PermissionDenied("Only the service's staff record that consent is withdrawn.")
    consent = UseConsent.objects.select_for_update().get(pk=consent.pk, case=case)
    if consent.withdrawn_on is not None:
        raise ValidationError("This consent is already withdrawn")
    consent.withdrawn_on = max(today(), consent.given_on)
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    audit.record(action="participation.consent.withdrawn", actor=actor, subject=case, request=request,
                 detail={"consent": str(consent.uuid), "quotes": consent.quotes.count()})
    return consent


# --- Quotes and case studies -----------------------------------------------------------------


@transaction.atomic
def add_quote(*, actor: User, case: Case, consent: UseConsent | None, kind: str, text: str,
              said_on: dt.date | None, activity: Activity | None = None, request=None) -> Quote:
    """Something they said, or a case study, that they agreed to share: tied to a standing
    consent for their words, and free of anything that could identify them or anyone else."""
    _check_recorder(actor, case)
    text = (text or "").strip()
    errors = {}
    if consent is None or consent.case_id != case.pk:
        errors["consent"] = "Select the consent they gave for their words"
    elif not consent.words:
        errors["consent"] = "That consent is for their image only: record their consent for their words first"
    elif not consent.live_on(today()):
        errors["consent"] = "That consent has been withdrawn or has ended: a quote needs one that stands"
    if kind not in QuoteKind.values:
        errors["kind"] = "Select whether it is a quote or a case study"
    if not text:
        errors["text"] = "Enter what they said"
    elif len(text) > QUOTE_TEXT_MAX:
        errors["text"] = f"The words must be {QUOTE_TEXT_MAX} characters or fewer"
    if said_on is None:
        errors["said_on"] = "Enter the day they said it"
    elif said_on > today():
        errors["said_on"] = "The day must be today or in the past"
    if activity is not None and activity.service_id != case.service_id:
        errors["activity"] = "Select one of the service's activities"
    if errors:
        raise ValidationError(errors)
    # Anyone's name, their own included, is taken out before the words are kept.
    _refuse_identifiers({"text": text}, case.service_id)
    quote = Quote.objects.create(case=case, consent=consent, kind=kind, text=text, said_on=said_on,
                                 activity=activity, added_by=actor, added_at=timezone.now())
    audit.record(action="participation.quote.added", actor=actor, subject=case, request=request,
                 detail={"quote": str(quote.uuid), "kind": kind, "consent": str(consent.uuid)})
    return quote


@transaction.atomic
def remove_quote(*, actor: User, case: Case, quote: Quote, request=None) -> None:
    if actor is None or not access.may_withdraw(actor, case):
        raise PermissionDenied("Only the service's staff take a quote out.")
    ref = str(quote.uuid)
    Quote.objects.filter(pk=quote.pk, case=case).delete()
    audit.record(action="participation.quote.removed", actor=actor, subject=case, request=request,
                 detail={"quote": ref})
