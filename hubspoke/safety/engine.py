"""The server's timer for lone-working visits. Nothing here trusts the phone: a visit is due
when the server says so, and ``advance`` (every minute, from the schedule; see tasks.py) moves
every visit whose next action has come.

In progress ─(due + amber grace)→ amber: the worker is reminded
amber ─(buddy_after)→ the buddy (or, without one, the service's managers) is told
amber ─(red_after)→ red: the first step of the chain is told; each step waits its own minutes,
then the next; after the last step the chain starts again, until someone acknowledges.
Duress goes to red at once. Checking in, extending or finishing resets or stops the timer.

Exactly once: each move is claimed with a conditional UPDATE on the timer it read (another
worker that read the same timer updates nothing and sends nothing), and its messages are
written to the outbox in the same transaction under a key naming the step, so a retried or
raced step is one message. On PostgreSQL the batch is read with SKIP LOCKED, so two workers
share the work rather than queue behind each other. A worker killed after the commit leaves
the messages queued: the outbox's sweep sends them (urgent ones within about a minute)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import connection, transaction
from django.utils import timezone

from hubspoke.safety import messages, rules
from hubspoke.safety.models import NextAction, Visit, VisitEvent, VisitEventKind, VisitState
from hubspoke.safety.models.visits import TIMED_STATES

logger = logging.getLogger("hubspoke.safety")
BATCH = 200


def schedule(visit: Visit) -> None:
    """Set the timer for a visit in progress from its due time (not saved). A check-in after
    the end has passed counts from now: the worker is reminded again after the grace, unless they
    extend or finish."""
    visit.next_action = NextAction.AMBER
    visit.next_action_at = max(rules.due_at(visit), timezone.now()) + rules.timings().amber_grace


def advance(*, now: dt.datetime | None = None, batch: int = BATCH) -> int:
    """Move every visit whose next action is due; return how many moved."""
    now = now or timezone.now()
    moved = 0
    while True:
        with transaction.atomic():
            due = Visit.objects.filter(next_action_at__lte=now, state__in=TIMED_STATES).order_by("next_action_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            visits = list(due.select_related("worker", "buddy", "service", "spoke")[:batch])
            chains = messages.Chains()
            for visit in visits:
                moved += _move(visit, now, chains)
        if len(visits) < batch:
            return moved


def _claim(visit: Visit, **changes) -> bool:
    """Apply ``changes`` if the timer is still the one read; False when another worker moved it."""
    claimed = Visit.objects.filter(
        pk=visit.pk, next_action=visit.next_action, next_action_at=visit.next_action_at, state=visit.state,
    ).update(**changes)
    if claimed:
        for name, value in changes.items():
            setattr(visit, name, value)
    return bool(claimed)


def _move(visit: Visit, now: dt.datetime, chains) -> int:
    timing = rules.timings()
    if visit.next_action == NextAction.AMBER:
        if not _claim(visit, state=VisitState.AMBER, amber_at=now, next_action=NextAction.BUDDY,
                      next_action_at=now + timing.buddy_after):
            return 0
        VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.AMBER)
        messages.remind_worker(visit)
    elif visit.next_action == NextAction.BUDDY:
        if not _claim(visit, next_action=NextAction.RED, next_action_at=visit.amber_at + timing.red_after):
            return 0
        told = messages.tell_buddy(visit, chains)
        VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.BUDDY, by=told)
    elif visit.next_action == NextAction.RED:
        return int(go_red(visit, now=now, chains=chains))
    elif visit.next_action == NextAction.STEP:
        chain = chains.of(visit, now)
        position, round_ = visit.chain_position + 1, visit.chain_round
        if position >= len(chain):
            position, round_ = 0, round_ + 1
        step = chain[position]
        if not _claim(visit, chain_position=position, chain_round=round_, next_action=NextAction.STEP,
                      next_action_at=now + rules.step_wait(step.wait_minutes)):
            return 0
        messages.tell_step(visit, step)
        VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.ESCALATED, by=step.label,
                                  note=f"Round {round_ + 1}" if round_ else "")
    return 1


def go_red(visit: Visit, *, now: dt.datetime, chains=None, duress: bool = False, help_now: bool = False,
           note: str = "") -> bool:
    """Raise the alarm and tell the chain's first step; the caller holds the transaction."""
    chains = chains or messages.Chains()
    step = chains.of(visit, now)[0]
    if not _claim(visit, state=VisitState.RED, alarm_at=now, duress=visit.duress or duress,
                  help_requested=visit.help_requested or help_now, chain_position=0,
                  chain_round=0, next_action=NextAction.STEP, next_action_at=now + rules.step_wait(step.wait_minutes)):
        return False
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.DURESS if duress else VisitEventKind.RED,
                              note=note)
    messages.tell_step(visit, step)
    VisitEvent.objects.create(visit=visit, at=now, kind=VisitEventKind.ESCALATED, by=step.label)
    logger.warning("Lone-working alarm raised", extra={"visit": str(visit.uuid), "duress": duress})
    return True
