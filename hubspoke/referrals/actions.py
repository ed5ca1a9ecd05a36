"""Writes for referrals and young people. Each runs in one transaction, takes the acting
person, and writes its audit row in that same transaction, with any in-app notifications.
Side effects (email) go out on commit."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib import names
from hubspoke.lib.dates import today
from hubspoke.network.models import Service, Spoke, WaitingListPolicy
from hubspoke.referrals import casework, notifications, signals
from hubspoke.referrals.models import (
    Consent,
    DecisionKind,
    Gender,
    LawfulBasis,
    Referral,
    ReferralDecision,
    ReferralStatus,
    YoungPerson,
    YoungPersonContact,
    YoungPersonName,
)
from hubspoke.referrals.queries import age_on, aliases_of, question_for_referrer

# Fields a referral form may set. Anything else in a request (status, service, who made it)
# is the action's to decide, never the form's.
REFERRAL_FIELDS = (
    "subject_first_name", "subject_last_name", "subject_known_as", "subject_date_of_birth",
    "subject_estimated_age", "subject_gender", "subject_gender_self_described", "subject_local_authority",
    "pathway", "referrer_name", "referrer_role", "referrer_phone", "referrer_email", "concerns", "concern_tags",
    "urgency", "consent", "lawful_basis", "consent_reason", "other_agencies_involved",
)
# An estimated age outside these years is a slip of the keyboard, whatever the service's ages.
ESTIMATED_AGE_LIMITS = (0, 99)
WITHOUT_CONSENT = (Consent.REFUSED, Consent.NOT_SOUGHT)
# The bases a referrer may give; "not recorded" only describes referrals from before the rule.
CHOSEN_BASES = tuple(value for value in LawfulBasis.values if value != LawfulBasis.NOT_RECORDED)
# What a partner quotes on the phone: no vowels (so no words), nothing that reads as another
# character (0/O, 1/I/L). 27 ** 8 is about 2.8e11, so a clash (retried) is rare.
REFERENCE_ALPHABET = "BCDFGHJKMNPQRSTVWXZ23456789"


def check_age(*, service: Service, date_of_birth: dt.date | None, estimated_age: int | None,
              field: str = "subject_date_of_birth", on: dt.date | None = None) -> None:
    """The service works with young people within its age range (on the day given: the day a
    referral arrived, or today); a date of birth is in the past. Errors name the field so the
    form can put them beside it."""
    on = on or today()
    if estimated_age is not None:
        low, high = ESTIMATED_AGE_LIMITS
        if not low <= estimated_age <= high:
            limit = f"{low} or more" if estimated_age < low else f"{high} or less"
            raise ValidationError({field.replace("date_of_birth", "estimated_age"): f"Estimated age must be {limit}"})
    if date_of_birth is not None:
        if date_of_birth >= on:
            raise ValidationError({field: "Date of birth must be in the past"})
        age = age_on(date_of_birth, on)
    elif estimated_age is not None:
        age, field = estimated_age, field.replace("date_of_birth", "estimated_age")
    else:
        return
    if not service.min_age <= age <= service.max_age:
        raise ValidationError({field: (
            f"{service.name} works with young people aged {service.min_age} to {service.max_age}; "
            f"this young person is {age}"
        )})


def check_consent(details: dict) -> None:
    """Without consent (the young person refused, or it was not sought) a referral needs the
    lawful basis for sharing anyway, one the referrer chose, and the reason."""
    consent = details.get("consent")
    if consent in WITHOUT_CONSENT:
        errors = {}
        if details.get("lawful_basis") not in CHOSEN_BASES:
            errors["lawful_basis"] = "Select the lawful basis for referring without consent"
        if not (details.get("consent_reason") or "").strip():
            errors["consent_reason"] = (
                "Enter why consent was not sought" if consent == Consent.NOT_SOUGHT
                else "Enter why you are referring although they refused"
            )
        if errors:
            raise ValidationError(errors)


def check_gender(details: dict) -> None:
    """A gender the young person describes another way needs the words they use."""
    if details.get("subject_gender") == Gender.SELF_DESCRIBED and not (
        details.get("subject_gender_self_described") or ""
    ).strip():
        raise ValidationError({"subject_gender_self_described": "Enter how they describe their gender"})


def check_referral(*, service: Service, details: dict, on: dt.date | None = None) -> None:
    """Every rule a referral's details must meet, whichever form (or none) they came from; the
    errors of all of them at once, by field."""
    errors = {}
    for check in (
        lambda: check_age(service=service, date_of_birth=details.get("subject_date_of_birth"),
                          estimated_age=details.get("subject_estimated_age"), on=on),
        lambda: check_consent(details),
        lambda: check_gender(details),
    ):
        try:
            check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)


def new_reference() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


def _made_with(submission_token: uuid.UUID, actor: User) -> Referral | None:
    existing = Referral.objects.filter(submission_token=submission_token).first()
    if existing is not None and existing.created_by_id != actor.pk:
        raise ValidationError("This form has already been used. Start a new referral.")
    return existing


def _create_referral(*, actor: User, service: Service, spoke: Spoke | None, submission_token: uuid.UUID,
                     details: dict, referring_agency, request, received_at: dt.datetime | None = None) -> Referral:
    unknown = set(details) - set(REFERRAL_FIELDS)
    if unknown:
        raise ValueError(f"Not referral form fields: {sorted(unknown)}")
    existing = _made_with(submission_token, actor)
    if existing is not None:
        return existing  # the same form sent twice: one referral
    check_referral(service=service, details=details, on=timezone.localdate(received_at) if received_at else None)
    if details.get("subject_gender") != Gender.SELF_DESCRIBED:
        details = {**details, "subject_gender_self_described": ""}
    now = timezone.now()
    if received_at is not None and received_at > now:
        raise ValidationError("The time it was received must not be in the future")
    referral = Referral(
        service=service, spoke=spoke, received_at=received_at or now, created_by=actor,
        submission_token=submission_token, referring_agency=referring_agency, **details,
    )
    referral.full_clean(exclude=["reference"])
    for attempt in range(3):
        referral.reference = new_reference()
        try:
            with transaction.atomic():  # a savepoint: a racing duplicate lands on the unique token
                referral.save()
            break
        except IntegrityError:
            raced = _made_with(submission_token, actor)
            if raced is not None:
                return raced
            if attempt == 2:
                raise  # the reference was taken three times running: something else is wrong
    audit.record(action="referrals.referral.created", actor=actor, subject=referral, request=request,
                 detail={"service": str(service.uuid), "pathway": referral.pathway})
    notifications.new_referral(referral=referral, actor=actor, request=request)
    return referral


@transaction.atomic
def record_referral(*, actor: User, service: Service, submission_token: uuid.UUID, details: dict,
                    spoke: Spoke | None = None, referring_agency=None, received_at: dt.datetime | None = None,
                    request=None) -> Referral:
    """Staff record a referral that came by phone, email or letter, with when it was received
    (timeliness counts from then). The caller has checked that the service (and spoke) are the
    actor's to record for."""
    return _create_referral(actor=actor, service=service, spoke=spoke, submission_token=submission_token,
                            details=details, referring_agency=referring_agency, request=request,
                            received_at=received_at)


@transaction.atomic
def submit_partner_referral(*, actor: User, agency, service: Service, submission_token: uuid.UUID, details: dict,
                            request=None) -> Referral:
    """A partner refers to a service. The referring agency is always the partner's own; the
    hub decides which spoke (if any) will hold it."""
    return _create_referral(actor=actor, service=service, spoke=None, submission_token=submission_token,
                            details=details, referring_agency=agency, request=request)


def check_aliases(aliases) -> None:
    """Other names are names too: no invisible or control characters (the model's validators
    hold the other names)."""
    visible = names.VisibleCharactersOnly("Other names")
    for alias in aliases:
        try:
            visible(alias)
        except ValidationError as error:
            raise ValidationError({"aliases": error.messages}) from None


def _rebuild_names(person: YoungPerson, aliases: list[str]) -> None:
    person.names.all().delete()
    entries = [(person.first_name, False), (person.last_name, False), (person.known_as, True)]
    entries += [(alias, True) for alias in aliases]
    YoungPersonName.objects.bulk_create(
        YoungPersonName(young_person=person, name=name, is_alias=is_alias, normalised=names.normalise(name),
                        sound=names.sound(name))
        for name, is_alias in entries
        if name and names.normalise(name)
    )


@transaction.atomic
def create_young_person(*, actor: User, service: Service, spoke: Spoke | None = None, aliases: list[str] = (),
                        request=None, **fields) -> YoungPerson:
    """A new young person's record at a service. Offer possible matches first (queries.
    possible_matches): this does not check for duplicates itself."""
    check_age(service=service, date_of_birth=fields.get("date_of_birth"),
              estimated_age=fields.get("estimated_age"), field="date_of_birth")
    if fields.get("estimated_age") is not None and not fields.get("estimated_on"):
        fields["estimated_on"] = today()
    person = YoungPerson(service=service, spoke=spoke, created_by=actor, **fields)
    person.full_clean()
    check_aliases(aliases)
    person.save()
    _rebuild_names(person, list(aliases))
    audit.record(action="referrals.youngperson.created", actor=actor, subject=person, request=request)
    return person


# Fields of the young person's record that staff may change (contact details are separate).
YOUNG_PERSON_FIELDS = (
    "first_name", "last_name", "known_as", "date_of_birth", "estimated_age", "gender", "gender_self_described",
    "trans", "ethnicity", "first_language", "interpreter_needed", "disability", "learning_disability", "autism",
    "lgbt", "care_status", "unaccompanied_asylum_seeking", "local_authority", "education_status",
)
CONTACT_FIELDS = ("phone", "email", "address", "postcode")


@transaction.atomic
def update_young_person(*, actor: User, person: YoungPerson, fields: dict, aliases: list[str],
                        request=None) -> list[str]:
    """Change the young person's details; returns the names of what changed. The audit row
    names the fields, never their values. A new date of birth or estimated age must be in the
    past and within the service's ages; an unchanged one is not re-checked (a young person who
    has grown older than the service's range is still its young person)."""
    unknown = set(fields) - set(YOUNG_PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Not young person fields: {sorted(unknown)}")
    locked = YoungPerson.objects.select_for_update().get(pk=person.pk)
    changed = [name for name in YOUNG_PERSON_FIELDS if name in fields and getattr(locked, name) != fields[name]]
    if {"date_of_birth", "estimated_age"} & set(changed):
        check_age(service=locked.service, date_of_birth=fields.get("date_of_birth"),
                  estimated_age=fields.get("estimated_age"), field="date_of_birth")
    if "estimated_age" in changed:
        fields = {**fields, "estimated_on": today() if fields.get("estimated_age") is not None else None}
    if fields.get("gender") != "self_described":
        fields = {**fields, "gender_self_described": ""}
    for name, value in fields.items():
        setattr(locked, name, value)
    new_aliases = [a.strip() for a in aliases if a.strip()]
    if new_aliases != aliases_of(locked):
        changed.append("aliases")
    if not changed:
        return []
    locked.full_clean()
    check_aliases(new_aliases)
    locked.save()
    _rebuild_names(locked, new_aliases)
    audit.record(action="referrals.youngperson.changed", actor=actor, subject=locked, request=request,
                 detail={"fields": sorted(set(changed))})
    return changed


@transaction.atomic
def move_young_person(*, actor: User, person: YoungPerson, spoke: Spoke | None, request=None) -> YoungPerson:
    """The young person's work moves to another spoke of their service, or to its hub. Their
    referrals and assessments are seen wherever the record is held (``queries.
    referrals_visible_to``), so whoever holds the work now sees all of it and the place it left
    sees none of it. The caller has checked the move (a transfer the receiving manager
    accepted)."""
    if spoke is not None and spoke.service_id != person.service_id:
        raise ValueError("A young person moves only between the hub and spokes of their own service.")
    locked = YoungPerson.objects.select_for_update(of=("self",)).select_related("spoke").get(pk=person.pk)
    was = locked.spoke
    locked.spoke = spoke
    locked.save(update_fields=["spoke"])
    audit.record(action="referrals.youngperson.moved", actor=actor, subject=locked, request=request,
                 detail={"from": str(was.uuid) if was else None, "to": str(spoke.uuid) if spoke else None})
    return locked


@transaction.atomic
def copy_young_person(*, actor: User, person: YoungPerson, service: Service, spoke: Spoke | None = None,
                      request=None) -> YoungPerson:
    """A copy of the young person's record at another service that is taking the work on (a
    transfer it accepted): their details, other names and contact details. The copy is the
    receiving service's own record; the original stays with the service that sent it."""
    fields = {name: getattr(person, name) for name in YOUNG_PERSON_FIELDS}
    fields["estimated_on"] = person.estimated_on
    copy = create_young_person(actor=actor, service=service, spoke=spoke, aliases=aliases_of(person),
                               request=request, **fields)
    contact = YoungPersonContact.objects.filter(young_person=person).first()
    if contact is not None:
        copied = {name: getattr(contact, name) for name in CONTACT_FIELDS}
        YoungPersonContact.objects.create(young_person=copy, **copied)
        audit.record(action="referrals.youngperson.contact_changed", actor=actor, subject=copy, request=request,
                     detail={"fields": sorted(name for name, value in copied.items() if value), "copied": True})
    audit.record(action="referrals.youngperson.copied", actor=actor, subject=person, request=request,
                 detail={"to_service": str(service.uuid), "copy": str(copy.uuid)})
    return copy


@transaction.atomic
def update_contact(*, actor: User, person: YoungPerson, fields: dict, request=None) -> bool:
    """Change the restricted contact details. The caller has checked the actor may see them."""
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Not contact fields: {sorted(unknown)}")
    contact = YoungPersonContact.objects.select_for_update().filter(young_person=person).first()
    changed = sorted(name for name, value in fields.items()
                     if getattr(contact or YoungPersonContact(), name) != value)
    if not changed:
        return False  # so nothing typed for someone with no details yet leaves no empty row
    if contact is None:
        contact, _ = YoungPersonContact.objects.select_for_update().get_or_create(young_person=person)
    for name in changed:
        setattr(contact, name, fields[name])
    contact.full_clean()
    contact.save()
    audit.record(action="referrals.youngperson.contact_changed", actor=actor, subject=person, request=request,
                 detail={"fields": changed})
    return True


# --- Triage ---------------------------------------------------------------------------

UNDECIDED = (ReferralStatus.RECEIVED, ReferralStatus.AWAITING_INFORMATION)


def _lock_undecided(referral: Referral, *, allowed=UNDECIDED) -> Referral:
    """Lock the referral's row for this transaction and check it is still open to this step:
    of two people deciding at once, the second is told plainly what happened first."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status not in allowed:
        last = locked.decisions.select_related("decided_by").order_by("-decided_at", "-pk").first()
        who = f" by {last.decided_by} at {timezone.localtime(last.decided_at):%H:%M on %-d %B}" if last else ""
        raise ValidationError(f"This referral has already been {locked.get_status_display().lower()}{who}.")
    return locked


def _decide(*, actor: User, referral: Referral, kind: str, status: str, request, **fields) -> ReferralDecision:
    decision = ReferralDecision(referral=referral, kind=kind, decided_by=actor, decided_at=timezone.now(), **fields)
    decision.full_clean()
    decision.save()
    referral.status = status
    referral.save(update_fields=["status", *(["young_person", "spoke"] if kind == DecisionKind.ACCEPTED else [])])
    audit.record(action=f"referrals.referral.{kind}", actor=actor, subject=referral, request=request,
                 detail={"decision": str(decision.uuid)})
    notifications.referral_decided(referral=referral, decision=decision, request=request)
    return decision


def young_person_fields_from(referral: Referral) -> dict:
    return {
        "first_name": referral.subject_first_name, "last_name": referral.subject_last_name,
        "date_of_birth": referral.subject_date_of_birth, "estimated_age": referral.subject_estimated_age,
        "gender": referral.subject_gender, "gender_self_described": referral.subject_gender_self_described,
        "local_authority": referral.subject_local_authority,
    }


@transaction.atomic
def accept_referral(*, actor: User, referral: Referral, young_person: YoungPerson | None = None,
                    spoke: Spoke | None = None, notes: str = "", request=None) -> ReferralDecision:
    """Accept: link the referral to the young person's existing record at this service (one of
    the possible matches), or make a new record from the referral's details. ``spoke`` is
    where the work will be held (the hub when None). A service with no waiting list accepts
    only while someone there has room in their caseload."""
    locked = _lock_undecided(referral)
    service = locked.service
    if service.waiting_list_policy == WaitingListPolicy.NO_WAITING_LIST and not casework.has_capacity(
        service_id=service.pk, spoke_id=spoke.pk if spoke else None
    ):
        raise ValidationError(
            f"{service.name} keeps no waiting list, and nobody who works there has room in their caseload. "
            "Decline the referral as \u201cno capacity\u201d so that children's social care keeps responsibility, "
            "or make room first."
        )
    if young_person is not None and young_person.service_id != locked.service_id:
        raise ValueError("A referral is linked only to a record of its own service.")
    if spoke is not None and spoke.service_id != locked.service_id:
        raise ValueError("A referral is held only at a spoke of its own service.")
    if young_person is None:
        aliases = [a.strip() for a in locked.subject_known_as.split(",") if a.strip()]
        young_person = create_young_person(actor=actor, service=locked.service, spoke=spoke, aliases=aliases,
                                           request=request, **young_person_fields_from(locked))
    locked.young_person = young_person
    locked.spoke = spoke
    decision = _decide(actor=actor, referral=locked, kind=DecisionKind.ACCEPTED, status=ReferralStatus.ACCEPTED,
                       request=request, notes=notes)
    signals.referral_accepted.send(sender=Referral, referral=locked, actor=actor, request=request)
    return decision


@transaction.atomic
def decline_referral(*, actor: User, referral: Referral, decline_reason: str, reason_for_referrer: str,
                     signposting: str = "", notes: str = "", request=None) -> ReferralDecision:
    """Decline, saying why in words the referrer will be given, and where else to turn."""
    locked = _lock_undecided(referral)
    return _decide(actor=actor, referral=locked, kind=DecisionKind.DECLINED, status=ReferralStatus.DECLINED,
                   request=request, decline_reason=decline_reason, reason_for_referrer=reason_for_referrer,
                   signposting=signposting, notes=notes)


@transaction.atomic
def request_information(*, actor: User, referral: Referral, information_requested: str, requested_from: str,
                        due_on: dt.date, asked_in_hubspoke: bool = False, request=None) -> ReferralDecision:
    """Challenge an incomplete or inappropriate referral: the referral waits in "awaiting
    information" until the answer is recorded or the referral is closed. Asked in Hubspoke, the
    referring agency's partners see the question and may answer it there."""
    if due_on < today():
        raise ValidationError({"due_on": "The date the information is due must be today or in the future"})
    locked = _lock_undecided(referral)
    return _decide(actor=actor, referral=locked, kind=DecisionKind.INFORMATION_REQUESTED,
                   status=ReferralStatus.AWAITING_INFORMATION, request=request,
                   information_requested=information_requested, requested_from=requested_from, due_on=due_on,
                   asked_in_hubspoke=asked_in_hubspoke and locked.referring_agency_id is not None)


@transaction.atomic
def answer_information_request(*, actor: User, referral: Referral, answer: str, request=None) -> ReferralDecision:
    """A partner of the referring agency answers the service's question in Hubspoke. The
    answer joins the referral's history and the referral is back with its deciders, who are
    told. The caller has checked the actor is a partner of the referring agency."""
    locked = _lock_undecided(referral, allowed=(ReferralStatus.AWAITING_INFORMATION,))
    if question_for_referrer(locked) is None:
        raise ValidationError("The service is not waiting for an answer from you on this referral.")
    if not answer.strip():
        raise ValidationError({"answer": "Enter your answer"})
    decision = _decide(actor=actor, referral=locked, kind=DecisionKind.INFORMATION_PROVIDED,
                       status=ReferralStatus.RECEIVED, request=request, outcome=answer.strip())
    notifications.information_provided(referral=locked, actor=actor, decision=decision, request=request)
    return decision


@transaction.atomic
def resolve_information_request(*, actor: User, referral: Referral, outcome: str, request=None) -> ReferralDecision:
    """Record what came of a request for information; the referral is back with the deciders."""
    locked = _lock_undecided(referral, allowed=(ReferralStatus.AWAITING_INFORMATION,))
    return _decide(actor=actor, referral=locked, kind=DecisionKind.INFORMATION_RESOLVED,
                   status=ReferralStatus.RECEIVED, request=request, outcome=outcome)


@transaction.atomic
def close_referral(*, actor: User, referral: Referral, notes: str, request=None) -> ReferralDecision:
    """Close without a decision: withdrawn, a duplicate, or no answer to a request."""
    locked = _lock_undecided(referral)
    return _decide(actor=actor, referral=locked, kind=DecisionKind.CLOSED, status=ReferralStatus.CLOSED,
                   request=request, notes=notes)
