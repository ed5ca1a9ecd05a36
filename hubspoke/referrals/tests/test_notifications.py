"""New referrals notify the service's managers in Hubspoke (the email is tested in
test_referrals.py)."""

import re
import uuid

import pytest
from django.db import transaction
from django.urls import reverse

from hubspoke.conftest import START, make_person, referral_details
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Role
from hubspoke.notifications.models import Notification
from hubspoke.referrals import actions
from hubspoke.referrals.models import Referral
from hubspoke.referrals.notifications import NEW_REFERRAL
from hubspoke.referrals.tests.test_referrals import form_data, refer


@pytest.fixture
def second_manager(world):
    person = make_person("second_manager")
    network_actions.add_membership(actor=world.admin, person=person, role=Role.SERVICE_MANAGER,
                                   place=world.service_a, starts_on=START)
    return person


def about(referral):
    return Notification.objects.filter(kind=NEW_REFERRAL, subject_ref=str(referral.uuid))


def test_a_partner_referral_notifies_each_manager_of_that_service_once(signed_in, world, second_manager):
    response = refer(signed_in("partner_a"), form_data(service=world.service_a.pk))
    assert response.status_code == 302
    referral = Referral.objects.get(subject_first_name="Casey")
    rows = about(referral)
    assert sorted(rows.values_list("recipient__email", flat=True)) == sorted(
        [world.manager_a.email, second_manager.email]
    )
    assert all(row.read_at is None and row.subject_kind == "referrals.referral" for row in rows)


def test_workers_partners_and_other_services_managers_are_not_notified(world):
    # The world's own partner referral, to service A.
    recipients = set(about(world.referral_a).values_list("recipient", flat=True))
    assert recipients == {world.manager_a.pk}
    for persona in ("hub_worker_a", "worker_a", "partner_a", "outsider", "programme_lead", "admin"):
        assert not Notification.objects.filter(recipient=world.people[persona]).exists(), persona


def test_staff_recording_a_referral_are_not_notified_of_their_own(world, second_manager):
    referral = actions.record_referral(actor=world.manager_a, service=world.service_a, submission_token=uuid.uuid4(),
                                       details=referral_details())
    assert list(about(referral).values_list("recipient", flat=True)) == [second_manager.pk]


def test_notifications_are_written_with_the_referral_and_roll_back_with_it(world, second_manager):
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.record_referral(actor=world.hub_worker_a, service=world.service_a, submission_token=uuid.uuid4(),
                                details=referral_details())
        assert Notification.objects.count() == before + 2  # in the transaction, not after it commits
        raise RuntimeError
    assert Notification.objects.count() == before


def test_the_notification_holds_nothing_about_the_young_person(world, signed_in):
    row = about(world.referral_a).get()
    stored = " ".join(str(getattr(row, f.attname)) for f in Notification._meta.concrete_fields)
    for detail in ("Jordan", "Testcase", "2011", "cars", "PC Example", "North Hub"):
        assert detail not in stored
    html = signed_in("manager_a").get(reverse("notifications:list")).content.decode()
    assert "A new referral has arrived" in html
    assert "Jordan" not in html and "Testcase" not in html


def test_opening_it_marks_it_read_and_opens_the_referral(world, signed_in):
    row = about(world.referral_a).get()
    client = signed_in("manager_a")
    response = client.get(reverse("notifications:open", kwargs={"ref": row.uuid}), follow=True)
    assert response.redirect_chain == [(reverse("referrals:detail", kwargs={"ref": world.referral_a.uuid}), 302)]
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.read_at is not None


def test_someone_who_has_lost_access_follows_it_to_not_found(world, signed_in):
    row = about(world.referral_a).get()
    network_actions.end_membership(actor=world.admin, membership=world.memberships["manager_a"], reason="Left")
    response = signed_in("manager_a").get(reverse("notifications:open", kwargs={"ref": row.uuid}), follow=True)
    assert response.status_code == 404
    assert len(response.redirect_chain) == 1


def test_the_header_counts_a_new_referral(world, signed_in):
    html = signed_in("manager_a").get(reverse("referrals:inbox")).content.decode()
    assert "Notifications (1 unread)" in re.sub(r"<[^>]+>", "", html)
