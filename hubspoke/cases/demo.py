"""Synthetic cases for the demo: most accepted referrals are allocated through the real action,
by the service's manager, to the least-loaded worker where they are held, on the day the plan
says (the clock is moved there); the recent ones of services that keep a waiting list stay
waiting. Cases opened long ago end: ``planned_end`` says when, and the case file is recorded up
to then; they are closed through the real action once their assessments are made
(``demo_casework.close_ended_cases``)."""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from hubspoke.cases import actions
from hubspoke.cases.models import Case
from hubspoke.cases.queries import eligible_workers
from hubspoke.network.demo import at
from hubspoke.network.models import Membership, Role, WaitingListPolicy
from hubspoke.network.scoping import current_memberships_q
from hubspoke.referrals.models import Referral, ReferralStatus


def planned_end(case: Case, *, seed: int, last_linked: dt.datetime | None = None) -> dt.datetime | None:
    """When a demo case ends, or None while its work goes on. Cases whose last referral came
    long ago have ended, months after it. Drawn from the case's own generator, so that each part
    of the seeding (contacts, assessments, the closing) finds the same answer."""
    own = random.Random(seed * 100_003 + case.pk)  # noqa: S311 (synthetic demo data, not security)
    since = max(case.opened_at, last_linked or case.opened_at)
    today = timezone.localdate()
    if (today - timezone.localdate(since)).days <= own.randint(180, 540):
        return None
    # Never later than yesterday evening, so that the answer is the same all day.
    latest = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=1), dt.time(17)))
    return min(latest, since + dt.timedelta(days=own.randint(90, 300)))


def last_links():
    """Each case with the moment its latest referral joined it, for ``planned_end``."""
    return Case.objects.annotate(last_linked=Max("case_referrals__linked_at"))


@transaction.atomic
def seed_cases(*, seed: int) -> dict[str, int]:
    if Case.objects.exists():
        return {"cases": 0}
    rng = random.Random(seed + 505)  # noqa: S311 (synthetic demo data, not security)
    now = timezone.now()
    managers = {
        m.service_id: m.person
        for m in Membership.objects.filter(current_memberships_q(), role=Role.SERVICE_MANAGER).select_related("person")
    }
    referrals = (
        Referral.objects.filter(status=ReferralStatus.ACCEPTED, case_link__isnull=True)
        .annotate(accepted_at=Max("decisions__decided_at", filter=Q(decisions__kind="accepted")))
        .select_related("service")
        .order_by("accepted_at", "pk")
    )
    workers_by_place: dict = {}
    opened = 0
    for referral in referrals:
        waited = (now - referral.accepted_at).days
        keeps_list = referral.service.waiting_list_policy == WaitingListPolicy.WAITING_LIST
        if waited < (rng.randint(5, 45) if keeps_list else 2):
            continue  # still on the waiting list
        place = (referral.service_id, referral.spoke_id)
        if place not in workers_by_place:
            workers_by_place[place] = eligible_workers(service_id=place[0], spoke_id=place[1])
        started = referral.accepted_at + dt.timedelta(days=min(waited, rng.randint(1, 12)))
        # Who worked there on the day (a spoke's worker starts a little after their spoke).
        there = [m for m in workers_by_place[place] if m.starts_on <= timezone.localdate(started)]
        candidates = [m for m in there if m.role != Role.SERVICE_MANAGER] or there
        if not candidates or referral.service_id not in managers:
            continue
        member = min(candidates, key=lambda m: (m.open_cases, rng.random()))
        with at(started):
            case = actions.allocate_referral(actor=managers[referral.service_id], referral=referral,
                                             worker=member.person)
        if case.opened_at == started:  # a new case, not a referral joining an open one
            opened += 1
            if planned_end(case, seed=seed) is None:
                member.open_cases += 1
    return {"cases": opened}
