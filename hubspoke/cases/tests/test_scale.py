"""The referral inbox, the waiting list and the team caseload cost the same number of queries
with one row as with two hundred (more than a page)."""

import uuid

from django.urls import reverse

from hubspoke.cases import actions
from hubspoke.conftest import QueryCounter, referral_details
from hubspoke.referrals import actions as referral_actions

ROWS = 200


def _referral(world, n):
    return referral_actions.submit_partner_referral(
        actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
        details=referral_details(subject_first_name=f"Scale{n:03d}", subject_last_name=f"Person{n:03d}"),
    )


def _counts(client) -> dict[str, int]:
    counts = {}
    for name in ("referrals:inbox", "cases:waiting_list", "cases:team"):
        with QueryCounter() as counter:
            assert client.get(reverse(name)).status_code == 200
        counts[name] = counter.count
    return counts


def test_one_row_and_two_hundred_rows_cost_the_same_queries(signed_in, world):
    world.memberships["worker_a"].caseload_capacity = None
    world.memberships["worker_a"].save()
    client = signed_in("manager_a")
    # One row of each: a new referral (the world's), one waiting, one allocated.
    waiting = _referral(world, 0)
    referral_actions.accept_referral(actor=world.manager_a, referral=waiting, spoke=world.spoke_a1)
    world.case_a()
    client.get(reverse("referrals:inbox"))  # warm the per-process caches
    small = _counts(client)
    for n in range(1, ROWS):
        _referral(world, n)  # new
    for n in range(ROWS, 2 * ROWS - 1):
        r = _referral(world, n)
        referral_actions.accept_referral(actor=world.manager_a, referral=r, spoke=world.spoke_a1)  # waiting
    for n in range(2 * ROWS, 2 * ROWS + 20):
        r = _referral(world, n)
        referral_actions.accept_referral(actor=world.manager_a, referral=r, spoke=world.spoke_a1)
        actions.allocate_referral(actor=world.manager_a, referral=r, worker=world.worker_a)  # a bigger caseload
    assert _counts(client) == small
