"""Starting, checking in, extending and finishing a visit; duress; acknowledging and resolving
an alarm. Each runs in one transaction with the visit locked, writes the visit's history
(``VisitEvent``) and an audit row, and leaves the timer (engine.py) set for what comes next."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from hubspoke.audit.actions import record
from hubspoke.referrals.identifiers import IdentifiersFound, identifiers_in
from hubspoke.safety import engine, messages, rules
from hubspoke.safety.models import (
    ChainStep,
    NextAction,
    SafetyProfile,
    Visit,
    VisitCaseLink,
    VisitEvent,
    VisitEventKind,
    VisitState,
)


def profile_of(person) -> SafetyProfile:
    return SafetyProfile.objects.filter(person=person).first() or SafetyProfile(person=person)


@transaction.atomic
def save_profile(*, person, phone: str, vehicle: str, buddy=None, duress_pin: str | None = None,
                 request=None) -> SafetyProfile:
    """``duress_pin``: None keeps the one set, "" removes it, anything else replaces it."""
    if buddy is not None and buddy.pk == person.pk:
        raise ValidationError({"buddy": "Choose someone other than yourself as your buddy"})
    profile = profile_of(person)
    profile.phone, profile.vehicle, profile.buddy = phone, vehicle, buddy
    if duress_pin is not None:
        profile.duress_pin = make_password(duress_pin) if duress_pin else ""
    profile.updated_at = timezone.now()
    profile.save()
    record(action="safety.profile.changed", actor=person, subject_kind="safety.safetyprofile",
           subject_ref=str(person.uuid), request=request,
           detail={"duress_pin": "changed" if duress_pin else ("removed" if duress_pin == "" else "kept")})
    return profile


@transaction.atomic
def start_visit(*, worker, service, spoke=None, case=None, place: str, location: str = "", meeting_with: str,
                meeting_with_detail: str = "", expected_end: dt.datetime, check_in_every: int | None = None,
                request=None) -> Visit:
    """Start a visit now. The place and the role of whom the worker meets are checked against the
    service's young people: a safety record and its alarm messages never name a child."""
    now = timezone.now()
    errors = {}
    if expected_end <= now:
        errors["expected_end"] = "The expected end must be in the future"
    elif expected_end - now > rules.LONGEST_VISIT:
        errors["expected_end"] = "A visit can last at most 12 hours; start another one after it"
    if check_in_every is not None and not 10 <= check_in_every <= 240:
        errors["check_in_every"] = "Check in every 10 to 240 minutes, or leave it empty"
    if errors:
        raise ValidationError(errors)
    found = identifiers_in({"place": place, "location": location, "meeting_with_detail": meeting_with_detail},
                           service_ids=[service.pk])
    if found:
        raise IdentifiersFound(found, messages={
            field: "A safety record never names a young person, since its alarms go to people outside the "
                   "case. Take out " + ", ".join(str(hit) for hit in hits) for field, hits in found.items()})
    profile = profile_of(worker)
    visit = Visit(
        worker=worker, service=service, spoke=spoke, place=place, location=location, meeting_with=meeting_with,
        meeting_with_detail=meeting_with_detail, phone=profile.phone, vehicle=profile.vehicle,
        buddy=profile.buddy, started_at=now, expected_end=expected_end, check_in_every=check_in_every,
    )
    engine.schedule(visit)
    visit.save()
    if case is not None:
        VisitCaseLink.objects.create(visit=visit, case=case)
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.STARTED, by=worker.full_name)
    record(action="safety.visit.started", actor=worker, subject=visit, request=request,
           detail={"from_case": case is not None})
    return visit


def _locked(visit: Visit) -> Visit:
    return Visit.objects.select_for_update(of=("self",)).select_related("worker", "buddy", "service").get(pk=visit.pk)


def _is_duress(visit: Visit, pin: str) -> bool:
    if not pin:
        return False
    hashed = SafetyProfile.objects.filter(person_id=visit.worker_id).values_list("duress_pin", flat=True).first()
    return bool(hashed) and check_password(pin, hashed)


def _not_open(visit: Visit) -> ValidationError:
    return ValidationError("This visit has already finished")


def _for_the_worker(visit: Visit, pin: str) -> tuple[Visit, bool]:
    """The visit locked for one of the worker's buttons, and whether it is (or now is) duress."""
    visit = _locked(visit)
    if not visit.is_open:
        raise _not_open(visit)
    return visit, visit.duress or _is_duress(visit, pin)


def _heard_from(visit: Visit, *, now: dt.datetime, how: str) -> None:
    """The worker is heard from. A red alarm stops (those told get the all-clear; it still needs
    resolving with a note); an amber visit whose buddy was told tells them the worker is fine;
    a visit still going has its timer started again from now."""
    by = f"{visit.worker.full_name} ({how})"
    if visit.in_alarm:
        _stop_alarm(visit, by=by, now=now)
        return
    if visit.state == VisitState.AMBER and visit.next_action != NextAction.BUDDY:
        messages.tell_all_clear(visit, by=by, at=now)
    if how == "finished safely":
        visit.state = VisitState.FINISHED
        visit.next_action, visit.next_action_at = "", None
    else:
        visit.state = VisitState.IN_PROGRESS
        engine.schedule(visit)


@transaction.atomic
def check_in(visit: Visit, *, pin: str = "", request=None) -> Visit:
    """The worker is fine for now: the timer starts again from now (an amber visit goes back to
    in progress). After a red alarm, checking in is the worker saying they are safe."""
    visit, duress = _for_the_worker(visit, pin)
    if duress:
        return _duress(visit, request=request, finishing=False)
    now = timezone.now()
    visit.last_check_in_at = now
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.CHECKED_IN, by=visit.worker.full_name)
    _heard_from(visit, now=now, how="checked in")
    visit.save()
    record(action="safety.visit.checked_in", actor=visit.worker, subject=visit, request=request)
    return visit


@transaction.atomic
def extend(visit: Visit, *, minutes: int, pin: str = "", request=None) -> Visit:
    if minutes not in rules.EXTENSIONS:
        raise ValidationError({"minutes": "Extend by 15, 30 or 60 minutes"})
    visit, duress = _for_the_worker(visit, pin)
    if duress:
        return _duress(visit, request=request, finishing=False)
    now = timezone.now()
    visit.expected_end = max(visit.expected_end, now) + dt.timedelta(minutes=minutes)
    visit.last_check_in_at = now
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.EXTENDED, by=visit.worker.full_name,
                              note=f"By {minutes} minutes, to {timezone.localtime(visit.expected_end):%H:%M}")
    _heard_from(visit, now=now, how="extended")
    visit.save()
    record(action="safety.visit.extended", actor=visit.worker, subject=visit, request=request,
           detail={"minutes": minutes})
    return visit


@transaction.atomic
def finish(visit: Visit, *, pin: str = "", request=None) -> Visit:
    """"I'm safe — finished". With the duress PIN it looks the same to anyone watching, and
    raises a red alarm at once."""
    visit, duress = _for_the_worker(visit, pin)
    if duress:
        return _duress(visit, request=request, finishing=True)
    now = timezone.now()
    visit.ended_at = now
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.FINISHED, by=visit.worker.full_name)
    _heard_from(visit, now=now, how="finished safely")
    visit.save()
    record(action="safety.visit.finished", actor=visit.worker, subject=visit, request=request)
    return visit


@transaction.atomic
def raise_alarm(visit: Visit, *, request=None) -> Visit:
    """The worker's own "I need help now"."""
    visit = _locked(visit)
    if not visit.is_open:
        raise _not_open(visit)
    if not visit.in_alarm:
        engine.go_red(visit, now=timezone.now(), help_now=True, note="I need help now")
    record(action="safety.visit.alarm_raised", actor=visit.worker, subject=visit, request=request)
    return visit


def _duress(visit: Visit, *, request, finishing: bool) -> Visit:
    """A silent alarm: red at once, marked duress. The worker's page shows what it would have
    shown (finished, or checked in), and nothing the worker does afterwards stops the alarm: a
    person watching could make them press any button. Only a responder acknowledges it."""
    now = timezone.now()
    note = "finishing" if finishing else "checking in"
    if visit.duress:
        VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.DURESS, note=f"Pressed again ({note})")
        return visit
    if visit.in_alarm:
        Visit.objects.filter(pk=visit.pk).update(duress=True)
        visit.duress = True
        VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.DURESS, note=note)
        chain = messages.Chains().of(visit, now)
        messages.tell_step(visit, chain[min(visit.chain_position, len(chain) - 1)], again=":duress")
    else:
        engine.go_red(visit, now=now, duress=True, note=note)
    record(action="safety.visit.duress", actor=visit.worker, subject=visit, request=request,
           detail={"while": "finishing" if finishing else "checking in"})
    return visit


def _stop_alarm(visit: Visit, *, by: str, now: dt.datetime, by_person=None) -> None:
    if visit.state == VisitState.RED:
        visit.state = VisitState.ACKNOWLEDGED
        visit.acknowledged_at, visit.acknowledged_by = now, by[:200]
        VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.ACKNOWLEDGED, by=by[:200])
        messages.tell_all_clear(visit, by=by, at=now, by_person_id=by_person.pk if by_person else None)
    visit.next_action, visit.next_action_at = "", None


@transaction.atomic
def acknowledge(visit: Visit, *, by_name: str, by=None, request=None) -> Visit:
    """Someone has the alarm: the chain stops here. Acknowledging again changes nothing."""
    visit = _locked(visit)
    if visit.state != VisitState.RED:
        return visit
    now = timezone.now()
    _stop_alarm(visit, by=by_name, now=now, by_person=by)
    visit.save()
    record(action="safety.visit.acknowledged", actor=by, subject=visit, request=request,
           detail={} if by else {"outside_contact": by_name[:100]})
    return visit


@transaction.atomic
def resolve(visit: Visit, *, by, note: str, request=None) -> Visit:
    """Close an alarm with what happened (an incident note is required)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Enter an incident note: what happened and what was done"})
    visit = _locked(visit)
    if visit.state not in (VisitState.RED, VisitState.ACKNOWLEDGED):
        raise ValidationError("Only a raised alarm can be resolved")
    now = timezone.now()
    if visit.state == VisitState.RED:
        _stop_alarm(visit, by=by.full_name, now=now, by_person=by)
    visit.state, visit.resolved_at, visit.resolved_by, visit.incident_note = VisitState.RESOLVED, now, by, note
    visit.ended_at = visit.ended_at or now
    visit.save()
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.RESOLVED, by=by.full_name)
    record(action="safety.visit.resolved", actor=by, subject=visit, request=request)
    return visit


@transaction.atomic
def add_chain_step(*, service, label: str, spoke=None, person=None, phone: str = "", email: str = "",
                   wait_minutes: int = 10, hours: str = "always", by, request=None):
    """A new last step of the service's alarm chain (a spoke's steps come first for its visits)."""
    if spoke is not None and spoke.service_id != service.pk:
        raise ValidationError({"spoke": "Choose one of this service's spokes"})
    last = ChainStep.objects.filter(service=service, spoke=spoke).aggregate(n=Max("position"))["n"]
    step = ChainStep(service=service, spoke=spoke, position=0 if last is None else last + 1, label=label,
                     person=person, phone=phone, email=email, wait_minutes=wait_minutes, hours=hours)
    step.full_clean()
    step.save()
    record(action="safety.chain.changed", actor=by, subject=step, request=request, detail={"step": "added"})
    return step


@transaction.atomic
def remove_chain_step(*, service, step_ref, by, request=None) -> None:
    step = ChainStep.objects.filter(service=service, uuid=step_ref).first()
    if step is None:
        return
    record(action="safety.chain.changed", actor=by, subject=step, request=request, detail={"step": "removed"})
    step.delete()
