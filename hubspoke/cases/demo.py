"""Synthetic cases for the demo: most accepted referrals are allocated (through the real
action) to the least-loaded worker where they are held; the recent ones of services that keep a
waiting list stay waiting. Cases accepted long ago are marked closed so that caseloads look like
a working service's: closing a case properly (reasons, outcomes) comes with casework."""

import datetime as dt
import random

from django.db import transaction
from django.db.models import Max, Q
from django.test.utils import override_settings
from django.utils import timezone

from hubspoke.cases import actions
from hubspoke.cases.models import Allocation, Case, CaseReferral, CaseStatus
from hubspoke.cases.queries import eligible_workers
from hubspoke.network.models import Membership, Role, WaitingListPolicy
from hubspoke.network.scoping import current_memberships_q
from hubspoke.referrals.models import Referral, ReferralStatus


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
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
    opened = closed = 0
    for referral in referrals:
        waited = (now - referral.accepted_at).days
        keeps_list = referral.service.waiting_list_policy == WaitingListPolicy.WAITING_LIST
        if waited < (rng.randint(5, 45) if keeps_list else 2):
            continue  # still on the waiting list
        place = (referral.service_id, referral.spoke_id)
        if place not in workers_by_place:
            workers_by_place[place] = eligible_workers(service_id=place[0], spoke_id=place[1])
        candidates = [m for m in workers_by_place[place] if m.role != Role.SERVICE_MANAGER] or workers_by_place[place]
        if not candidates or referral.service_id not in managers:
            continue
        member = min(candidates, key=lambda m: (m.open_cases, rng.random()))
        case = actions.allocate_referral(actor=managers[referral.service_id], referral=referral, worker=member.person)
        started = referral.accepted_at + dt.timedelta(days=min(waited, rng.randint(1, 12)))
        Case.objects.filter(pk=case.pk, opened_at__gt=started).update(opened_at=started)
        Allocation.objects.filter(case=case, starts_at__gt=started).update(starts_at=started)
        CaseReferral.objects.filter(referral=referral).update(linked_at=started)
        # Most young people are met within days of allocation; a few recent ones not yet.
        met = timezone.localdate(started) + dt.timedelta(days=rng.choice((0, 1, 2, 3, 5, 8, 13)))
        if met <= timezone.localdate(now) and (waited > 30 or rng.random() < 0.6):
            Case.objects.filter(pk=case.pk).update(first_contact_on=met)
        if waited > rng.randint(180, 540):
            Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
            Allocation.objects.filter(case=case, ends_at__isnull=True).update(
                ends_at=min(now, started + dt.timedelta(days=rng.randint(90, 300)))
            )
            closed += 1
        else:
            member.open_cases += 1
        opened += 1
    return {"cases": opened, "closed_cases": closed}
