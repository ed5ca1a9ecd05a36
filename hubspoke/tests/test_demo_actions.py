"""The demo is made by the app's own actions: every record a person could make has the audit
row its action writes, dated when the record says it happened; seeding again makes nothing;
and no production module leans on django.test to do it."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone

from hubspoke.accounts.models import User
from hubspoke.assessments.models import Assessment, AssessmentStatus
from hubspoke.audit.models import AuditEvent
from hubspoke.cases.models import (
    Case,
    CaseClosure,
    CaseStatus,
    Contact,
    Meeting,
    MissingEpisode,
    OutcomeRating,
    PlanAction,
    PlanGoal,
)
from hubspoke.home.demo import seed_everything
from hubspoke.home.management.commands.seed_demo import mail_goes_nowhere
from hubspoke.lib.dates import today
from hubspoke.network import demo as network_demo
from hubspoke.network import scoping
from hubspoke.network.models import AgencyType, Membership, Role
from hubspoke.referrals.models import Referral, ReferralDecision, YoungPerson
from hubspoke.sharing import queries
from hubspoke.sharing.models import (
    Agreement,
    AgreementVersion,
    ConsentRecord,
    DecisionNotToShare,
    Disclosure,
    InformationRequest,
    RequestStatus,
    Route,
)

SEED = 2026
# Four services in two regions (so that young people are referred to a neighbouring service
# too): enough for every part of the demo, a quarter of the time.
SERVICES = ("street-safe", "wigan-rochdale", "protect-respect", "ctm-london")


class _Rollback(Exception):
    pass


# Where the seeding stored its signed agreements (each test has its own folder otherwise).
SEEDED_FILES: list = []


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed once for the module, in a transaction rolled back at the end (audit rows cannot be
    deleted afterwards). Signed agreements are stored in a private folder of the module's own."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(network_demo, "SERVICES", tuple(s for s in network_demo.SERVICES if s.slug in SERVICES))
        SEEDED_FILES[:] = [tmp_path_factory.mktemp("private")]
        patch.setattr(django_settings, "HUBSPOKE_PRIVATE_MEDIA_ROOT", SEEDED_FILES[0])
        try:
            with transaction.atomic(), mail_goes_nowhere():
                result, first = seed_everything(seed=SEED)
                yield first, seed_everything(seed=SEED)[1], result
                raise _Rollback
        except _Rollback:
            pass


def audited(action: str, key: str | None = None) -> dict[str, object]:
    """The audit rows of one action code, by their subject (or by a reference in their detail),
    with when they were written."""
    rows = AuditEvent.objects.filter(action=action).values_list("subject_ref", "detail", "occurred_at")
    return {(detail[key] if key else ref): at for ref, detail, at in rows}


def test_the_demo_has_every_kind_of_record(seeded, db):
    first, *_ = seeded
    for kind in ("referrals", "young_people", "decisions", "cases", "contacts", "plan_goals", "missing_episodes",
                 "meetings", "outcome_ratings", "assessments", "closed_cases", "monitoring returns submitted",
                 "agreements", "agreement_versions", "consent_records", "consent_withdrawals", "disclosures",
                 "decisions_not_to_share", "information_requests", "participation activities",
                 "consents to use words or images", "quotes and case studies"):
        assert first[kind] > 0, kind
    assert Case.objects.filter(status=CaseStatus.CLOSED).count() == first["closed_cases"]
    assert CaseClosure.objects.count() == first["closed_cases"]


def test_every_record_a_person_makes_has_its_audit_row_dated_when_it_happened(seeded, db):
    cases = audited("cases.case.opened")
    assert Case.objects.exists()
    for case in Case.objects.all():
        assert cases[str(case.uuid)] == case.opened_at

    contacts = audited("cases.contact.recorded", "contact")
    assert Contact.objects.exists()
    for contact in Contact.objects.all():
        assert contacts[str(contact.uuid)] == contact.recorded_at

    goals = audited("cases.plan.goal_added", "goal")
    assert PlanGoal.objects.exists()
    for goal in PlanGoal.objects.all():
        assert goals[str(goal.uuid)] == goal.created_at
    actions = audited("cases.plan.action_added", "action")
    assert all(actions[str(a.uuid)] == a.created_at for a in PlanAction.objects.all())

    episodes = audited("cases.missing.recorded", "episode")
    assert MissingEpisode.objects.exists()
    for episode in MissingEpisode.objects.all():
        assert episodes[str(episode.uuid)] == episode.recorded_at

    meetings = audited("cases.meeting.recorded", "meeting")
    assert Meeting.objects.exists()
    for meeting in Meeting.objects.all():
        assert meetings[str(meeting.uuid)] == meeting.recorded_at

    ratings = audited("cases.outcomes.rated", "rating")
    assert OutcomeRating.objects.exists()
    for rating in OutcomeRating.objects.all():
        assert ratings[str(rating.uuid)] == rating.recorded_at

    closed = Counter(AuditEvent.objects.filter(action="cases.case.closed").values_list("subject_ref", flat=True))
    closures = list(CaseClosure.objects.select_related("case"))
    assert closures
    assert closed == Counter(str(c.case.uuid) for c in closures)
    when_closed = audited("cases.case.closed")
    assert all(when_closed[str(c.case.uuid)] == c.closed_at for c in closures)

    started = audited("assessments.assessment.started")
    completed = audited("assessments.assessment.completed")
    countersigned = audited("assessments.assessment.countersigned")
    assessments = list(Assessment.objects.all())
    assert assessments and any(a.countersigned_at for a in assessments)
    for assessment in assessments:
        ref = str(assessment.uuid)
        assert started[ref] == assessment.started_at
        if assessment.status == AssessmentStatus.COMPLETED:
            assert completed[ref] == assessment.completed_at
        if assessment.countersigned_at:
            assert countersigned[ref] == assessment.countersigned_at

    created = audited("referrals.referral.created")
    assert all(str(r.uuid) in created for r in Referral.objects.all())
    assert all(str(p.uuid) in audited("referrals.youngperson.created") for p in YoungPerson.objects.all())
    decisions = list(ReferralDecision.objects.all())
    assert decisions
    by_kind = {kind: audited(f"referrals.referral.{kind}", "decision") for kind in {d.kind for d in decisions}}
    for decision in decisions:
        assert by_kind[decision.kind][str(decision.uuid)] == decision.decided_at


def test_a_year_of_participation_with_outputs_and_one_consent_withdrawn(seeded, db):
    from hubspoke.participation.models import Activity, ActivityOutput, Participant, UseConsent

    created = audited("participation.activity.created")
    activities = list(Activity.objects.all())
    assert len({a.kind for a in activities}) >= 6
    assert (today() - min(a.held_on for a in activities)).days > 300
    assert all(created[str(a.uuid)] == a.created_at for a in activities)
    assert ActivityOutput.objects.exclude(file="").exists() and ActivityOutput.objects.exclude(link="").exists()
    assert Participant.objects.filter(accredited=True).exists() and Participant.objects.filter(paid_pence__gt=0)
    assert UseConsent.objects.filter(withdrawn_on__isnull=False, quotes__isnull=False).exists()


def test_seeding_again_creates_nothing(seeded, db):
    _, second, _ = seeded
    assert "disclosures" in second and "agreements" in second
    assert not any(second.values()), second


def test_sharing_is_made_through_the_door_with_its_audit_rows_dated_when_it_happened(seeded, db):
    agreements = list(Agreement.objects.select_related("current"))
    assert agreements
    created = audited("sharing.agreement.created")
    assert all(created[str(a.uuid)] == a.created_at for a in agreements)
    revised = Counter(AuditEvent.objects.filter(action="sharing.agreement.revised").values_list("subject_ref",
                                                                                              flat=True))
    assert revised == Counter({str(a.uuid): a.current.number - 1 for a in agreements if a.current.number > 1})

    records = audited("sharing.consent.recorded")
    consents = list(ConsentRecord.objects.all())
    assert any(c.referral_id is None for c in consents)  # recorded by a worker, not only the referrals'
    assert all(records[str(c.uuid)] == c.created_at for c in consents)
    withdrawn = audited("sharing.consent.withdrawn")
    withdrawals = [c for c in consents if c.withdrawn_on]
    assert withdrawals and len(withdrawn) == len(withdrawals)
    assert all(withdrawn[str(c.uuid)] == c.withdrawal_recorded_at for c in withdrawals)

    disclosures = list(Disclosure.objects.all())
    shared = audited("sharing.disclosure.recorded")
    assert disclosures and len(shared) == len(disclosures)
    assert all(shared[str(d.uuid)] == d.recorded_at and timezone.localdate(d.recorded_at) == d.shared_on for d in disclosures)
    routes = Counter(d.route for d in disclosures)
    assert routes[Route.AGREEMENT] > routes[Route.CONSENT] > 0, routes
    assert routes[Route.SAFEGUARDING] > 0, routes
    detail = dict(AuditEvent.objects.filter(action="sharing.disclosure.recorded").values_list("subject_ref",
                                                                                            "detail"))
    for d in disclosures:
        if d.route == Route.SAFEGUARDING:
            assert detail[str(d.uuid)]["reauthenticated"] is True
            assert scoping.can_manage_service(d.decided_by, d.service_id)

    decisions = audited("sharing.not_shared.recorded")
    assert all(decisions[str(x.uuid)] == x.recorded_at for x in DecisionNotToShare.objects.all())
    asked = audited("sharing.request.made")
    requests = list(InformationRequest.objects.all())
    assert all(asked[str(r.uuid)] == r.requested_at for r in requests)
    assert {r.status for r in requests} == set(RequestStatus.values)


def test_agreements_are_due_reviewed_ended_and_signed(seeded, db, settings):
    settings.HUBSPOKE_PRIVATE_MEDIA_ROOT = SEEDED_FILES[0]
    versions = list(AgreementVersion.objects.select_related("agreement"))
    current = [v for v in versions if v.agreement.current_id == v.pk]
    on = today()
    assert any(v.number == 2 for v in current)
    assert [v for v in current if v.ends_on and v.ends_on < on]
    assert queries.agreements_due_for_review([v.agreement.service_id for v in current], on=on).exists()
    signed = [v for v in versions if v.document]
    assert signed and len(signed) < len(versions)
    for version in signed:
        with version.document.open("rb") as stored:
            body = stored.read()
        assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
        assert len(body) == version.document_size


def test_the_printed_police_partner_sees_what_was_shared_with_their_agency(seeded, db):
    *_, result = seeded
    partner = next(s for s in result.sign_ins if s.role == Role.PARTNER.label)
    user = User.objects.get(email=partner.email)
    agency = Membership.objects.get(person=user, role=Role.PARTNER).agency
    assert agency.agency_type == AgencyType.POLICE
    shared = queries.young_people_shared_with(user)
    assert shared.exists()
    assert set(shared.values_list("pk", flat=True)) == set(
        Disclosure.objects.filter(to_agency=agency).values_list("young_person_id", flat=True))
    assert InformationRequest.objects.filter(requested_by=user).exists()


def test_no_production_module_imports_django_test():
    package = Path(__file__).resolve().parents[1]
    imports = re.compile(r"^\s*(from\s+django\.test\b|import\s+django\.test\b)", re.MULTILINE)
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.relative_to(package).parts and path.name != "conftest.py"
        and imports.search(path.read_text(encoding="utf-8"))
    ]
    assert package.name == "hubspoke" and len(list(package.rglob("*.py"))) > 50
    assert offenders == []
