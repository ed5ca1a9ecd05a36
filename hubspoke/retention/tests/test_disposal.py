"""Disposal: proposed by a manager, approved by a second person, refused on every path while
the record is on legal hold, carried out everywhere, certified without a name."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hubspoke.audit.models import AuditEvent
from hubspoke.monitoring.models import ReturnVersion
from hubspoke.referrals.actions import decline_referral
from hubspoke.referrals.models import Referral, YoungPerson
from hubspoke.retention import actions, erasure
from hubspoke.retention.models import DisposalStatus, LegalHold
from hubspoke.retention.tests.conftest import PAST_75
from hubspoke.retention.tests.helpers import find_anywhere, searched_strings

pytestmark = pytest.mark.django_db


def propose(world, person, **kwargs):
    return actions.propose_disposal(actor=world.manager_a, young_person=person,
                                    reason=kwargs.pop("reason", "period_ended"), **kwargs)


def test_a_record_in_its_period_is_not_disposed_of_for_its_period_ending(world, person):
    with pytest.raises(ValidationError, match="has not ended yet"):
        propose(world, person)


def test_a_record_made_in_error_may_be_proposed_within_its_period(world, person):
    disposal = propose(world, person, reason="made_in_error", explanation="A duplicate of another record.")
    assert disposal.status == DisposalStatus.PROPOSED
    assert disposal.expected["contacts"] == 1  # counted by a dry run, nothing erased
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_the_explanation_may_not_name_the_young_person(world, person):
    with pytest.raises(ValidationError) as raised:
        propose(world, person, reason="made_in_error", explanation="Zephie was entered twice.")
    assert "explanation" in raised.value.message_dict


def test_a_record_with_an_open_case_is_never_disposed_of(world):
    case = world.case_a()
    with pytest.raises(ValidationError, match="still in use"):
        propose(world, case.young_person, reason="made_in_error", explanation="Entered by mistake.")


def test_only_a_manager_of_the_service_proposes(world, person):
    for persona in ("worker_a", "hub_worker_a", "outsider", "admin"):
        with pytest.raises(ValidationError):
            actions.propose_disposal(actor=world.people[persona], young_person=person, reason="made_in_error",
                                     explanation="Entered by mistake.")


def test_the_proposer_cannot_approve(world, person):
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    with pytest.raises(ValidationError, match="never the person who proposed"):
        actions.approve_disposal(actor=world.manager_a, disposal=disposal, reauthenticated=True)
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_approval_needs_a_fresh_password(world, person, second_manager):
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    with pytest.raises(ValidationError, match="password"):
        actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=False)


def test_an_administrator_who_is_not_the_lead_and_another_services_manager_cannot_approve(world, person):
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    for persona in ("admin", "outsider", "worker_a", "programme_lead"):
        with pytest.raises(ValidationError):
            actions.approve_disposal(actor=world.people[persona], disposal=disposal, reauthenticated=True)


def test_a_second_manager_approves_and_the_record_is_erased_and_certified(world, person, second_manager):
    with time_machine.travel("2026-04-15 10:00 +00:00", tick=False):
        submitted = world.return_a().versions.order_by("-number").first()
    figures = ReturnVersion.objects.values("figures", "headlines", "total").get(pk=submitted.pk)
    assert any(figures["total"].values())  # the return counted something
    with time_machine.travel(PAST_75, tick=False):
        disposal = propose(world, person)
        certificate = actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)
    assert not YoungPerson.objects.filter(pk=person.pk).exists()
    assert find_anywhere(searched_strings()) == []
    assert certificate.erased["young person's records"] == 1
    assert certificate.disposal.decided_as == actions.MANAGER
    assert str(certificate.disposal.record_ref) == str(person.uuid)
    assert AuditEvent.objects.filter(action="retention.disposal.carried_out",
                                     subject_ref=str(disposal.uuid)).count() == 1
    # Monitoring returns already submitted keep their figures exactly.
    assert ReturnVersion.objects.values("figures", "headlines", "total").get(pk=submitted.pk) == figures


def test_the_data_protection_lead_approves(world, person, lead):
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    certificate = actions.approve_disposal(actor=lead, disposal=disposal, reauthenticated=True)
    assert certificate.disposal.decided_as == actions.LEAD
    assert not YoungPerson.objects.filter(pk=person.pk).exists()


def test_a_lead_who_is_no_longer_an_administrator_cannot_approve(world, person, lead):
    from hubspoke.network.actions import end_membership

    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    end_membership(actor=world.programme_lead, membership=world.memberships["admin"], reason="Left.")
    world.admin.__dict__.pop("_hubspoke_scope", None)
    with pytest.raises(ValidationError):
        actions.approve_disposal(actor=lead, disposal=disposal, reauthenticated=True)


def test_the_lead_must_be_an_administrator_of_the_programme(world):
    with pytest.raises(ValidationError):
        actions.set_data_protection_lead(actor=world.admin, service=world.service_a, person=world.manager_a)


# --- Legal hold: every path refuses -------------------------------------------------------------


def test_a_legal_hold_refuses_a_proposal(world, person):
    actions.place_hold(actor=world.manager_a, young_person=person, reason="A claim against the service.")
    with pytest.raises(ValidationError, match="legal hold"):
        propose(world, person, reason="made_in_error", explanation="Entered by mistake.")


def test_a_hold_placed_after_a_proposal_withdraws_it(world, person, second_manager):
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    actions.place_hold(actor=world.manager_a, young_person=person, reason="A claim against the service.")
    disposal.refresh_from_db()
    assert disposal.status == DisposalStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_a_legal_hold_refuses_the_approval(world, person, second_manager):
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    # A hold that reached the database beside the proposal (not through place_hold).
    LegalHold.objects.create(service=world.service_a, young_person=person, reason="Inquiry",
                             placed_at=disposal.proposed_at, placed_by=world.manager_a)
    with pytest.raises(ValidationError, match="legal hold"):
        actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_a_legal_hold_refuses_the_erasure_itself(world, person):
    actions.place_hold(actor=world.manager_a, young_person=person, reason="A police investigation.")
    with pytest.raises(ValidationError, match="legal hold"):
        erasure.erase_young_person(person)
    assert YoungPerson.objects.filter(pk=person.pk).exists()


def test_a_lifted_hold_lets_disposal_go_ahead(world, person, second_manager):
    hold = actions.place_hold(actor=world.manager_a, young_person=person, reason="A claim.")
    actions.lift_hold(actor=world.manager_a, hold=hold, reason="The claim was settled.")
    disposal = propose(world, person, reason="made_in_error", explanation="Entered by mistake.")
    certificate = actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)
    assert certificate.erased["legal holds"] == 1


# --- A declined referral with no record ---------------------------------------------------------


def test_a_declined_referral_is_disposed_of_after_its_period(world, second_manager):
    referral = world.referral_a
    decline_referral(actor=world.manager_a, referral=referral, decline_reason="below_threshold",
                     reason_for_referrer="Below our threshold; please contact children's services.")
    with pytest.raises(ValidationError, match="has not ended yet"):
        actions.propose_disposal(actor=world.manager_a, referral=referral, reason="period_ended")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=6 * 366), tick=False):
        disposal = actions.propose_disposal(actor=world.manager_a, referral=referral, reason="period_ended")
        certificate = actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)
    assert not Referral.objects.filter(pk=referral.pk).exists()
    assert certificate.erased == {"referrals": 1, "referral decisions": 1} | (
        {"notifications": certificate.erased["notifications"]} if "notifications" in certificate.erased else {})
    assert find_anywhere(["Testcase"]) == []


def test_a_held_referral_is_not_disposed_of(world):
    referral = world.referral_a
    decline_referral(actor=world.manager_a, referral=referral, decline_reason="below_threshold",
                     reason_for_referrer="Below our threshold.")
    actions.place_hold(actor=world.manager_a, referral=referral, reason="A complaint about the decision.")
    with pytest.raises(ValidationError, match="legal hold"):
        actions.propose_disposal(actor=world.manager_a, referral=referral, reason="made_in_error",
                                 explanation="Sent to the wrong service.")
    with pytest.raises(ValidationError, match="legal hold"):
        erasure.erase_referral(referral)


# --- A copy at another service ----------------------------------------------------------------


def test_another_services_copy_made_by_a_transfer_is_kept_and_named_on_the_certificate(world, second_manager):
    from hubspoke.cases.actions import accept_transfer
    from hubspoke.conftest import START, make_person
    from hubspoke.network import actions as network
    from hubspoke.network.models import Role

    south_worker = make_person("south_worker")
    network.add_membership(actor=world.admin, person=south_worker, role=Role.HUB_WORKER, place=world.service_b,
                           starts_on=START, caseload_capacity=10)
    transfer = world.transfer_a()
    new_case = accept_transfer(actor=world.outsider, transfer=transfer, worker=south_worker)
    copy = new_case.young_person
    original = world.case_a().young_person
    assert copy.service == world.service_b and copy.pk != original.pk
    disposal = actions.propose_disposal(actor=world.manager_a, young_person=original, reason="made_in_error",
                                        explanation="Entered at the wrong service.")
    certificate = actions.approve_disposal(actor=second_manager, disposal=disposal, reauthenticated=True)
    assert not YoungPerson.objects.filter(pk=original.pk).exists()
    copy.refresh_from_db()  # South Hub's own record, with its own case, stays
    assert copy.first_name == "Casey" and copy.cases.count() == 1
    assert [c["service"] for c in certificate.copies_elsewhere] == ["South Hub"]
