"""Writes of the retention app: the programme's periods, the services' data protection leads,
legal holds, and disposal (proposed by a manager, approved by a second person, carried out in
the approval's transaction, certified). Each is one transaction with its audit row; audit rows
carry codes and references, never content and never a name."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit import actions as audit
from hubspoke.lib.dates import today
from hubspoke.network import scoping
from hubspoke.network.models import Membership, Programme, Role, Service
from hubspoke.referrals.models import Referral, YoungPerson, YoungPersonName
from hubspoke.retention import erasure, queries, rules
from hubspoke.retention.models import (
    DEFAULTS,
    EDITABLE_KINDS,
    YEARS_BOUNDS,
    DataProtectionLead,
    Disposal,
    DisposalCertificate,
    DisposalReason,
    DisposalStatus,
    LegalHold,
    RetentionRule,
)

MANAGER = "service manager"
LEAD = "data protection lead"


# --- The schedule ---------------------------------------------------------------------------


@transaction.atomic
def set_period(*, actor: User, programme: Programme, kind: str, years: int, reason: str,
               reauthenticated: bool, request=None) -> RetentionRule:
    """An administrator of the programme changes one period, with a reason, having re-entered
    their password; audited with the period before and after. The audit trail's is fixed."""
    if programme.pk not in queries.administered_programme_ids(actor):
        raise ValidationError("Only an administrator of the programme can change how long records are kept.")
    if not reauthenticated:
        raise ValidationError("Enter your password again to change how long records are kept.")
    if kind not in EDITABLE_KINDS:
        raise ValidationError({"years": "The audit trail is kept as long as the records it describes."})
    low, high = YEARS_BOUNDS[kind]
    errors = {}
    if years is None or not low <= years <= high:
        errors["years"] = f"Enter a number of years from {low} to {high}"
    if not (reason or "").strip():
        errors["reason"] = "Enter why the period is changing"
    if errors:
        raise ValidationError(errors)
    rule = RetentionRule.objects.select_for_update().filter(programme=programme, kind=kind).first()
    before = rule.years if rule else DEFAULTS[kind][1]
    if rule is None:
        rule = RetentionRule(programme=programme, kind=kind)
    rule.years, rule.reason, rule.changed_at, rule.changed_by = years, reason.strip(), timezone.now(), actor
    rule.save()
    audit.record(action="retention.period.changed", actor=actor, subject=programme, request=request,
                 detail={"kind": kind, "before": before, "after": years})
    return rule


@transaction.atomic
def set_data_protection_lead(*, actor: User, service: Service, person: User | None, request=None) -> None:
    """An administrator of the service's programme names its data protection lead: someone who
    holds a current administrator membership of that programme (or nobody)."""
    if service.programme_id not in queries.administered_programme_ids(actor):
        raise ValidationError("Only an administrator of the programme can name a data protection lead.")
    current = DataProtectionLead.objects.select_for_update().filter(service=service).first()
    if person is None:
        if current is not None:
            current.delete()
            audit.record(action="retention.lead.removed", actor=actor, subject=service, request=request)
        return
    holds = Membership.objects.filter(scoping.current_memberships_q(), person=person, role=Role.ADMINISTRATOR,
                                      programme_id=service.programme_id).exists()
    if not holds:
        raise ValidationError({"person": "Choose someone who is an administrator of the programme now"})
    if current is None:
        current = DataProtectionLead(service=service)
    current.person, current.set_at, current.set_by = person, timezone.now(), actor
    current.save()
    audit.record(action="retention.lead.set", actor=actor, subject=service, request=request,
                 detail={"person": person.pk})


# --- Legal holds ----------------------------------------------------------------------------


def _service_of(young_person, referral) -> Service:
    return young_person.service if young_person is not None else referral.service


def _require_manager(actor, service_id: int, what: str) -> None:
    if not scoping.can_manage_service(actor, service_id):
        raise ValidationError(f"Only the service's managers can {what}.")


def _lock_record(young_person, referral):
    if young_person is not None:
        return YoungPerson.objects.select_for_update().select_related("service").get(pk=young_person.pk), None
    return None, Referral.objects.select_for_update().select_related("service").get(pk=referral.pk)


@transaction.atomic
def place_hold(*, actor: User, young_person: YoungPerson | None = None, referral: Referral | None = None,
               reason: str, request=None) -> LegalHold:
    """A manager of the record's service puts it on legal hold, with a reason: no disposal
    while it stands."""
    if (young_person is None) == (referral is None):
        raise ValueError("A hold is on one young person's record or one referral.")
    young_person, referral = _lock_record(young_person, referral)
    service = _service_of(young_person, referral)
    _require_manager(actor, service.pk, "place a legal hold")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the record is on hold"})
    held = LegalHold.objects.filter(lifted_at__isnull=True)
    if (held.filter(young_person=young_person) if young_person else held.filter(referral=referral)).exists():
        raise ValidationError("This record is already on legal hold.")
    hold = LegalHold.objects.create(service=service, young_person=young_person, referral=referral,
                                    reason=reason.strip(), placed_at=timezone.now(), placed_by=actor)
    withdrawn = Disposal.objects.filter(record_ref=(young_person or referral).uuid, status=DisposalStatus.PROPOSED)
    for disposal in withdrawn:
        _close(disposal, actor=actor, status=DisposalStatus.WITHDRAWN, note="Withdrawn: the record was put on hold.",
               request=request)
    audit.record(action="retention.hold.placed", actor=actor, subject=young_person or referral, request=request,
                 detail={"hold": str(hold.uuid)})
    return hold


@transaction.atomic
def lift_hold(*, actor: User, hold: LegalHold, reason: str, request=None) -> LegalHold:
    hold = LegalHold.objects.select_for_update(of=("self",)).select_related("young_person", "referral").get(pk=hold.pk)
    _require_manager(actor, hold.service_id, "lift a legal hold")
    if hold.lifted_at is not None:
        raise ValidationError("This hold has already been lifted.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the hold is being lifted"})
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), actor, reason.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    audit.record(action="retention.hold.lifted", actor=actor, subject=hold.young_person or hold.referral,
                 request=request, detail={"hold": str(hold.uuid)})
    return hold


# --- Disposal -------------------------------------------------------------------------------


def names_of(young_person: YoungPerson | None, referral: Referral | None) -> list[str]:
    if young_person is not None:
        names = [young_person.first_name, young_person.last_name, young_person.known_as,
                 *YoungPersonName.objects.filter(young_person=young_person).values_list("name", flat=True)]
    else:
        names = [referral.subject_first_name, referral.subject_last_name,
                 *re.split(r"[,;/]", referral.subject_known_as)]
    return sorted({name.strip() for name in names if name and len(name.strip()) > 1})


def _mentions(text: str, names: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text, flags=re.IGNORECASE) for name in names)


def _state(young_person, referral):
    if young_person is not None:
        return queries.state_of_person(young_person)
    state = queries.state_of_referral(referral)
    if state is None:
        raise ValidationError("Only a referral declined or closed without a record is disposed of on its own.")
    return state


def _dry_run(young_person, referral) -> dict[str, int]:
    """What erasure would erase now: run it and roll it back."""

    class _Undo(Exception):
        pass

    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            counts = (erasure.erase_young_person(young_person) if young_person is not None
                      else erasure.erase_referral(referral))
            raise _Undo
    except _Undo:
        pass
    return counts


@transaction.atomic
def propose_disposal(*, actor: User, young_person: YoungPerson | None = None, referral: Referral | None = None,
                     reason: str, explanation: str = "", request=None) -> Disposal:
    """A manager of the record's service proposes disposing of it: the retention period has
    ended, or the record was made in error (with an explanation). Refused while the record is
    on legal hold or in use; the explanation may not name the young person (it outlives them
    on the certificate)."""
    if (young_person is None) == (referral is None):
        raise ValueError("A disposal is of one young person's record or one referral.")
    young_person, referral = _lock_record(young_person, referral)
    service = _service_of(young_person, referral)
    _require_manager(actor, service.pk, "propose a disposal")
    errors = {}
    if reason not in DisposalReason.values:
        errors["reason"] = "Select why the record should be disposed of"
    explanation = (explanation or "").strip()
    if reason == DisposalReason.MADE_IN_ERROR and not explanation:
        errors["explanation"] = "Explain how the record came to be made in error"
    if explanation and _mentions(explanation, names_of(young_person, referral)):
        errors["explanation"] = "Do not name the young person: the explanation is kept after the record is erased"
    if errors:
        raise ValidationError(errors)
    state = _state(young_person, referral)
    refused = rules.refusal(held=state.held, review_on=state.review_on, reason=reason, today=today())
    if refused:
        raise ValidationError(refused)
    if state.proposed:
        raise ValidationError("A disposal of this record is already waiting for a second person.")
    disposal = Disposal.objects.create(
        service=service, record_kind=state.kind, record_ref=state.ref, young_person=young_person, referral=referral,
        reason=reason, explanation=explanation, basis=state.basis, review_on=state.review_on,
        expected=_dry_run(young_person, referral), proposed_at=timezone.now(), proposed_by=actor,
    )
    audit.record(action="retention.disposal.proposed", actor=actor, subject=disposal, request=request,
                 detail={"record_kind": state.kind, "record_ref": state.ref, "reason": reason})
    return disposal


def may_decide(user, disposal: Disposal) -> str | None:
    """In what capacity this person may approve: another current manager of the service, or
    the service's data protection lead; never the proposer. None if they may not."""
    if user.pk == disposal.proposed_by_id:
        return None
    if scoping.can_manage_service(user, disposal.service_id):
        return MANAGER
    if disposal.service_id in queries.led_service_ids(user):
        return LEAD
    return None


def _close(disposal, *, actor, status, note="", request=None, decided_as=""):
    disposal.status, disposal.decided_at, disposal.decided_by = status, timezone.now(), actor
    disposal.decision_note, disposal.decided_as = note, decided_as
    disposal.save(update_fields=["status", "decided_at", "decided_by", "decision_note", "decided_as"])
    audit.record(action=f"retention.disposal.{status}", actor=actor, subject=disposal, request=request,
                 detail={"record_kind": disposal.record_kind, "record_ref": str(disposal.record_ref)})


def _lock_proposed(disposal: Disposal) -> Disposal:
    locked = (Disposal.objects.select_for_update(of=("self",)).select_related("young_person", "referral", "service")
              .get(pk=disposal.pk))
    if locked.status != DisposalStatus.PROPOSED:
        raise ValidationError(f"This disposal has already been decided: {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def withdraw_disposal(*, actor: User, disposal: Disposal, request=None) -> Disposal:
    locked = _lock_proposed(disposal)
    _require_manager(actor, locked.service_id, "withdraw a proposed disposal")
    _close(locked, actor=actor, status=DisposalStatus.WITHDRAWN, request=request)
    return locked


@transaction.atomic
def reject_disposal(*, actor: User, disposal: Disposal, note: str, request=None) -> Disposal:
    locked = _lock_proposed(disposal)
    capacity = may_decide(actor, locked)
    if capacity is None:
        raise ValidationError("A second manager of the service or its data protection lead decides.")
    if not (note or "").strip():
        raise ValidationError({"note": "Enter why the record should be kept"})
    _close(locked, actor=actor, status=DisposalStatus.REJECTED, note=note.strip(), decided_as=capacity,
           request=request)
    return locked


@transaction.atomic
def approve_disposal(*, actor: User, disposal: Disposal, reauthenticated: bool, request=None) -> DisposalCertificate:
    """The second person approves, having re-entered their password: the record is erased
    everywhere it is held, in this transaction, and a certificate written. Everything is
    checked again under the lock: a hold placed since, or a case opened since, refuses it."""
    locked = _lock_proposed(disposal)
    capacity = may_decide(actor, locked)
    if capacity is None:
        raise ValidationError("A second manager of the service or its data protection lead decides, "
                              "never the person who proposed it.")
    if not reauthenticated:
        raise ValidationError("Enter your password again to approve a disposal.")
    young_person, referral = _lock_record(locked.young_person, locked.referral)
    state = _state(young_person, referral)
    refused = rules.refusal(held=state.held, review_on=state.review_on, reason=locked.reason, today=today())
    if refused:
        raise ValidationError(refused)
    copies = erasure.copies_elsewhere(young_person) if young_person is not None else []
    erased = erasure.erase_young_person(young_person) if young_person is not None else erasure.erase_referral(referral)
    locked.refresh_from_db(fields=["young_person", "referral"])
    _close(locked, actor=actor, status=DisposalStatus.CARRIED_OUT, decided_as=capacity, request=request)
    certificate = DisposalCertificate.objects.create(
        disposal=locked, service=locked.service, carried_out_at=locked.decided_at, erased=erased,
        copies_elsewhere=copies,
    )
    return certificate
