"""The demo's year of work with professionals: every kind at every service and place, made by
the actions as staff who worked there that day, numbers that add up, consultations that led
to real referrals, challenges at every stage, no young person's name in any text, and made
once."""

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.audit.models import AuditEvent
from hubspoke.cases import demo as cases_demo
from hubspoke.cases.models import CaseStatus
from hubspoke.engagement import demo, home, queries
from hubspoke.engagement.kinds import KINDS
from hubspoke.engagement.models import (
    AGE_BANDS,
    AUDIENCES,
    GENDERS,
    Challenge,
    ChallengeOutcome,
    ChallengeStep,
    Consultation,
    PreventionSession,
    StrategicMeeting,
    TrainingFeedback,
    TrainingSession,
)
from hubspoke.lib.dates import today
from hubspoke.network import demo as network_demo
from hubspoke.network import scoping
from hubspoke.network.demo import at
from hubspoke.network.models import Service
from hubspoke.referrals import demo as referrals_demo
from hubspoke.referrals.identifiers import identifiers_in
from hubspoke.referrals.models import ReferralStatus

SEED = 2026
# Four services in two regions, the demo sign-ins' first (the referrals' demo needs neighbours
# and several inboxes): enough for every part of the year, in a fraction of the time.
SERVICES = ("street-safe", "wigan-rochdale", "protect-respect", "ctm-london")
WORK = (Consultation, TrainingSession, PreventionSession, StrategicMeeting, Challenge)


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed the network, the referrals and the cases that the year's work refers to, then the
    work itself twice, in a transaction rolled back at the end (audit rows cannot be deleted)."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(network_demo, "SERVICES", tuple(s for s in network_demo.SERVICES if s.slug in SERVICES))
        try:
            with transaction.atomic():
                network_demo.seed_demo(seed=SEED)
                referrals_demo.seed_referrals(seed=SEED)
                cases_demo.seed_cases(seed=SEED)
                first = demo.seed_engagement(seed=SEED)
                audit_rows = AuditEvent.objects.count()
                again = demo.seed_engagement(seed=SEED)
                yield first, again, audit_rows
                raise _Rollback
        except _Rollback:
            pass


def test_a_second_run_creates_nothing_and_the_counts_are_what_was_made(seeded, db):
    first, again, audit_rows = seeded
    assert again == {}
    assert AuditEvent.objects.count() == audit_rows
    assert first == {
        "consultations": Consultation.objects.count(), "training sessions": TrainingSession.objects.count(),
        "training feedback answers": TrainingFeedback.objects.count(),
        "prevention sessions": PreventionSession.objects.count(), "strategic meetings": StrategicMeeting.objects.count(),
        "challenges": Challenge.objects.count(), "challenge stages": ChallengeStep.objects.count(),
    }
    assert all(first.values()), first


def test_the_same_seed_plans_the_same_year(seeded, db):
    def planned(seed):
        import random

        rng, plan = random.Random(seed), demo._Plan(now=timezone.now())
        start = today() - dt.timedelta(days=demo.DAYS)
        for service in Service.objects.order_by("name"):
            demo._Service(rng, plan, service, demo._places(service, start), start, []).plan_year()
        return [(moment, do.__name__, repr(kwargs.get("fields"))) for moment, _, do, kwargs in plan.events]

    assert planned(SEED) == planned(SEED)
    assert planned(SEED) != planned(SEED + 1)


def test_a_year_of_every_kind_at_every_service_hub_and_spoke(seeded, db):
    start, now = today() - dt.timedelta(days=demo.DAYS), timezone.now()
    for service in Service.objects.all():
        places = demo._places(service, start)
        assert len(places) >= 3, service.name  # the hub and its spokes
        for model in WORK:
            mine = model.objects.filter(service=service)
            assert mine.exists(), (service.name, model.__name__)
            assert not mine.filter(held_on__lt=start).exists() and not mine.filter(held_on__gte=today()).exists()
            assert not mine.filter(recorded_at__gt=now).exists()
        # In proportion: every place has its share of consultations, none more than twice another's.
        shares = Counter(Consultation.objects.filter(service=service).values_list("spoke", flat=True))
        assert set(shares) == {p.spoke.pk if p.spoke else None for p in places}, service.name
        assert max(shares.values()) <= 2 * min(shares.values()), shares
        # Spread over the year.
        assert Consultation.objects.filter(service=service).dates("held_on", "month").count() >= 11


def test_each_record_is_made_by_its_action_by_someone_who_worked_there_that_day(seeded, db):
    for model in WORK:
        name = model._meta.model_name
        rows = AuditEvent.objects.filter(action=f"engagement.{name}.recorded", subject_kind=f"engagement.{name}")
        when = dict(rows.values_list("subject_ref", "occurred_at"))
        records = list(model.objects.select_related("worker", "service", "spoke"))
        assert len(when) == len(records), name
        for record in records[::7]:
            assert when[str(record.uuid)] == record.recorded_at
            assert record.worker_id == record.recorded_by_id
            assert timezone.localdate(record.recorded_at) >= record.held_on
            key = f"{record.service.uuid}:{record.spoke.uuid}" if record.spoke_id else str(record.service.uuid)
            worker = User.objects.get(pk=record.worker_id)
            with at(record.recorded_at):
                assert key in {p.key for p in queries.places_for_user(worker)}, (name, record.worker.email)


def test_numbers_add_up(seeded, db):
    for session in TrainingSession.objects.all():
        assert session.attended == sum(getattr(session, f) for f, _ in AUDIENCES) > 0
    for session in PreventionSession.objects.all():
        assert session.reached == sum(getattr(session, f) for f, _ in AGE_BANDS) \
            == sum(getattr(session, f) for f, _ in GENDERS) > 0
        assert session.follow_up_referrals <= session.reached
    schools = PreventionSession.objects.filter(setting="school")
    assert schools.count() > PreventionSession.objects.count() / 3
    # A lesson is a class; an assembly is a year group.
    assert all(20 <= s.reached <= 35 for s in schools.filter(format="lesson"))
    assert all(s.age_under_11 == s.age_18_over == 0 for s in schools)

    feedback = list(TrainingFeedback.objects.select_related("session"))
    assert feedback
    for answer in feedback:
        assert answer.session.held_on <= answer.given_on <= min(answer.session.feedback_until, today())
    answered = Counter(a.session_id for a in feedback)
    assert all(n <= TrainingSession.objects.get(pk=pk).attended for pk, n in answered.items())
    before = sum(a.confidence_before for a in feedback) / len(feedback)
    after = sum(a.confidence_after for a in feedback) / len(feedback)
    assert before + 0.8 < after
    assert not [a for a in feedback if a.confidence_after < a.confidence_before]


def test_taxi_drivers_and_other_licensed_trades_are_trained_with_their_feedback(seeded, db):
    for service in Service.objects.all():
        taxi = TrainingSession.objects.filter(service=service, topic__startswith="Taxi and private hire drivers")
        assert taxi.count() == 2
        for session in taxi:
            assert session.licensed_trades > session.attended * 0.8
    assert TrainingFeedback.objects.filter(session__licensed_trades__gt=0).exists()


def test_consultations_from_each_agency_mostly_advice_and_some_leading_to_a_real_referral(seeded, db):
    asked = Counter(Consultation.objects.values_list("agency_type", flat=True))
    for agency_type in ("education", "police", "childrens_social_care"):
        assert asked[agency_type] > 0
    assert sum(n for t, n in asked.items() if t.startswith("health_")) > 0
    outcomes = Counter(Consultation.objects.values_list("outcome", flat=True))
    assert outcomes.most_common(1)[0][0] == "advice_only"
    assert outcomes["signposted"] and not Consultation.objects.filter(outcome="signposted", signposted_to="").exists()
    made = list(Consultation.objects.filter(outcome="referral_made").select_related("referral"))
    assert made
    for consultation in made:
        referral = consultation.referral
        assert referral.service_id == consultation.service_id and referral.spoke_id == consultation.spoke_id
        assert 2 <= (timezone.localdate(referral.received_at) - consultation.held_on).days <= 9
        if consultation.young_person_id:
            assert referral.young_person_id == consultation.young_person_id
    assert any(c.young_person_id for c in made)
    linked = AuditEvent.objects.filter(action="engagement.consultation.changed", subject_kind="referrals.youngperson")
    assert linked.count() == sum(1 for c in made if c.young_person_id)


def test_meetings_month_by_month_with_some_outputs(seeded, db):
    for service in Service.objects.all():
        kinds = Counter(StrategicMeeting.objects.filter(service=service).values_list("kind", flat=True))
        assert kinds["exploitation_panel"] >= 11 and kinds["partnership_subgroup"] >= 3 and kinds["missing"] >= 7
    outputs = Counter(o for row in StrategicMeeting.objects.values_list("outputs", flat=True) for o in row)
    assert {"problem_profile", "pathway", "procedure"} <= set(outputs)
    assert not StrategicMeeting.objects.exclude(outputs=[]).filter(output_note="").exists()


def test_challenges_at_every_stage_about_open_cases_and_a_referrers_dispute(seeded, db):
    challenges = list(Challenge.objects.select_related("case", "referral"))
    stages = Counter(c.stage for c in challenges)
    assert {1, 2, 3} <= set(stages)
    assert Counter(c.outcome for c in challenges)[ChallengeOutcome.OPEN] >= 2
    assert {c.outcome for c in challenges} >= {"open", "changed", "explained"}
    about_cases = [c for c in challenges if c.case_id]
    assert about_cases and all(c.case.status == CaseStatus.OPEN for c in about_cases)
    disputes = [c for c in challenges if c.direction == "of_service"]
    assert disputes and all(c.about == "triage" and c.referral.status == ReferralStatus.DECLINED for c in disputes)
    for challenge in challenges:
        steps = list(challenge.steps.order_by("stage"))
        assert [s.stage for s in steps] == list(range(1, challenge.stage + 1))
        assert steps[0].raised_on == challenge.held_on
        assert [s.raised_on for s in steps] == sorted(s.raised_on for s in steps)
        if not challenge.is_open:
            assert challenge.ended_on >= steps[-1].raised_on and challenge.outcome_note
    # Escalated by a manager: its audit row is dated when it was raised at that stage.
    escalated = AuditEvent.objects.filter(action="engagement.challenge.escalated", subject_kind="engagement.challenge")
    assert escalated.count() == sum(c.stage - 1 for c in challenges)
    assert set(escalated.values_list("actor__email", flat=True)) <= {
        m.email for m in User.objects.filter(memberships__role="service_manager")}


def test_the_demo_sign_ins_have_work_to_see_and_the_manager_an_open_challenge(seeded, db):
    service = Service.objects.get(name="Street Safe Lancashire")
    start = today() - dt.timedelta(days=demo.DAYS)
    for email in ("manager.street-safe", "hub1.street-safe", "spoke.blackpool"):
        user = User.objects.get(email=f"{email}@{network_demo.DEMO_DOMAIN}")
        assert all(queries.counts(user, start=start, end=today()).values()) or email == "spoke.blackpool", email
        own = queries.counts(user, start=start, end=today(), mine=True)
        if email.startswith("manager."):
            assert own["meetings"] and own["challenges"], (email, own)
        else:
            assert own["consultations"] and own["prevention"] and own["training"], (email, own)
    manager = User.objects.get(email=f"manager.street-safe@{network_demo.DEMO_DOMAIN}")
    items = home.items(manager, scoping.scope_for(manager))
    assert items and items[0].count >= 2 and items[0].label.startswith("Challenges open")
    assert queries.open_challenges(manager, service_ids=[service.pk]).filter(stage__gte=2).exists()
    assert set(KINDS) == set(queries.counts(manager, start=start, end=today()))


def test_no_young_persons_name_or_date_of_birth_in_any_text(seeded, db):
    texts = {
        Consultation: ("professional_role", "concern", "advice", "signposted_to"),
        TrainingSession: ("topic", "co_trainers", "materials"),
        PreventionSession: ("setting_name", "notes"),
        StrategicMeeting: ("title", "contribution", "output_note"),
        Challenge: ("issue", "outcome_note"),
    }
    for service in Service.objects.all():
        found = {}
        for model, fields in texts.items():
            for record in model.objects.filter(service=service):
                found.update({f"{model.__name__} {record.pk} {f}": getattr(record, f) for f in fields})
        for step in ChallengeStep.objects.filter(challenge__service=service):
            found.update({f"step {step.pk} raised_with": step.raised_with, f"step {step.pk} response": step.response})
        for answer in TrainingFeedback.objects.filter(session__service=service):
            found[f"feedback {answer.pk}"] = answer.will_do
        assert len(found) > 300
        assert identifiers_in(found, service_ids=[service.pk]) == {}, service.name
