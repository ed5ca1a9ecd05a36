import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions, queries
from hubspoke.cases.models import Allocation, Case, CaseReferral
from hubspoke.conftest import assert_flat_queries, referral_details
from hubspoke.referrals import actions as referral_actions


@pytest.fixture
def accepted(world):
    """World's referral, accepted and held at spoke A1."""
    referral_actions.accept_referral(actor=world.manager_a, referral=world.referral_a, spoke=world.spoke_a1)
    world.referral_a.refresh_from_db()
    return world.referral_a


def test_accepted_referral_waits_until_allocated(signed_in, world, accepted):
    client = signed_in("manager_a")
    assert "Jordan Testcase" in client.get(reverse("cases:waiting_list")).content.decode()
    page = client.get(reverse("cases:allocate", kwargs={"ref": accepted.uuid})).content.decode()
    assert "Worker A" in page and "0 open cases" in page
    response = client.post(reverse("cases:allocate", kwargs={"ref": accepted.uuid}),
                           {"worker": str(world.worker_a.uuid)})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.young_person == accepted.young_person and case.spoke == world.spoke_a1
    assert Allocation.objects.get(case=case).worker == world.worker_a
    assert AuditEvent.objects.filter(action="cases.case.opened", subject_ref=str(case.uuid)).exists()
    waiting = client.get(reverse("cases:waiting_list"))
    assert "Jordan Testcase is allocated to Worker A." in waiting.content.decode()  # the message...
    assert [row["referral"] for row in waiting.context["rows"]] == []  # ...and nobody left waiting
    # The worker sees the case in their caseload.
    assert "Jordan Testcase" in signed_in("worker_a").get(reverse("cases:mine")).content.decode()


def test_only_workers_where_the_referral_is_held(world, accepted):
    with pytest.raises(ValidationError, match="does not work where"):
        actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.outsider)
    # A hub worker cannot see a spoke's records, so cannot lead a spoke's case.
    with pytest.raises(ValidationError, match="does not work where"):
        actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.hub_worker_a)
    offered = {m.person for m in queries.workers_for(service_id=world.service_a.pk, spoke_id=world.spoke_a1.pk)}
    assert offered == {world.worker_a, world.manager_a}


def test_a_second_allocation_is_told_who_won(world, accepted):
    actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.worker_a)
    with pytest.raises(ValidationError, match="already been allocated to Worker A by Manager A"):
        actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.manager_a)
    assert Case.objects.count() == 1


def test_the_database_refuses_a_referral_in_two_cases(world, accepted):
    case = actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.worker_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseReferral.objects.create(case=case, referral=accepted, linked_at=case.opened_at, linked_by=world.manager_a)


def test_over_capacity_needs_confirming(signed_in, world, accepted):
    world.memberships["worker_a"].caseload_capacity = 1
    world.memberships["worker_a"].save()
    other = referral_actions.submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name="Sky", subject_last_name="Another"))
    referral_actions.accept_referral(actor=world.manager_a, referral=other, spoke=world.spoke_a1)
    actions.allocate_referral(actor=world.manager_a, referral=other, worker=world.worker_a)
    client = signed_in("manager_a")
    url = reverse("cases:allocate", kwargs={"ref": accepted.uuid})
    response = client.post(url, {"worker": str(world.worker_a.uuid)})
    assert response.status_code == 400 and "at or over capacity" in response.content.decode()
    response = client.post(url, {"worker": str(world.worker_a.uuid), "over_capacity_confirmed": "on"})
    assert response.status_code == 302


def test_a_repeat_referral_joins_the_open_case(world, accepted):
    case = actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.worker_a)
    again = referral_actions.submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details())
    referral_actions.accept_referral(actor=world.manager_a, referral=again, young_person=accepted.young_person,
                                     spoke=world.spoke_a1)
    assert actions.allocate_referral(actor=world.manager_a, referral=again, worker=world.worker_a) == case
    assert Case.objects.count() == 1 and case.case_referrals.count() == 2
    member = next(m for m in queries.eligible_workers(service_id=world.service_a.pk, spoke_id=world.spoke_a1.pk)
                  if m.person == world.worker_a)
    assert member.open_cases == 1 and member.load == 1.5  # one urgent case, not two


def test_reallocation_keeps_history(world, accepted):
    case = actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.worker_a)
    actions.reallocate_case(actor=world.manager_a, case=case, worker=world.manager_a)
    rows = list(case.allocations.order_by("starts_at", "pk").values_list("worker__full_name", "ends_at"))
    assert rows[0][0] == "Worker A" and rows[0][1] is not None
    assert rows[1] == ("Manager A", None)


def test_team_caseload_and_waiting_list_are_flat(signed_in, world, accepted):
    client = signed_in("manager_a")
    client.get(reverse("cases:team"))
    client.get(reverse("cases:waiting_list"))
    actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.worker_a)

    def grow():
        for n in range(5):
            r = referral_actions.submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a,
                submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name=f"Grow{uuid.uuid4().hex[:6]}", subject_last_name="Zed"))
            referral_actions.accept_referral(actor=world.manager_a, referral=r)  # held at the hub
            if n % 2:
                actions.allocate_referral(actor=world.manager_a, referral=r, worker=world.hub_worker_a)

    grow()
    assert_flat_queries(lambda: client.get(reverse("cases:team")), grow)
    assert_flat_queries(lambda: client.get(reverse("cases:waiting_list")), grow)
    worker = signed_in("hub_worker_a")
    assert_flat_queries(lambda: worker.get(reverse("cases:mine")), grow)


def test_load_weighs_urgent_cases_more(world, accepted):
    actions.allocate_referral(actor=world.manager_a, referral=accepted, worker=world.worker_a)  # urgent
    member = next(m for m in queries.eligible_workers(service_id=world.service_a.pk, spoke_id=world.spoke_a1.pk)
                  if m.person == world.worker_a)
    assert member.open_cases == 1 and member.load == 1.5


def test_demo_allocates_most_accepted_referrals(db):
    from hubspoke.cases.demo import seed_cases
    from hubspoke.network.demo import seed_demo
    from hubspoke.referrals.demo import seed_referrals

    seed_demo(seed=2026)
    seed_referrals(seed=2026)
    made = seed_cases(seed=2026)
    # Cases that have ended are closed later, once their assessments are made
    # (tests/test_demo_actions.py seeds the whole demo).
    assert made["cases"] > 500
    assert seed_cases(seed=2026) == {"cases": 0}
    open_leads = Allocation.objects.filter(ends_at__isnull=True, case__status="open")
    assert open_leads.count() == Case.objects.filter(status="open").count()


def test_a_service_without_a_waiting_list_accepts_only_with_capacity(world):
    from hubspoke.network.models import WaitingListPolicy
    from hubspoke.referrals.models import ReferralStatus

    world.service_a.waiting_list_policy = WaitingListPolicy.NO_WAITING_LIST
    world.service_a.save()
    for persona in ("worker_a", "hub_worker_a"):
        membership = world.memberships[persona]
        membership.caseload_capacity = 1
        membership.save()
    first = world.referral_a
    referral_actions.accept_referral(actor=world.manager_a, referral=first, spoke=world.spoke_a1)
    actions.allocate_referral(actor=world.manager_a, referral=first, worker=world.worker_a)
    second = referral_actions.submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name="Second", subject_last_name="Person"))
    # The spoke's only worker is full, and the hub worker has room: accepted at the hub...
    referral_actions.accept_referral(actor=world.manager_a, referral=second)
    actions.allocate_referral(actor=world.manager_a, referral=second, worker=world.hub_worker_a)
    third = referral_actions.submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name="Third", subject_last_name="Person"))
    # ...but now everyone is full: the service cannot accept, and says what to do instead.
    with pytest.raises(ValidationError, match="keeps no waiting list"):
        referral_actions.accept_referral(actor=world.manager_a, referral=third, spoke=world.spoke_a1)
    third.refresh_from_db()
    assert third.status == ReferralStatus.RECEIVED
    referral_actions.decline_referral(actor=world.manager_a, referral=third, decline_reason="no_capacity",
                                      reason_for_referrer="No capacity; children's social care keeps responsibility.")
