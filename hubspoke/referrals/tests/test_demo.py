"""The demo referrals: years of them, realistic, made through the actions, and made once."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.network.demo import seed_demo
from hubspoke.network.models import Service
from hubspoke.referrals import demo, queries
from hubspoke.referrals.models import (
    Pathway,
    Referral,
    ReferralDecision,
    ReferralStatus,
    YoungPerson,
)

SEED = 2026


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module, inside a transaction rolled back at the end: seeding takes
    seconds, and audit rows cannot be deleted afterwards (the database refuses it). Each test's
    own ``db`` transaction nests inside this one as a savepoint."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                seed_demo(seed=SEED)
                yield demo.seed_referrals(seed=SEED)
                raise _Rollback
        except _Rollback:
            pass


def test_years_of_referrals_across_every_service(seeded, db):
    referrals = Referral.objects.all()
    assert seeded["referrals"] == referrals.count() >= 800
    assert seeded["young_people"] == YoungPerson.objects.count()
    assert seeded["decisions"] == ReferralDecision.objects.count()
    assert referrals.dates("received_at", "month").count() >= 30
    assert not referrals.filter(received_at__gt=timezone.now()).exists()

    for service in Service.objects.all():
        mine = referrals.filter(service=service)
        assert mine.count() >= 40, service.name
        assert mine.filter(status=ReferralStatus.RECEIVED).exists(), service.name
    week_ago = timezone.now() - dt.timedelta(days=7)
    overdue = referrals.filter(status=ReferralStatus.RECEIVED, received_at__lt=week_ago)
    assert overdue.values("service").distinct().count() >= demo.MIN_OVERDUE_SERVICES
    assert referrals.filter(status=ReferralStatus.AWAITING_INFORMATION).exists()

    pathways = Counter(referrals.values_list("pathway", flat=True))
    assert set(pathways) == set(Pathway.values)
    assert pathways.most_common(1)[0][0] == Pathway.CHILDRENS_SOCIAL_CARE
    genders = Counter(referrals.values_list("subject_gender", flat=True))
    assert genders["girl"] / referrals.count() >= 0.85
    online = sum(bool({"online", "online_element"} & set(tags))
                 for tags in referrals.values_list("concern_tags", flat=True))
    assert 0.25 <= online / referrals.count() <= 0.45
    partner_made = referrals.filter(created_by__email__startswith="partner.", referring_agency__isnull=False)
    assert 0.25 <= partner_made.count() / referrals.count() <= 0.5


def test_decisions_are_realistic_in_order_and_audited(seeded, db):
    statuses = Counter(Referral.objects.values_list("status", flat=True))
    total = sum(statuses.values())
    assert statuses.most_common(1)[0][0] == ReferralStatus.ACCEPTED
    assert 0.55 <= statuses[ReferralStatus.ACCEPTED] / total <= 0.8
    assert 0.1 <= statuses[ReferralStatus.DECLINED] / total <= 0.3
    assert 0.02 <= statuses[ReferralStatus.CLOSED] / total <= 0.12
    kinds = Counter(ReferralDecision.objects.values_list("kind", flat=True))
    assert kinds["information_requested"] > kinds["information_resolved"] > 0

    # Every decision comes after the referral was received, and after the one before it.
    assert not ReferralDecision.objects.filter(decided_at__lt=F("referral__received_at")).exists()
    assert not ReferralDecision.objects.filter(decided_at__gt=timezone.now()).exists()
    for referral in Referral.objects.prefetch_related("decisions"):
        times = [d.decided_at for d in referral.decisions.all()]
        assert times == sorted(times) and len(set(times)) == len(times)
    assert not Referral.objects.filter(status=ReferralStatus.ACCEPTED, young_person__isnull=True).exists()

    # Made through the actions: each has its audit row.
    assert AuditEvent.objects.filter(action="referrals.referral.created").count() == total
    assert AuditEvent.objects.filter(action="referrals.referral.accepted").count() == kinds["accepted"]

    # Some young people were referred again to the same service and linked to their record.
    repeats = YoungPerson.objects.annotate(n=Count("referrals")).filter(n__gt=1)
    assert repeats.count() >= 0.02 * total

    # Some were referred to a second service, which is told another service may know them.
    second = Referral.objects.filter(status=ReferralStatus.RECEIVED).select_related("service")
    elsewhere = []
    for referral in second:
        if YoungPerson.objects.filter(first_name=referral.subject_first_name, last_name=referral.subject_last_name,
                                      date_of_birth=referral.subject_date_of_birth).exclude(
                                          service=referral.service).exists():
            manager = referral.service.memberships.get(role="service_manager").person
            elsewhere += queries.services_with_possible_matches(
                manager, first_name=referral.subject_first_name, last_name=referral.subject_last_name,
                date_of_birth=referral.subject_date_of_birth,
            )
    assert len(elsewhere) >= 3


def test_the_same_seed_gives_the_same_plan_and_a_second_run_creates_nothing(seeded, db):
    network = demo._load_network()

    def plan(seed):
        return [
            (p.service.name, p.subject.first_name, p.subject.last_name, p.subject.date_of_birth,
             p.details["pathway"], p.details["concerns"], [s.kind for s in p.steps])
            for p in demo._Planner(random.Random(seed), network).build()
        ]

    assert plan(SEED) == plan(SEED)
    assert plan(SEED) != plan(SEED + 1)

    before = (Referral.objects.count(), ReferralDecision.objects.count(), AuditEvent.objects.count())
    assert demo.seed_referrals(seed=SEED) == {"referrals": 0, "young_people": 0, "decisions": 0}
    assert (Referral.objects.count(), ReferralDecision.objects.count(), AuditEvent.objects.count()) == before


def test_managers_are_notified_only_of_referrals_still_waiting(seeded, db):
    from collections import defaultdict

    from hubspoke.network.queries import managers_of
    from hubspoke.notifications.models import Notification

    waiting = {str(r.uuid): r for r in Referral.objects.filter(status=ReferralStatus.RECEIVED, decisions__isnull=True)}
    told = defaultdict(set)
    for n in Notification.objects.filter(kind="referrals.new", resolved_at__isnull=True):
        assert n.subject_ref in waiting
        assert n.read_at is None and n.created_at == waiting[n.subject_ref].received_at
        told[n.subject_ref].add(n.recipient_id)
    assert told
    for ref, referral in waiting.items():
        # Every manager of the service but whoever recorded it.
        managers = {m.person_id for m in managers_of([referral.service_id])} - {referral.created_by_id}
        assert told[ref] == managers
