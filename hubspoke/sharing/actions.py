"""Writes of the sharing app: agreements and their versions, consent records and their
withdrawal, requests from partners, and the door itself (``record_disclosure``,
``record_handover``, ``record_decision_not_to_share``). Each is one transaction with its audit
row; audit rows carry codes and references, never what was shared."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.network import queries as network_queries
from hubspoke.network import scoping
from hubspoke.network.models import Agency, Service
from hubspoke.notifications.actions import notify, resolve
from hubspoke.referrals import identifiers
from hubspoke.referrals.models import Consent, Referral, YoungPerson
from hubspoke.sharing import rules
from hubspoke.sharing.categories import Article6, Article9, Category, extract_writer, needs_article9
from hubspoke.sharing.models import (
    Agreement,
    AgreementVersion,
    ConsentDecision,
    ConsentGiver,
    ConsentMethod,
    ConsentRecord,
    DecisionNotToShare,
    Disclosure,
    InformationRequest,
    RequestStatus,
    Route,
    Signatory,
    SubjectRecipient,
    Urgency,
)

SAFEGUARDING_SHARE = "sharing.safeguarding_share"
NEW_REQUEST = "sharing.request"
REQUEST_ANSWERED = "sharing.request_answered"

PDF_MAGIC = b"%PDF-"


def _check_categories(categories, field: str = "categories") -> list[str]:
    chosen = [c for c in Category.values if c in set(categories or ())]
    if not chosen:
        raise ValidationError({field: "Select at least one kind of information"})
    if len(chosen) != len(set(categories)):
        raise ValidationError({field: "Select kinds of information from the list"})
    return chosen


def _not_future(value: dt.date | None, field: str, what: str) -> None:
    if value is not None and value > today():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _locked_person(person: YoungPerson) -> YoungPerson:
    """The young person's row, locked: a disclosure and a withdrawal of consent for the same
    young person are decided one after the other, never on the same stale view."""
    return YoungPerson.objects.select_for_update().get(pk=person.pk)


# --- Agreements -------------------------------------------------------------------------


def _megabytes(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f}MB" if megabytes >= 1 and megabytes == int(megabytes) else f"{megabytes:.1f}MB"


def check_document(document) -> dict:
    """A signed agreement: a PDF (by its contents, whatever its name or the type the browser
    claims), not empty, within the size limit. Returns what is stored about it."""
    limit = settings.HUBSPOKE_AGREEMENT_MAX_BYTES
    if document.size > limit:
        raise ValidationError({"document": f"The selected file must be smaller than {_megabytes(limit)}"})
    if document.size == 0:
        raise ValidationError({"document": "The selected file is empty"})
    document.seek(0)
    head = document.read(len(PDF_MAGIC))
    document.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError({"document": "The selected file must be a PDF"})
    digest = hashlib.sha256()
    for chunk in document.chunks():
        digest.update(chunk)
    document.seek(0)
    name = (document.name or "agreement.pdf").rsplit("/", 1)[-1]
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    # Keep the end of a long name: its extension, and usually the part that tells files apart.
    return {"document_name": name[-200:], "document_size": document.size, "document_sha256": digest.hexdigest()}


AGREEMENT_FIELDS = ("title", "purpose", "article6", "article9", "categories", "starts_on", "review_on", "ends_on")


def _new_version(*, actor, agreement, number, fields, parties, signatories, document, previous, change_note):
    fields = {name: fields.get(name) for name in AGREEMENT_FIELDS}
    fields["article9"] = fields["article9"] or ""
    parties = list(parties)
    errors = rules.agreement_terms_problems(fields, parties=parties)
    if errors:
        raise ValidationError(errors)
    fields["categories"] = _check_categories(fields["categories"])
    version = AgreementVersion(agreement=agreement, number=number, change_note=change_note, created_at=timezone.now(),
                               created_by=actor, **fields)
    if document is not None:
        version.__dict__.update(check_document(document))
    elif previous is not None:
        version.document = previous.document
        version.document_name, version.document_size = previous.document_name, previous.document_size
        version.document_sha256 = previous.document_sha256
    version.full_clean(exclude=["agreement", "document"])
    party_ids = {agency.pk for agency in parties}
    rows = []
    for signed in signatories:
        agency = signed.get("agency")
        if agency is not None and agency.pk not in party_ids:
            raise ValidationError({"signatories": f"{agency} signed but is not a party to the agreement"})
        row = Signatory(agency=agency, name=signed["name"], role=signed["role"], signed_on=signed["signed_on"])
        row.full_clean(exclude=["version"])
        rows.append(row)
    # Everything is checked before the file is written: a refused agreement leaves no file behind.
    if document is not None:
        version.document.save("signed.pdf", document, save=False)
    try:
        version.save()
        version.parties.set(parties)
        for row in rows:
            row.version = version
        Signatory.objects.bulk_create(rows)
    except Exception:
        if document is not None:
            version.document.delete(save=False)
        raise
    return version


@transaction.atomic
def create_agreement(*, actor: User, service: Service, fields: dict, parties: list[Agency],
                     signatories: list[dict] = (), document=None, request=None) -> Agreement:
    """A new agreement of the service's (version 1). The caller has checked the actor manages
    the service or administers the programme."""
    agreement = Agreement.objects.create(service=service, created_at=timezone.now(), created_by=actor)
    version = _new_version(actor=actor, agreement=agreement, number=1, fields=fields, parties=parties,
                           signatories=signatories, document=document, previous=None, change_note="")
    agreement.current = version
    agreement.save(update_fields=["current"])
    audit.record(action="sharing.agreement.created", actor=actor, subject=agreement, request=request,
                 detail={"version": version.number, "document": bool(version.document)})
    return agreement


@transaction.atomic
def revise_agreement(*, actor: User, agreement: Agreement, fields: dict, parties: list[Agency],
                     signatories: list[dict] = (), document=None, change_note: str = "",
                     request=None) -> AgreementVersion:
    """A new version, saying what changed: the old one is kept, and disclosures made under it
    still point at it. A version without a new document keeps the signed document of the one
    before. The caller has checked the actor may maintain the service's agreements."""
    if not change_note.strip():
        raise ValidationError({"change_note": "Enter what has changed in this version"})
    # Two managers revising at once: the second waits, then numbers its version after the first's.
    # Only the agreement's row is locked (PostgreSQL locks no nullable side of an outer join).
    locked = Agreement.objects.select_for_update(of=("self",)).select_related("current").get(pk=agreement.pk)
    previous = locked.current
    version = _new_version(actor=actor, agreement=locked, number=previous.number + 1, fields=fields,
                           parties=parties, signatories=signatories, document=document, previous=previous,
                           change_note=change_note.strip())
    locked.current = version
    locked.save(update_fields=["current"])
    agreement.current = version
    audit.record(action="sharing.agreement.revised", actor=actor, subject=locked, request=request,
                 detail={"version": version.number, "document": document is not None})
    return version


# --- Consent ----------------------------------------------------------------------------

CONSENT_FIELDS = ("decision", "given_by", "given_by_name", "why_this_person", "competence_note", "categories",
                  "method", "given_on", "revisit_on", "notes")


@transaction.atomic
def record_consent(*, actor: User, young_person: YoungPerson, fields: dict, agencies: list[Agency],
                   request=None) -> ConsentRecord:
    """A dated consent decision: agreed or refused, by the young person or by someone who says
    why they decided, covering named agencies and kinds of information; the young person's own
    decision says what they understood. Every problem comes back at once, by field. The caller
    has checked the actor may record on the young person's record (``access.may_share``)."""
    _locked_person(young_person)
    values = {name: (fields.get(name) or "") for name in CONSENT_FIELDS}
    for name in ("given_by_name", "why_this_person", "competence_note", "notes"):
        values[name] = values[name].strip()
    values["given_on"], values["revisit_on"] = fields.get("given_on"), fields.get("revisit_on")
    errors = {}
    try:
        values["categories"] = _check_categories(values["categories"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if values["decision"] not in (ConsentDecision.GIVEN, ConsentDecision.REFUSED):
        errors["decision"] = "Select whether they agreed or said no"
    if values["given_by"] not in ConsentGiver.values or values["given_by"] == ConsentGiver.REFERRER:
        errors["given_by"] = "Select who decided"
    elif values["given_by"] != ConsentGiver.YOUNG_PERSON:
        if not values["given_by_name"]:
            errors["given_by_name"] = "Enter the name of the person who decided"
        if not values["why_this_person"]:
            errors["why_this_person"] = "Enter why this person decided, not the young person"
    else:
        values["given_by_name"], values["why_this_person"] = "", ""
        if not values["competence_note"]:
            errors["competence_note"] = "Enter what the young person understood about what they decided"
    if values["method"] not in ConsentMethod.values or values["method"] == ConsentMethod.REFERRAL:
        errors["method"] = "Select how they gave their decision"
    if not agencies:
        errors["agencies"] = "Select at least one agency"
    given_on = values["given_on"]
    if given_on is None:
        errors["given_on"] = "Enter the date of the decision"
    elif given_on > today():
        errors["given_on"] = "The date of the decision must be today or in the past"
    elif values["revisit_on"] and values["revisit_on"] <= given_on:
        errors["revisit_on"] = "The date to talk about it again must be after the date of the decision"
    if errors:
        raise ValidationError(errors)
    record = ConsentRecord(young_person=young_person, created_at=timezone.now(), created_by=actor, **values)
    record.full_clean(exclude=["young_person"])
    record.save()
    record.agencies.set(agencies)
    audit.record(action="sharing.consent.recorded", actor=actor, subject=record, request=request,
                 detail={"young_person": str(young_person.uuid), "decision": record.decision})
    return record


@transaction.atomic
def withdraw_consent(*, actor: User, consent: ConsentRecord, withdrawn_on: dt.date, withdrawn_by: str,
                     words: str, request=None) -> ConsentRecord:
    """Consent withdrawn: from that day it covers nothing. Disclosures already made under it
    stand as they were (they were lawful when made) and keep pointing at it."""
    _locked_person(consent.young_person)
    locked = ConsentRecord.objects.select_for_update().get(pk=consent.pk)
    if locked.decision != ConsentDecision.GIVEN:
        raise ValidationError("Only consent that was given can be withdrawn.")
    if locked.withdrawn_on is not None:
        raise ValidationError("This consent has already been withdrawn.")
    errors = {}
    words = (words or "").strip()
    if withdrawn_by not in ConsentGiver.values or withdrawn_by == ConsentGiver.REFERRER:
        errors["withdrawn_by"] = "Select who withdrew their consent"
    if not words:
        errors["withdrawal_words"] = "Enter what they said, in their own words"
    if withdrawn_on is None:
        errors["withdrawn_on"] = "Enter the date consent was withdrawn"
    elif withdrawn_on < locked.given_on:
        errors["withdrawn_on"] = "The date consent was withdrawn must be on or after the date it was given"
    elif withdrawn_on > today():
        errors["withdrawn_on"] = "The date consent was withdrawn must be today or in the past"
    if errors:
        raise ValidationError(errors)
    locked.withdrawn_on, locked.withdrawn_by, locked.withdrawal_words = withdrawn_on, withdrawn_by, words
    locked.withdrawal_recorded_at, locked.withdrawal_recorded_by = timezone.now(), actor
    locked.save()
    audit.record(action="sharing.consent.withdrawn", actor=actor, subject=locked, request=request,
                 detail={"young_person": str(locked.young_person.uuid)})
    return locked


def _referral_consent_note(referral: Referral) -> str:
    """Refused or not sought: the referral's lawful basis for referring without consent, and why."""
    if not referral.lawful_basis:
        return referral.consent_reason
    basis = f"Referred without consent on the basis of: {referral.get_lawful_basis_display().lower()}."
    return f"{basis}\n{referral.consent_reason}".strip()


def consent_from_referral(*, actor: User, referral: Referral, request=None) -> ConsentRecord | None:
    """The referral's consent, recorded on the young person when the referral is accepted: the
    first consent record. Consent to the referral covers what the referring agency already
    knows (the referral and its concerns) with that agency; anything more is asked afresh."""
    if referral.young_person_id is None or ConsentRecord.objects.filter(referral=referral).exists():
        return None
    decision = {Consent.GIVEN: ConsentDecision.GIVEN, Consent.REFUSED: ConsentDecision.REFUSED}.get(
        referral.consent, ConsentDecision.NOT_SOUGHT)
    record = ConsentRecord.objects.create(
        young_person_id=referral.young_person_id, decision=decision, given_by=ConsentGiver.REFERRER,
        categories=[Category.REFERRAL], method=ConsentMethod.REFERRAL,
        given_on=timezone.localdate(referral.received_at), referral=referral,
        notes=_referral_consent_note(referral), created_at=timezone.now(), created_by=actor,
    )
    if referral.referring_agency_id:
        record.agencies.set([referral.referring_agency_id])
    audit.record(action="sharing.consent.recorded", actor=actor, subject=record, request=request,
                 detail={"young_person": str(referral.young_person.uuid), "decision": decision,
                         "referral": str(referral.uuid)})
    return record


# --- Requests from partners -------------------------------------------------------------


@transaction.atomic
def request_information(*, actor: User, agency: Agency, service: Service, fields: dict,
                        young_person: YoungPerson | None = None, request=None) -> InformationRequest:
    """A partner asks. The caller has checked the actor is a partner of ``agency`` and, where a
    young person is named, that the partner can see them."""
    values = {name: (fields.get(name) or "").strip() for name in ("about", "what_is_needed", "reason")}
    errors = {}
    if young_person is None and not values["about"]:
        errors["about"] = "Say who the request is about: their name, date of birth or age, and where they live"
    if not values["what_is_needed"]:
        errors["what_is_needed"] = "Enter what you need to know"
    if not values["reason"]:
        errors["reason"] = "Enter why you need it"
    categories = []
    try:
        categories = _check_categories(fields.get("categories"))
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    if (fields.get("urgency") or "routine") not in Urgency.values:
        errors["urgency"] = "Select how urgent this is"
    # Every problem at once, so that the partner fixes them in one go.
    if errors:
        raise ValidationError(errors)
    if young_person is not None and young_person.service_id != service.pk:
        raise ValueError("A request about a young person goes to the service that holds their record.")
    asked = InformationRequest(service=service, agency=agency, requested_by=actor, requested_at=timezone.now(),
                               young_person=young_person, categories=categories,
                               urgency=fields.get("urgency") or "routine", **values)
    asked.full_clean(exclude=["service", "agency", "young_person"])
    asked.save()
    audit.record(action="sharing.request.made", actor=actor, subject=asked, request=request,
                 detail={"urgency": asked.urgency})
    managers = [m.person for m in network_queries.managers_of([service.pk])]
    notify(recipients=managers, kind=NEW_REQUEST, subject=asked)
    return asked


@transaction.atomic
def link_request(*, actor: User, information_request: InformationRequest, young_person: YoungPerson,
                 request=None) -> InformationRequest:
    """A manager says which of the service's young people an open request describes, so that
    it can be answered from their record. The partner is not told which record (they see
    only what is then disclosed). The caller has checked the actor manages the service and
    may see the young person."""
    locked = InformationRequest.objects.select_for_update().get(pk=information_request.pk)
    if locked.status != RequestStatus.OPEN:
        raise ValidationError("This request has already been answered.")
    if locked.young_person_id is not None:
        raise ValidationError("This request is already linked to a young person's record.")
    if young_person.service_id != locked.service_id:
        raise ValidationError({"young_person": "Select a young person of the service the request was sent to"})
    locked.young_person = young_person
    locked.save(update_fields=["young_person"])
    audit.record(action="sharing.request.linked", actor=actor, subject=locked, request=request,
                 detail={"young_person": str(young_person.uuid)})
    information_request.young_person = young_person
    return locked


def _answer(*, actor, asked: InformationRequest | None, status: str, service_id: int,
            young_person: YoungPerson | None):
    """The request answered (locked, so that two answers cannot both win): by its own service,
    about the young person it names (or, if it names none yet, the one now answered about)."""
    if asked is None:
        return None
    locked = InformationRequest.objects.select_for_update().get(pk=asked.pk)
    if locked.service_id != service_id:
        raise ValueError("A request is answered by the service it was made to.")
    if locked.status != RequestStatus.OPEN:
        raise ValidationError("This request has already been answered.")
    if young_person is not None and locked.young_person_id not in (None, young_person.pk):
        # Answering about someone else would tell the agency about a young person it never asked about.
        raise ValidationError("This request is about another young person: answer it from their record.")
    locked.status, locked.answered_at, locked.answered_by = status, timezone.now(), actor
    if locked.young_person_id is None and young_person is not None:
        locked.young_person = young_person
    locked.save()
    # The managers' "a partner has asked" has been done; the agency's partners (the asker among
    # them, even if no longer a partner there) are told it is answered.
    resolve(kinds=[NEW_REQUEST], subject=locked)
    partners = [m.person for m in network_queries.partners_of([locked.agency_id])]
    notify(recipients=[locked.requested_by, *partners], kind=REQUEST_ANSWERED, subject=locked)
    return locked


# --- The door ---------------------------------------------------------------------------


def disclosed_name_of(person: YoungPerson) -> str:
    """The name a disclosure gives the recipient: the legal names, and the name they are known
    by where there is one (a partner needs both to find them in their own records)."""
    name = f"{person.first_name} {person.last_name}".strip()
    return f"{name} (known as {person.known_as})" if person.known_as else name


def write_extract(young_person: YoungPerson, categories, *, include_restricted: bool = False) -> str:
    """What the record says now under each category, as plain text: the extract a disclosure
    keeps (and the partner sees) when the worker shares it rather than writing a summary."""
    parts = []
    for value, label in Category.choices:
        if value not in categories:
            continue
        writer = extract_writer(value)
        text = writer(young_person, include_restricted=include_restricted) if writer else ""
        parts.append(f"{label}\n{text.strip() or 'Nothing is recorded under this heading.'}")
    return "\n\n".join(parts)


OTHERS_NAMED = ("This looks like it names another young person the service works with: {found}. Take it out, "
                "or tick that it does not name another young person. Share about another young person "
                "separately, through their own route.")
OTHERS_IN_EXTRACT = ("The extract from the record looks like it names another young person the service works "
                     "with: {found}. Write a summary instead, or tick that it does not name another young person.")


def others_named(person: YoungPerson, **texts: str) -> dict[str, str]:
    """What in the texts about this young person looks like another of the service's young
    people, as the messages by field (``summary``, ``extract`` or ``told_to_agency``); empty
    when nothing does. The young person's own names and date of birth are expected."""
    found = identifiers.identifiers_in(texts, service_ids=[person.service_id], about=person)
    messages = {}
    for key, hits in found.items():
        listed = ", ".join(str(hit) for hit in hits)
        if key == "extract":
            messages["with_extract"] = OTHERS_IN_EXTRACT.format(found=listed)
        else:
            messages[key] = OTHERS_NAMED.format(found=listed)
    return messages


@transaction.atomic
def record_disclosure(*, actor: User, young_person: YoungPerson, to_agency: Agency, categories,
                      summary: str, route: str, reason: str, shared_on: dt.date | None = None,
                      recipient_name: str = "", recipient_role: str = "", agreement: AgreementVersion | None = None,
                      article6: str = "", article9: str = "", with_extract: bool = False,
                      information_request: InformationRequest | None = None, reauthenticated: bool = False,
                      others_checked: bool = False, request=None) -> Disclosure:
    """Share information about a young person with another agency, through exactly one lawful
    route, or be refused with the reason by the field:

    - ``consent``: consent on record that stands on the day and covers the agency and every
      category (the newest record that mentions each decides);
    - ``agreement``: the current version of one of the service's agreements, in force on the
      day, with the agency as a party and every category covered (its lawful bases are used);
    - ``safeguarding``: a one-off decision by a manager of the service, who has just entered
      their password again, with a written rationale and the lawful basis; the service's
      other managers are told.

    What is shared is about this young person alone: a summary or extract that looks like it
    names another of the service's young people (or gives their date of birth) is refused,
    showing what was found, until the worker takes it out or ticks that it does not name them
    (``others_checked``, kept in the audit row). Information about another young person goes
    out as their own disclosure, through their own route.

    The caller has checked the actor may record on the young person's record."""
    person = _locked_person(young_person)
    shared_on = shared_on or today()
    errors: dict[str, str] = {}
    categories = [c for c in Category.values if c in set(categories or ())]
    if not categories:
        errors["categories"] = "Select at least one kind of information shared"
    if to_agency is None:
        errors["to_agency"] = "Select the agency the information was shared with"
    if not recipient_name.strip():
        errors["recipient_name"] = "Enter the name of the person you shared it with"
    if not summary.strip() and not with_extract:
        errors["summary"] = "Enter what was shared, or share the extract from the record"
    if not reason.strip():
        errors["reason"] = "Enter why it was shared"
    if shared_on > today():
        errors["shared_on"] = "The date shared must be today or in the past"
    if route not in (Route.CONSENT, Route.AGREEMENT, Route.SAFEGUARDING):
        errors["route"] = "Select how the sharing is lawful"
    if (information_request is not None and to_agency is not None
            and information_request.agency_id != to_agency.pk):
        errors["to_agency"] = (f"This answers {information_request.agency}'s request: share it with "
                               f"{information_request.agency}, or record a separate disclosure")
    if errors:
        raise ValidationError(errors)

    consent = None
    if route == Route.CONSENT:
        records = list(ConsentRecord.objects.filter(young_person=person).prefetch_related("agencies"))
        consent, problem = rules.consent_covering(records, agency_id=to_agency.pk, categories=categories,
                                                  on=shared_on)
        if problem:
            raise ValidationError({"route": problem + ". Choose an agreement or ask a manager to decide."})
        article6, article9 = Article6.CONSENT, (Article9.EXPLICIT_CONSENT if needs_article9(categories) else "")
    elif route == Route.AGREEMENT:
        if agreement is None:
            raise ValidationError({"agreement": "Select the agreement that covers this"})
        agreement = AgreementVersion.objects.select_related("agreement").get(pk=agreement.pk)
        problem = rules.agreement_problem(agreement, service_id=person.service_id, agency_id=to_agency.pk,
                                          categories=categories, on=shared_on)
        if problem:
            raise ValidationError({"agreement": problem})
        article6, article9 = agreement.article6, (agreement.article9 if needs_article9(categories) else "")
    else:
        problems = rules.safeguarding_problems(
            reason=reason, article6=article6, article9=article9, categories=categories,
            decided_by_manager=scoping.can_manage_service(actor, person.service_id),
            reauthenticated=reauthenticated,
        )
        if problems:
            raise ValidationError(problems)
        article9 = article9 if needs_article9(categories) else ""

    extract = (write_extract(person, categories, include_restricted=Category.RESTRICTED in categories)
               if with_extract else "")
    others = {} if others_checked else others_named(person, summary=summary, extract=extract)
    if others:
        raise ValidationError(others)
    disclosure = Disclosure(
        service_id=person.service_id, young_person=person, to_agency=to_agency, recipient_name=recipient_name.strip(),
        recipient_role=recipient_role.strip(), categories=categories, summary=summary.strip(),
        disclosed_name=disclosed_name_of(person), extract=extract,
        route=route, consent=consent, agreement_version=agreement if route == Route.AGREEMENT else None,
        article6=article6, article9=article9, reason=reason.strip(), decided_by=actor, shared_on=shared_on,
        recorded_at=timezone.now(), recorded_by=actor,
    )
    # The summary may be empty when the extract is shared instead (checked above).
    disclosure.full_clean(exclude=["service", "young_person", "to_agency", "consent", "agreement_version",
                                   "information_request"])
    asked = _answer(actor=actor, asked=information_request, status=RequestStatus.SHARED,
                    service_id=person.service_id, young_person=person)
    disclosure.information_request = asked
    disclosure.save()
    audit.record(action="sharing.disclosure.recorded", actor=actor, subject=disclosure, request=request,
                 detail={"young_person": str(person.uuid), "agency": str(to_agency.uuid), "route": route,
                         "categories": categories, "reauthenticated": bool(reauthenticated),
                         "others_checked": bool(others_checked)})
    if route == Route.SAFEGUARDING:
        managers = [m.person for m in network_queries.managers_of([person.service_id]) if m.person_id != actor.pk]
        notify(recipients=managers, kind=SAFEGUARDING_SHARE, subject=disclosure)
    return disclosure


@transaction.atomic
def record_handover(*, actor: User, young_person: YoungPerson, to_service: Service, summary: str,
                    categories, decided_by: User, reason: str = "", request=None) -> Disclosure:
    """A transfer of the young person's support to another service is a disclosure too: the
    receiving service is given the handover when it is asked, and a copy of the record when it
    accepts (``cases.actions.transfer`` says what each carries). Made only by the cases app's
    transfer actions, in their transaction; a move within the service is not a disclosure."""
    person = _locked_person(young_person)
    if to_service.pk == person.service_id:
        raise ValueError("A move within the service is not a disclosure.")
    if not summary.strip():
        raise ValueError("A handover says what was given.")
    disclosure = Disclosure.objects.create(
        service_id=person.service_id, young_person=person, to_service=to_service,
        categories=_check_categories(categories), summary=summary, route=Route.TRANSFER,
        disclosed_name=disclosed_name_of(person),
        article6=Article6.LEGITIMATE_INTERESTS, article9=Article9.SAFEGUARDING,
        reason=reason or f"The young person's support is moving to {to_service.name}.", decided_by=decided_by,
        shared_on=today(), recorded_at=timezone.now(), recorded_by=actor,
    )
    audit.record(action="sharing.disclosure.recorded", actor=actor, subject=disclosure, request=request,
                 detail={"young_person": str(person.uuid), "service": str(to_service.uuid), "route": Route.TRANSFER,
                         "categories": disclosure.categories})
    return disclosure


@transaction.atomic
def record_given_to_subject(*, actor: User, young_person: YoungPerson, given_to: str, summary: str,
                            categories, reason: str, article6: str = Article6.LEGITIMATE_INTERESTS,
                            article9: str = "", recipient_name: str = "", shared_on: dt.date | None = None,
                            request=None) -> Disclosure:
    """The young person's own information given to them, or to a parent with parental
    responsibility or a representative with their authority: their own story, or the answer to
    a subject access request. It is not a share with a third party, so no consent or agreement
    is asked for here; the caller has applied its own rule first (a story's manager check, a
    request's sign-off and the downloader's re-authentication). It is recorded like any other
    disclosure, so the log and the young person's page show what left the service and to whom."""
    person = _locked_person(young_person)
    shared_on = shared_on or today()
    errors: dict[str, str] = {}
    if given_to not in SubjectRecipient.values:
        errors["given_to"] = "Select who it was given to"
    elif given_to != SubjectRecipient.YOUNG_PERSON and not recipient_name.strip():
        errors["recipient_name"] = "Enter the name of the person it was given to"
    if not summary.strip():
        errors["summary"] = "Enter what was given"
    if not reason.strip():
        errors["reason"] = "Enter why it was given"
    if shared_on > today():
        errors["shared_on"] = "The date given must be today or in the past"
    if errors:
        raise ValidationError(errors)
    categories = _check_categories(categories)
    disclosure = Disclosure(
        service_id=person.service_id, young_person=person, to_subject=given_to, route=Route.SUBJECT,
        recipient_name=recipient_name.strip(), categories=categories, summary=summary.strip(),
        disclosed_name=disclosed_name_of(person), article6=article6,
        article9=(article9 or Article9.SAFEGUARDING) if needs_article9(categories) else "",
        reason=reason.strip(), decided_by=actor, shared_on=shared_on, recorded_at=timezone.now(), recorded_by=actor,
    )
    disclosure.full_clean(exclude=["service", "young_person", "to_agency", "to_service", "consent",
                                   "agreement_version", "information_request"])
    disclosure.save()
    audit.record(action="sharing.disclosure.recorded", actor=actor, subject=disclosure, request=request,
                 detail={"young_person": str(person.uuid), "given_to": given_to, "route": Route.SUBJECT,
                         "categories": categories})
    return disclosure


@transaction.atomic
def record_decision_not_to_share(*, actor: User, service: Service, what_was_asked: str, reason: str,
                                 categories=(), young_person: YoungPerson | None = None,
                                 asked_by_agency: Agency | None = None, asked_by_name: str = "",
                                 decided_on: dt.date | None = None,
                                 information_request: InformationRequest | None = None,
                                 told_to_agency: str = "", others_checked: bool = False,
                                 request=None) -> DecisionNotToShare:
    """Asked for information and decided not to share it: what, by whom, and why not. The
    caller has checked the actor may record on the young person's record (or, answering a
    request about someone not yet linked, manages the service).

    ``reason`` is the service's own record; ``told_to_agency`` is what the asking agency is
    told (the only part of the decision a partner ever sees), checked like a disclosure's summary
    for another young person's name or date of birth (``others_checked`` once the manager has
    looked)."""
    if young_person is not None:
        _locked_person(young_person)
        if young_person.service_id != service.pk:
            raise ValueError("A decision is recorded by the service that holds the record.")
    decided_on = decided_on or today()
    errors = {}
    if not what_was_asked.strip():
        errors["what_was_asked"] = "Enter what was asked for"
    if not reason.strip():
        errors["reason"] = "Enter why it was not shared"
    if information_request is None and asked_by_agency is None and not asked_by_name.strip():
        errors["asked_by_name"] = "Enter who asked: their agency or their name"
    if decided_on > today():
        errors["decided_on"] = "The date decided must be today or in the past"
    if errors:
        raise ValidationError(errors)
    if told_to_agency.strip() and not others_checked:
        found = identifiers.identifiers_in({"told_to_agency": told_to_agency}, service_ids=[service.pk],
                                           about=young_person)
        if found:
            raise ValidationError({"told_to_agency": OTHERS_NAMED.format(
                found=", ".join(str(hit) for hit in found["told_to_agency"]))})
    asked = _answer(actor=actor, asked=information_request, status=RequestStatus.NOT_SHARED,
                    service_id=service.pk, young_person=young_person)
    decision = DecisionNotToShare(
        service=service, young_person=young_person, asked_by_agency=asked.agency if asked else asked_by_agency,
        asked_by_name=asked_by_name.strip(), what_was_asked=what_was_asked.strip(),
        categories=[c for c in Category.values if c in set(categories)], reason=reason.strip(),
        told_to_agency=told_to_agency.strip(), decided_by=actor,
        decided_on=decided_on, information_request=asked, recorded_at=timezone.now(), recorded_by=actor,
    )
    # What was asked for may name no category (a question in the partner's own words).
    decision.full_clean(exclude=["service", "young_person", "asked_by_agency", "information_request"])
    decision.save()
    audit.record(action="sharing.not_shared.recorded", actor=actor, subject=decision, request=request,
                 detail={"young_person": str(young_person.uuid) if young_person else "",
                         "request": str(asked.uuid) if asked else "", "others_checked": bool(others_checked)})
    return decision
