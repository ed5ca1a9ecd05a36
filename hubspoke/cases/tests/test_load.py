"""One definition of a worker's load, and the team page, allocation and the caseload all
agree with it."""

import uuid
from decimal import Decimal

from django.urls import reverse

from hubspoke.cases import queries
from hubspoke.cases.actions import allocate_referral, set_co_worker
from hubspoke.conftest import referral_details
from hubspoke.network import actions as network_actions
from hubspoke.referrals.actions import accept_referral, submit_partner_referral


def open_case(world, *, urgency, first_name, worker=None, spoke=None):
    referral = submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name=first_name, subject_last_name="Loadtest", urgency=urgency),
    )
    accept_referral(actor=world.manager_a, referral=referral, spoke=spoke or world.spoke_a1)
    referral.refresh_from_db()
    return allocate_referral(actor=world.manager_a, referral=referral, worker=worker or world.worker_a)


def five_cases_and_one_co_worked(world):
    """Worker A leads routine, routine, urgent, immediate and immediate cases (1 + 1 + 1.5 + 2
    + 2 = 7.5) and co-works one urgent case led by the manager."""
    for name, urgency in (("Ash", "routine"), ("Bo", "routine"), ("Cal", "urgent"), ("Dee", "immediate"),
                          ("Eve", "immediate")):
        open_case(world, urgency=urgency, first_name=name)
    co_worked = open_case(world, urgency="urgent", first_name="Fin", worker=world.manager_a)
    set_co_worker(actor=world.manager_a, case=co_worked, worker=world.worker_a)


def set_co_worked_rule(world, rule):
    network_actions.update_service_policy(actor=world.manager_a, service=world.service_a,
                                          changes={"co_worked_cases": rule})


def test_the_load_counts_every_led_case_by_its_urgency(world):
    five_cases_and_one_co_worked(world)
    load = queries.loads_of([world.worker_a.pk])[world.worker_a.pk]
    assert (load.led, load.co_worked, load.weight) == (5, 1, Decimal("7.5"))


def test_co_worked_cases_count_as_the_service_decides(world):
    five_cases_and_one_co_worked(world)
    for rule, weight in (("half", Decimal("8.25")), ("full", Decimal("9.0")), ("not_counted", Decimal("7.5"))):
        set_co_worked_rule(world, rule)
        assert queries.loads_of([world.worker_a.pk])[world.worker_a.pk].weight == weight, rule


def test_the_team_page_allocation_and_the_caseload_show_the_same_load(world, signed_in):
    five_cases_and_one_co_worked(world)
    set_co_worked_rule(world, "half")
    manager = signed_in("manager_a")
    team = manager.get(reverse("cases:team"))
    assert team.status_code == 200
    row = next(m for m in team.context["members"] if m.person == world.worker_a)
    assert (row.open_cases, row.co_worked, row.load) == (5, 1, Decimal("8.25"))

    referral = submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name="Gil", subject_last_name="Loadtest"),
    )
    accept_referral(actor=world.manager_a, referral=referral, spoke=world.spoke_a1)
    allocate = manager.get(reverse("cases:allocate", kwargs={"ref": referral.uuid}))
    assert allocate.status_code == 200
    assert "Worker A (spoke worker, North Police Spoke): 5 open cases, load 8.25 of 10" in allocate.content.decode()

    member = manager.get(reverse("cases:worker_caseload", kwargs={"ref": world.worker_a.uuid}))
    assert member.status_code == 200 and member.context["load"].weight == Decimal("8.25")

    caseload = signed_in("worker_a").get(reverse("cases:mine"))
    assert caseload.status_code == 200 and caseload.context["user"] == world.worker_a
    assert caseload.context["load"].weight == Decimal("8.25")
    assert "Load <strong>8.25</strong> of a capacity of 10" in caseload.content.decode()
    counted = sorted(row["counts"] for row in caseload.context["rows"])
    assert counted == [Decimal("0.75"), 1, 1, Decimal("1.5"), 2, 2]


def test_allocation_warns_when_the_true_load_is_at_capacity(world, signed_in):
    five_cases_and_one_co_worked(world)  # 7.5 of 10
    open_case(world, urgency="immediate", first_name="Hal")  # 9.5
    referral = submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name="Ivy", subject_last_name="Loadtest"),
    )
    accept_referral(actor=world.manager_a, referral=referral, spoke=world.spoke_a1)
    response = signed_in("manager_a").post(reverse("cases:allocate", kwargs={"ref": referral.uuid}),
                                           {"worker": str(world.worker_a.uuid)})
    assert response.status_code == 400
    assert "is at or over capacity" in response.content.decode()
