"""The retention pages: who reads and changes the schedule, the due list and certificates with
flat query counts, and the second person's decision through the page, with its password step."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.referrals.models import YoungPerson
from hubspoke.retention import actions
from hubspoke.retention.models import DisposalStatus, RetentionRule
from hubspoke.retention.tests.helpers import NAMES

pytestmark = pytest.mark.django_db
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=6 * 366 + 10)


def test_every_member_of_staff_reads_the_schedule(signed_in):
    response = signed_in("worker_a").get(reverse("retention:schedule"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "75th birthday" in page and "Independent Inquiry into Child Sexual Abuse" in page
    assert reverse("retention:period", kwargs={"kind": "case_record"}) not in page  # no change link


def test_an_administrator_changes_a_period_with_a_reason_audited_before_and_after(signed_in, world):
    client = signed_in("admin", recent=True)
    url = reverse("retention:period", kwargs={"kind": "declined_referral"})
    response = client.post(url, {"years": "8", "reason": "Legal advice to the programme."})
    assert response.status_code == 302
    rule = RetentionRule.objects.get(programme=world.programme, kind="declined_referral")
    assert rule.years == 8 and rule.changed_by == world.admin
    event = AuditEvent.objects.get(action="retention.period.changed")
    assert event.detail == {"kind": "declined_referral", "before": 6, "after": 8}
    assert "Kept for 8 years after the decision" in client.get(reverse("retention:schedule")).content.decode()


def test_changing_a_period_needs_a_recent_password(signed_in):
    response = signed_in("admin").post(reverse("retention:period", kwargs={"kind": "declined_referral"}),
                                       {"years": "8", "reason": "Advice."})
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    assert not RetentionRule.objects.exists()


def test_a_period_outside_its_bounds_is_refused(signed_in):
    response = signed_in("admin", recent=True).post(
        reverse("retention:period", kwargs={"kind": "case_record"}), {"years": "3", "reason": "Typing slip."})
    assert response.status_code == 400
    assert "from 25 to 100" in response.content.decode()


def test_the_audit_trail_period_is_not_editable(signed_in):
    response = signed_in("admin", recent=True).get(reverse("retention:period", kwargs={"kind": "audit_trail"}))
    assert response.status_code == 404


def test_the_due_list_shows_a_declined_referral_past_its_period_with_a_flat_query_count(signed_in, world):
    referral = world.declined_referral_a()
    counter = iter(range(100))

    def grow():
        with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(days=6 * 366 + 10), tick=False):
            for _ in range(3):
                world.declined_referral_a(first_name=f"Grow{next(counter)}")
            world.case_a()

    with time_machine.travel(LATER, tick=False):
        client = signed_in("manager_a")
        response = client.get(reverse("retention:due"))
        assert response.status_code == 200
        assert referral.reference in response.content.decode()
        assert_flat_queries(lambda: client.get(reverse("retention:due")), grow)
        # The grown rows are on the page: the count stayed flat with them in it.
        assert client.get(reverse("retention:due")).content.decode().count(">Referral ") == 4


def test_the_certificates_list_has_a_flat_query_count(signed_in, world, second_manager):
    world.certificate_a()
    client = signed_in("manager_a")

    def grow():
        for name in ("Kim", "Lee", "Max"):
            disposal = actions.propose_disposal(actor=world.manager_a, referral=world.declined_referral_a(
                first_name=name), reason="made_in_error", explanation="A duplicate.")
            actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)

    assert_flat_queries(lambda: client.get(reverse("retention:certificates")), grow)


def test_the_data_protection_lead_decides_without_seeing_the_young_person(signed_in, world, person, lead):
    disposal = actions.propose_disposal(actor=world.manager_a, young_person=person, reason="made_in_error",
                                        explanation="Entered twice by mistake.")
    client = signed_in("admin", recent=True)
    url = reverse("retention:disposal", kwargs={"ref": disposal.uuid})
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert str(person.uuid)[:8] in page and "Contacts: 1" in page
    for name in NAMES:
        assert name not in page
    response = client.post(url, {"decision": "approve"})
    assert response.status_code == 302
    assert not YoungPerson.objects.filter(pk=person.pk).exists()
    certificate = client.get(response["Location"])
    assert certificate.status_code == 200
    text = certificate.content.decode()
    assert "Certificate of disposal" in text and "data protection lead" in text
    for name in NAMES:
        assert name not in text


def test_approving_asks_for_the_password_first_and_erases_nothing_until_then(signed_in, world, person, lead):
    disposal = actions.propose_disposal(actor=world.manager_a, young_person=person, reason="made_in_error",
                                        explanation="Entered twice by mistake.")
    response = signed_in("admin").post(reverse("retention:disposal", kwargs={"ref": disposal.uuid}),
                                       {"decision": "approve"})
    assert response.status_code == 302 and reverse("account_reauthenticate") in response["Location"]
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_the_proposer_is_refused_on_the_page(signed_in, world, person):
    disposal = actions.propose_disposal(actor=world.manager_a, young_person=person, reason="made_in_error",
                                        explanation="Entered twice by mistake.")
    response = signed_in("manager_a", recent=True).post(
        reverse("retention:disposal", kwargs={"ref": disposal.uuid}), {"decision": "approve"})
    assert response.status_code == 400
    assert "never the person who proposed it" in response.content.decode()
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_a_hold_placed_on_the_page_refuses_a_proposal_on_the_page(signed_in, world, person):
    client = signed_in("manager_a")
    response = client.post(reverse("retention:hold_new", kwargs={"ref": person.uuid}),
                           {"reason": "A police investigation."})
    assert response.status_code == 302
    response = client.post(reverse("retention:propose", kwargs={"ref": person.uuid}),
                           {"reason": "made_in_error", "explanation": "Entered by mistake."})
    assert response.status_code == 400
    assert "legal hold" in response.content.decode()


def test_a_manager_proposes_and_withdraws_on_the_page(signed_in, world, person):
    client = signed_in("manager_a")
    response = client.post(reverse("retention:propose", kwargs={"ref": person.uuid}),
                           {"reason": "made_in_error", "explanation": "Entered by mistake."})
    assert response.status_code == 302
    disposal = actions.Disposal.objects.get(record_ref=person.uuid)
    client.post(reverse("retention:disposal", kwargs={"ref": disposal.uuid}), {"decision": "withdraw"})
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.WITHDRAWN


def test_the_young_persons_page_shows_retention_to_managers_only(signed_in, world):
    person = world.case_a().young_person
    url = reverse("referrals:young_person", kwargs={"ref": person.uuid})
    manager = signed_in("manager_a").get(url)
    worker = signed_in("worker_a").get(url)
    assert manager.status_code == worker.status_code == 200
    assert "Retention and legal hold" in manager.content.decode()
    assert "Retention and legal hold" not in worker.content.decode()


def test_the_managers_home_page_counts_records_due(signed_in, world):
    world.declined_referral_a()
    with time_machine.travel(LATER, tick=False):
        page = signed_in("manager_a").get(reverse("home")).content.decode()
    assert "Records due for review" in page
