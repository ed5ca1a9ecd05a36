"""Writes of the subject access requests app. Each is one transaction with its audit row; the
audit rows carry codes and references, never what was asked for or what was redacted."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.referrals.models import YoungPerson
from hubspoke.rights import deadlines, redaction
from hubspoke.rights.models import (
    CLOSED_STATUSES,
    Bundle,
    Exemption,
    Pause,
    PauseKind,
    Redaction,
    RequesterKind,
    Status,
    SubjectAccessRequest,
)

# What a bundle holds, as the kinds of information a disclosure names.
CATEGORY_OF_KIND = {
    "referrals.youngperson": "identity", "referrals.youngpersoncontact": "identity",
    "referrals.referral": "referral", "referrals.referraldecision": "referral",
    "assessments.assessment": "risk", "cases.plangoal": "plan", "cases.planaction": "plan",
    "cases.missingepisode": "missing",
}


def _locked(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().select_related("young_person", "service").get(pk=sar.pk)


def _pauses(sar) -> list[deadlines.Pause]:
    return [deadlines.Pause(p.started_on, p.ended_on) for p in sar.pauses.all()]


def _refresh_due(sar: SubjectAccessRequest) -> None:
    sar.due_on = deadlines.deadline(sar.received_on, pauses=_pauses(sar), extension_months=sar.extension_months)


def _require_open(sar, *statuses) -> None:
    if sar.status in CLOSED_STATUSES:
        raise ValidationError({"__all__": "This request is closed"})
    if statuses and sar.status not in statuses:
        status = sar.get_status_display().lower()
        raise ValidationError({"__all__": f"This cannot be done while the request is {status}"})


@transaction.atomic
def record_request(*, actor: User, young_person: YoungPerson, requester_kind: str, requester_name: str = "",
                   identity_checked: str, authority_checked: str = "", received_on: dt.date | None,
                   request=None) -> SubjectAccessRequest:
    """A request for the young person's own information. The caller has checked the actor
    manages the young person's service."""
    errors = {}
    if requester_kind not in RequesterKind.values:
        errors["requester_kind"] = "Select who asked"
    elif requester_kind != RequesterKind.YOUNG_PERSON:
        if not requester_name.strip():
            errors["requester_name"] = "Enter the name of the person who asked"
        if not authority_checked.strip():
            errors["authority_checked"] = ("Enter how their parental responsibility or authority to act for the "
                                           "young person was checked")
    if not identity_checked.strip():
        errors["identity_checked"] = "Enter how the requester's identity was checked"
    if received_on is None:
        errors["received_on"] = "Enter the date the request was received"
    elif received_on > today():
        errors["received_on"] = "The date received must be today or in the past"
    if errors:
        raise ValidationError(errors)
    sar = SubjectAccessRequest(
        service_id=young_person.service_id, young_person=young_person, requester_kind=requester_kind,
        requester_name=requester_name.strip(), identity_checked=identity_checked.strip(),
        authority_checked=authority_checked.strip(), received_on=received_on,
        recorded_at=timezone.now(), recorded_by=actor,
    )
    sar.due_on = deadlines.deadline(received_on)
    sar.save()
    audit.record(action="rights.request.recorded", actor=actor, subject=sar, request=request,
                 detail={"young_person": str(young_person.uuid), "requester_kind": requester_kind})
    return sar


@transaction.atomic
def pause_request(*, actor: User, sar: SubjectAccessRequest, kind: str, what_was_asked: str,
                  started_on: dt.date | None, request=None) -> Pause:
    """Stop the clock while waiting for proof of identity or authority, or for clarification."""
    sar = _locked(sar)
    _require_open(sar, Status.RECEIVED, Status.IN_REVIEW)
    errors = {}
    if kind not in PauseKind.values:
        errors["kind"] = "Select what you are waiting for"
    if not what_was_asked.strip():
        errors["what_was_asked"] = "Enter what was asked for"
    if started_on is None:
        errors["started_on"] = "Enter the date it was asked for"
    elif started_on > today():
        errors["started_on"] = "The date asked must be today or in the past"
    elif started_on < sar.received_on:
        errors["started_on"] = "The date asked must be on or after the date the request was received"
    else:
        last = sar.pauses.exclude(ended_on=None).order_by("-ended_on").first()
        if last is not None and started_on < last.ended_on:
            errors["started_on"] = "The date asked must be on or after the end of the last pause"
    if errors:
        raise ValidationError(errors)
    pause = Pause.objects.create(request=sar, kind=kind, what_was_asked=what_was_asked.strip(),
                                 started_on=started_on, recorded_by=actor)
    sar.status, sar.due_on = Status.PAUSED, None
    sar.save(update_fields=["status", "due_on"])
    audit.record(action="rights.request.paused", actor=actor, subject=sar, request=request, detail={"kind": kind})
    return pause


@transaction.atomic
def resume_request(*, actor: User, sar: SubjectAccessRequest, ended_on: dt.date | None,
                   request=None) -> SubjectAccessRequest:
    """What was asked for has arrived: the clock runs again, the paused days added."""
    sar = _locked(sar)
    _require_open(sar, Status.PAUSED)
    pause = sar.pauses.get(ended_on=None)
    if ended_on is None:
        raise ValidationError({"ended_on": "Enter the date it arrived"})
    if ended_on > today():
        raise ValidationError({"ended_on": "The date it arrived must be today or in the past"})
    if ended_on < pause.started_on:
        raise ValidationError({"ended_on": "The date it arrived must be on or after the date it was asked for"})
    pause.ended_on = ended_on
    pause.save(update_fields=["ended_on"])
    sar.status = Status.IN_REVIEW if sar.snapshot is not None else Status.RECEIVED
    _refresh_due(sar)
    sar.save(update_fields=["status", "due_on"])
    audit.record(action="rights.request.resumed", actor=actor, subject=sar, request=request)
    return sar


@transaction.atomic
def extend_request(*, actor: User, sar: SubjectAccessRequest, months: int | None, reason: str,
                   told_on: dt.date | None, request=None) -> SubjectAccessRequest:
    """A complex request: one or two more months, the reason, and the date the requester was
    told (within the first month)."""
    sar = _locked(sar)
    _require_open(sar)
    if sar.extension_months:
        raise ValidationError({"__all__": "This request has already been extended"})
    if sar.status == Status.PAUSED:
        raise ValidationError({"__all__": "Record that what was asked for has arrived before extending"})
    errors = deadlines.extension_problems(sar.received_on, pauses=_pauses(sar), months=months or 0,
                                          reason=reason, told_on=told_on)
    if told_on is not None and told_on > today() and "told_on" not in errors:
        errors["told_on"] = "The date the requester was told must be today or in the past"
    if errors:
        raise ValidationError(errors)
    sar.extension_months, sar.extension_reason, sar.extension_told_on = months, reason.strip(), told_on
    _refresh_due(sar)
    sar.save(update_fields=["extension_months", "extension_reason", "extension_told_on", "due_on"])
    audit.record(action="rights.request.extended", actor=actor, subject=sar, request=request,
                 detail={"months": months})
    return sar


@transaction.atomic
def start_review(*, actor: User, sar: SubjectAccessRequest, request=None) -> SubjectAccessRequest:
    """Gather everything held now and freeze it on the request: what is reviewed is what is sent."""
    from hubspoke.rights.gather import gather

    sar = _locked(sar)
    _require_open(sar, Status.RECEIVED)
    sar.snapshot = [part.as_json() for part in gather(sar.young_person)]
    sar.frozen_at, sar.frozen_by, sar.status = timezone.now(), actor, Status.IN_REVIEW
    sar.save(update_fields=["snapshot", "frozen_at", "frozen_by", "status"])
    audit.record(action="rights.request.gathered", actor=actor, subject=sar, request=request,
                 detail={"entries": sum(len(p["entries"]) for p in sar.snapshot)})
    return sar


@transaction.atomic
def mark_redaction(*, actor: User, sar: SubjectAccessRequest, entry_kind: str, entry_ref: str, field_key: str,
                   exemption: str, passage: str = "", request=None) -> Redaction:
    """Withhold a field, or an exact passage of it, under an exemption. A passage must be found
    in the field's text exactly as typed."""
    sar = _locked(sar)
    _require_open(sar, Status.IN_REVIEW)
    field = redaction.find_field(sar.snapshot or [], entry_kind, entry_ref, field_key)
    if field is None:
        raise ValidationError({"__all__": "That field is not in the gathered material"})
    errors = {}
    if exemption not in Exemption.values:
        errors["exemption"] = "Select the exemption that applies"
    if passage and passage not in field["text"]:
        errors["passage"] = "The passage was not found in this field: copy it exactly as it is shown"
    if errors:
        raise ValidationError(errors)
    mark = Redaction.objects.create(request=sar, entry_kind=entry_kind, entry_ref=entry_ref, field_key=field_key,
                                    passage=passage, exemption=exemption, marked_at=timezone.now(), marked_by=actor,
                                    part_key=next(p["key"] for p in sar.snapshot for e in p["entries"]
                                                  if e["kind"] == entry_kind and e["ref"] == entry_ref))
    audit.record(action="rights.redaction.marked", actor=actor, subject=sar, request=request,
                 detail={"exemption": exemption, "whole_field": not passage})
    return mark


@transaction.atomic
def remove_redaction(*, actor: User, mark: Redaction, request=None) -> None:
    sar = _locked(mark.request)
    _require_open(sar, Status.IN_REVIEW)
    mark.delete()
    audit.record(action="rights.redaction.removed", actor=actor, subject=sar, request=request)


def _enqueue_bundle(bundle: Bundle) -> None:
    from hubspoke.rights.tasks import make_bundle

    transaction.on_commit(lambda: make_bundle.enqueue(bundle_uuid=str(bundle.uuid)), robust=True)


def _ask_for_bundle(*, actor, sar) -> Bundle:
    bundle = Bundle.objects.create(request=sar, asked_at=timezone.now(), asked_by=actor)
    _enqueue_bundle(bundle)
    return bundle


@transaction.atomic
def sign_off(*, actor: User, sar: SubjectAccessRequest, request=None) -> SubjectAccessRequest:
    """A second manager agrees the redactions: never the one who gathered the material or marked
    any of them. The bundle is then made in the background."""
    sar = _locked(sar)
    _require_open(sar, Status.IN_REVIEW)
    markers = set(sar.redactions.values_list("marked_by_id", flat=True))
    if actor.pk == sar.frozen_by_id or actor.pk in markers:
        raise ValidationError({"__all__": "A second manager signs off: not the person who started the review "
                                          "or marked redactions"})
    sar.signed_off_at, sar.signed_off_by, sar.status = timezone.now(), actor, Status.SIGNED_OFF
    sar.save(update_fields=["signed_off_at", "signed_off_by", "status"])
    _ask_for_bundle(actor=actor, sar=sar)
    audit.record(action="rights.request.signed_off", actor=actor, subject=sar, request=request,
                 detail={"redactions": sar.redactions.count()})
    return sar


@transaction.atomic
def make_bundle_again(*, actor: User, sar: SubjectAccessRequest, request=None) -> Bundle:
    """A new bundle after the last one was downloaded (lost, or sent again): on purpose, audited."""
    sar = _locked(sar)
    if sar.signed_off_at is None or sar.status in (Status.REFUSED, Status.WITHDRAWN):
        raise ValidationError({"__all__": "A bundle is made only for a signed-off request"})
    if sar.bundles.filter(downloaded_at=None).exists():
        raise ValidationError({"__all__": "A bundle is already waiting to be downloaded"})
    bundle = _ask_for_bundle(actor=actor, sar=sar)
    audit.record(action="rights.bundle.asked_again", actor=actor, subject=sar, request=request)
    return bundle


@transaction.atomic
def store_bundle(*, bundle_uuid: str, content: bytes, sha256: str, with_pdf: bool) -> bool:
    """The task's result saved: once. A bundle that already has its file (or was downloaded) is
    left as it is, so running the task twice makes one bundle."""
    from django.core.files.base import ContentFile

    bundle = Bundle.objects.select_for_update().select_related("request").filter(uuid=bundle_uuid).first()
    if bundle is None or bundle.file or bundle.made_at is not None:
        return False
    bundle.file.save(f"{bundle.uuid}.zip", ContentFile(content), save=False)
    bundle.sha256, bundle.size, bundle.with_pdf, bundle.made_at = sha256, len(content), with_pdf, timezone.now()
    bundle.save(update_fields=["file", "sha256", "size", "with_pdf", "made_at"])
    sar = bundle.request
    if sar.status == Status.SIGNED_OFF:
        sar.status = Status.BUNDLE_READY
        sar.save(update_fields=["status"])
    audit.record(action="rights.bundle.made", subject=sar, detail={"bundle": str(bundle.uuid), "size": len(content)})
    return True


def categories_in(snapshot: list[dict]) -> list[str]:
    found = {CATEGORY_OF_KIND[e["kind"]] for p in snapshot for e in p["entries"] if e["kind"] in CATEGORY_OF_KIND}
    if any(f["key"] == "restriction" for p in snapshot for e in p["entries"] for f in e["fields"]):
        found.add("restricted")
    return sorted(found) or ["identity"]


@transaction.atomic
def download_bundle(*, actor: User, bundle: Bundle, request=None) -> bytes:
    """The bundle handed to a manager who has just re-authenticated: once. Its file is deleted,
    the request is completed, and what left the service is recorded as a disclosure to the
    requester, all in this transaction."""
    from hubspoke.sharing.actions import record_given_to_subject

    bundle = Bundle.objects.select_for_update().get(pk=bundle.pk)
    sar = _locked(bundle.request)
    if bundle.downloaded_at is not None or not bundle.file:
        raise ValidationError({"__all__": "This bundle has already been downloaded, or is not ready yet"})
    with bundle.file.open("rb") as handle:
        content = handle.read()
    name = bundle.file.name
    bundle.downloaded_at, bundle.downloaded_by = timezone.now(), actor
    bundle.file = ""
    bundle.save(update_fields=["downloaded_at", "downloaded_by", "file"])
    transaction.on_commit(lambda: Bundle.file.field.storage.delete(name))
    disclosure = record_given_to_subject(
        actor=actor, young_person=sar.young_person, given_to=sar.requester_kind,
        recipient_name=sar.requester_name, article6="legal_obligation",
        summary="Everything held about the young person, after redaction, in answer to a subject access request.",
        categories=categories_in(sar.snapshot or []),
        reason="A subject access request (UK GDPR Article 15).", request=request,
    )
    if sar.status != Status.COMPLETED:
        sar.status, sar.closed_on = Status.COMPLETED, today()
        sar.outcome = sar.outcome or "Answered: the bundle was given to the requester."
        sar.save(update_fields=["status", "closed_on", "outcome"])
    audit.record(action="rights.bundle.downloaded", actor=actor, subject=sar, request=request,
                 detail={"bundle": str(bundle.uuid), "disclosure": str(disclosure.uuid), "sha256": bundle.sha256})
    return content


@transaction.atomic
def close_request(*, actor: User, sar: SubjectAccessRequest, status: str, outcome: str,
                  request=None) -> SubjectAccessRequest:
    """Refused (manifestly unfounded or excessive, or another reason the requester is told) or
    withdrawn by the requester: the reason is required."""
    sar = _locked(sar)
    _require_open(sar)
    errors = {}
    if status not in (Status.REFUSED, Status.WITHDRAWN):
        errors["status"] = "Select refused or withdrawn"
    if not outcome.strip():
        errors["outcome"] = "Enter the reason"
    if errors:
        raise ValidationError(errors)
    sar.pauses.filter(ended_on=None).update(ended_on=today())
    sar.status, sar.outcome, sar.closed_on = status, outcome.strip(), today()
    sar.save(update_fields=["status", "outcome", "closed_on"])
    audit.record(action=f"rights.request.{status}", actor=actor, subject=sar, request=request)
    return sar
