import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.lib.dates import today
from hubspoke.network import actions


def url_for(world, persona="worker_a"):
    return reverse("network:end_membership", kwargs={"ref": world.memberships[persona].uuid})


def date_fields(day: dt.date) -> dict:
    return {"ends_on_day": day.day, "ends_on_month": day.month, "ends_on_year": day.year}


def test_ending_a_role_now_removes_access_on_the_next_request(world, signed_in, client):
    worker = signed_in("worker_a")
    spoke_url = reverse("network:spoke_detail", kwargs={"ref": world.spoke_a1.uuid})
    assert worker.get(spoke_url).status_code == 200

    from django.test import Client

    manager = Client()
    manager.force_login(world.manager_a)
    from hubspoke.conftest import mark_recently_authenticated

    mark_recently_authenticated(manager)
    response = manager.post(url_for(world), {"when": "now", "reason": "Left the service"})
    assert response.status_code == 302

    assert worker.get(spoke_url).status_code == 404
    membership = world.memberships["worker_a"]
    membership.refresh_from_db()
    assert membership.access_ended_at is not None and membership.ends_on == today()
    event = AuditEvent.objects.get(action="network.membership.ended", subject_ref=str(membership.uuid))
    assert event.actor == world.manager_a
    assert event.detail["reason"] == "Left the service" and event.detail["immediately"] is True


def test_a_planned_last_day_keeps_access_until_that_day_is_over(world, signed_in):
    client = signed_in("manager_a", recent=True)
    last_day = today() + dt.timedelta(days=7)
    response = client.post(url_for(world), {"when": "later", **date_fields(last_day), "reason": "Moving on"})
    assert response.status_code == 302
    worker = world.worker_a
    from hubspoke.network import scoping

    assert scoping.spokes_visible_to(worker).filter(pk=world.spoke_a1.pk).exists()
    with time_machine.travel(dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(9)), tick=False):
        worker = type(worker).objects.get(pk=worker.pk)  # a new request builds a new user
        assert not scoping.spokes_visible_to(worker).filter(pk=world.spoke_a1.pk).exists()


def test_a_planned_last_day_can_be_brought_forward_but_an_ended_role_stays_ended(world):
    membership = world.memberships["worker_a"]
    actions.end_membership(actor=world.manager_a, membership=membership, reason="Plan",
                           ends_on=today() + dt.timedelta(days=30))
    actions.end_membership(actor=world.manager_a, membership=membership, reason="Left early")
    with pytest.raises(ValidationError, match="already ended"):
        actions.end_membership(actor=world.manager_a, membership=membership, reason="Again")


def test_submitting_needs_a_recent_sign_in(world, signed_in):
    client = signed_in("manager_a")  # signed in, but not within the last few minutes
    response = client.post(url_for(world), {"when": "now", "reason": "Left"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    world.memberships["worker_a"].refresh_from_db()
    assert world.memberships["worker_a"].ends_on is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"ends_on_day": "31", "ends_on_month": "2", "ends_on_year": "2030"}, "Last day in this role must be a real date"),
    ({"ends_on_day": "3", "ends_on_month": "", "ends_on_year": "2030"}, "Last day in this role must include a month"),
    ({"ends_on_day": "3", "ends_on_month": "4", "ends_on_year": "30"}, "Year must include 4 numbers"),
    ({}, "Enter the last day in this role"),
    ({"ends_on_day": "1", "ends_on_month": "1", "ends_on_year": "2020"}, "The last day must be today or in the future"),
])
def test_bad_dates_get_specific_errors_and_keep_what_was_typed(world, signed_in, fields, message):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world), {"when": "later", "reason": "Moving to Leeds", **fields})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert message in body
    assert "Moving to Leeds" in body
    for value in fields.values():
        if value:
            assert f'value="{value}"' in body


def test_missing_choice_and_reason_are_both_reported(world, signed_in):
    client = signed_in("manager_a", recent=True)
    body = client.post(url_for(world), {}).content.decode()
    assert "Select when this role should end" in body and "Enter the reason this role is ending" in body


def test_other_services_manager_gets_404(world, signed_in):
    client = signed_in("outsider", recent=True)
    assert client.post(url_for(world), {"when": "now", "reason": "x"}).status_code == 404


def test_nobody_ends_their_own_role(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world, "manager_a"), {"when": "now", "reason": "Bored"})
    assert response.status_code == 400
    assert "must end your own role" in response.content.decode()
    world.memberships["manager_a"].refresh_from_db()
    assert world.memberships["manager_a"].access_ended_at is None
