"""What the timer sends, by email and text message, through the outbox (urgent: short retries).

A message's key names the visit and the step (``safety:<visit>:red:<alarm>:<round>:<position>``),
so the same step is one message however often it is tried. Messages name the worker, the place,
their phone and vehicle, which a responder needs at once and perhaps without signing in; never
the young person or the case (a responder signed in to Hubspoke sees the linked case's address
on the alarm page, and that look is audited). A duress message is never sent to the worker, and
tells the responder not to ring the worker's phone openly."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from hubspoke.lib.links import absolute_url
from hubspoke.network.queries import managers_of
from hubspoke.outbox.actions import enqueue_email, enqueue_sms
from hubspoke.safety import queries, rules
from hubspoke.safety.models import ChainHours, ChainStep, SafetyProfile, Visit, VisitEvent
from hubspoke.safety.queries import supervision as supervision_queries

ACK_SALT = "hubspoke.safety.acknowledge"
ACK_MAX_AGE = dt.timedelta(days=2)


@dataclass(frozen=True)
class Step:
    """One step as a visit meets it: a chain step, or the managers where a service has none."""

    label: str
    wait_minutes: int
    person_ids: tuple[int, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


class Chains:
    """The chain for each (service, spoke), read once per batch of visits."""

    def __init__(self):
        self._steps: dict[tuple[int, int | None], list[ChainStep]] = {}
        self._managers: dict[int, Step] = {}
        self._staff: dict[int, set[int]] = {}

    def staff(self, service_id: int) -> set[int]:
        """The service's current staff: a chain person or buddy who has left is told nothing."""
        if service_id not in self._staff:
            self._staff[service_id] = {m.person_id for m in supervision_queries.staff_of([service_id])}
        return self._staff[service_id]

    def of(self, visit: Visit, at: dt.datetime) -> list[Step]:
        key = (visit.service_id, visit.spoke_id)
        if key not in self._steps:
            self._steps[key] = list(
                ChainStep.objects.filter(Q(spoke__isnull=True) | Q(spoke_id=visit.spoke_id),
                                         service_id=visit.service_id)
            )
            # The spoke's own steps first (sorted here: the databases put NULLs at different ends).
            self._steps[key].sort(key=lambda s: (s.spoke_id is None, s.position, s.pk))
        office = rules.in_office_hours(at)
        staff = self.staff(visit.service_id)
        steps = [
            Step(s.label, s.wait_minutes, (s.person_id,) if s.person_id in staff else (),
                 (s.phone,) if s.phone else (), (s.email,) if s.email else ())
            for s in self._steps[key]
            if s.hours == ChainHours.ALWAYS or (s.hours == ChainHours.OFFICE) == office
        ]
        return [step for step in steps if step.person_ids or step.phones or step.emails] \
            or [self.managers(visit.service_id)]

    def managers(self, service_id: int) -> Step:
        if service_id not in self._managers:
            ids = tuple(managers_of([service_id]).values_list("person_id", flat=True))
            self._managers[service_id] = Step("The service's managers", 10, person_ids=ids)
        return self._managers[service_id]


def contacts_of(person_ids) -> tuple[list[str], list[str]]:
    """(phones, emails) of these people, from their safety profiles and accounts."""
    if not person_ids:
        return [], []
    rows = SafetyProfile.objects.filter(person_id__in=person_ids, person__is_active=True).values_list(
        "phone", flat=True)
    emails = list(get_user_model().objects.filter(pk__in=person_ids, is_active=True).values_list("email", flat=True))
    return [p for p in rows if p], emails


def acknowledge_token(visit: Visit) -> str:
    """Short enough for a text message: the visit, and a signature over it and this alarm's time."""
    return visit.uuid.hex + _signature(visit)


def _signature(visit: Visit) -> str:
    return salted_hmac(ACK_SALT, f"{visit.uuid.hex}:{visit.alarm_at.isoformat()}").hexdigest()[:24]


def visit_for_token(token: str) -> Visit | None:
    """The visit whose current alarm this link is for, or None (tampered, another alarm's, or
    older than ACK_MAX_AGE)."""
    if len(token) != 56:
        return None
    try:
        ref = uuid.UUID(hex=token[:32])
    except ValueError:
        return None
    visit = queries.visit(ref)
    if visit is None or visit.alarm_at is None or timezone.now() - visit.alarm_at > ACK_MAX_AGE:
        return None
    return visit if constant_time_compare(_signature(visit), token[32:]) else None


def _send(key: str, *, phones, emails, subject: str, text: str) -> None:
    if phones:
        enqueue_sms(key=f"{key}:sms", to=list(phones), body=text[:612], urgent=True)
    if emails:
        enqueue_email(key=f"{key}:email", to=list(emails), subject=subject, body=text, urgent=True)


def _when(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%H:%M")


def remind_worker(visit: Visit) -> None:
    page = absolute_url(reverse("safety:visit", kwargs={"ref": visit.uuid}))
    text = (f"Hubspoke safety: you have not checked in since your visit was due ({_when(rules.due_at(visit))}). "
            f"Check in or extend now, or your buddy will be told: {page}")
    _send(f"safety:{visit.uuid}:amber:{visit.amber_at.isoformat()}", phones=[visit.phone] if visit.phone else [],
          emails=[visit.worker.email], subject="Check in: your visit is overdue", text=text)


def tell_buddy(visit: Visit, chains: Chains | None = None) -> str:
    """Tell the worker's buddy, or the service's managers; return whom, for the visit's history."""
    chains = chains or Chains()
    if visit.buddy_id and visit.buddy_id in chains.staff(visit.service_id):
        ids, told = (visit.buddy_id,), visit.buddy.full_name
    else:
        ids, told = chains.managers(visit.service_id).person_ids, "The service's managers"
    phones, emails = contacts_of(ids)
    page = absolute_url(reverse("safety:alarm", kwargs={"ref": visit.uuid}))
    text = (f"Hubspoke safety (amber): {visit.worker.full_name} has not checked in from a visit at {visit.place}, "
            f"due {_when(rules.due_at(visit))}. Please try to reach them on {visit.phone or 'their phone'}. "
            f"If there is no answer the alarm goes red at {_when(visit.next_action_at)}. {page}")
    _send(f"safety:{visit.uuid}:buddy:{visit.amber_at.isoformat()}", phones=phones, emails=emails,
          subject=f"Amber: {visit.worker.full_name} has not checked in", text=text)
    return told


def tell_step(visit: Visit, step: Step, *, again: str = "") -> None:
    """Tell one step of the chain. ``again`` names a second message for the same step (duress
    raised after the alarm), which needs a key of its own."""
    phones, emails = contacts_of(step.person_ids)
    phones, emails = [*phones, *step.phones], [*emails, *step.emails]
    page = absolute_url(reverse("safety:alarm", kwargs={"ref": visit.uuid}))
    ack = absolute_url(reverse("safety:acknowledge_outside", kwargs={"token": acknowledge_token(visit)}))
    if visit.duress:
        opening = (f"DURESS ALARM: {visit.worker.full_name} has raised a silent duress alarm. Do not ring their "
                   "phone openly. Follow your duress procedure; if in doubt ring 999.")
    elif visit.help_requested:
        opening = (f"HELP ALARM: {visit.worker.full_name} pressed \"I need help now\" on a lone-working visit at "
                   f"{_when(visit.alarm_at)}.")
    else:
        opening = (f"RED ALARM: {visit.worker.full_name} has not checked in from a lone-working visit "
                   f"(due {_when(rules.due_at(visit))}) and cannot be reached.")
    where = visit.place + (f" ({visit.location})" if visit.location else "")
    text = (f"{opening} Place: {where}. Phone: {visit.phone or 'not given'}. Vehicle: {visit.vehicle or 'not given'}. "
            f"Acknowledge to stop the alarm reaching the next contact: {ack if step.phones or step.emails else page}")
    _send(f"safety:{visit.uuid}:red:{visit.alarm_at.isoformat()}:{visit.chain_round}:{visit.chain_position}{again}",
          phones=phones, emails=emails,
          subject=("DURESS" if visit.duress else "RED") + f" alarm: {visit.worker.full_name}",
          text=text)


def tell_all_clear(visit: Visit, *, by: str, at: dt.datetime, by_person_id: int | None = None) -> None:
    """The worker is safe, or someone has the alarm: tell those already told, once (not the
    person who acknowledged)."""
    ids = set()
    if VisitEvent.objects.filter(visit=visit, kind="buddy").exists():  # the buddy (or managers) were told
        ids = {visit.buddy_id} if visit.buddy_id else set(Chains().managers(visit.service_id).person_ids)
    extra_phones, extra_emails = [], []
    if visit.alarm_at:
        chain = Chains().of(visit, at)
        told = chain if visit.chain_round else chain[: visit.chain_position + 1]
        for step in told:
            ids.update(step.person_ids)
            extra_phones += step.phones
            extra_emails += step.emails
    ids.discard(by_person_id)
    phones, emails = contacts_of([i for i in ids if i])
    if not (phones or emails or extra_phones or extra_emails):
        return
    text = (f"Hubspoke safety: all clear for {visit.worker.full_name} ({visit.place}): {by}, {_when(at)}. "
            "No one else will be alerted.")
    _send(f"safety:{visit.uuid}:clear:{(visit.alarm_at or visit.amber_at).isoformat()}",
          phones=[*phones, *extra_phones], emails=[*emails, *extra_emails],
          subject=f"All clear: {visit.worker.full_name}", text=text)
