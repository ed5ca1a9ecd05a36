import datetime as dt

from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.lib.dates import today


def url_for(world, persona="worker_a"):
    return reverse("network:end_membership", kwargs={"ref": world.memberships[persona].uuid})


def test_manager_ends_a_workers_role(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world), {"ends_on": today().isoformat(), "reason": "Left the service"})
    assert response.status_code == 302
    membership = world.memberships["worker_a"]
    membership.refresh_from_db()
    assert membership.ends_on == today()
    event = AuditEvent.objects.get(action="network.membership.ended", subject_ref=str(membership.uuid))
    assert event.actor == world.manager_a
    assert event.detail["reason"] == "Left the service"


def test_submitting_needs_a_recent_sign_in(world, signed_in):
    client = signed_in("manager_a")  # signed in, but not within the last few minutes
    response = client.post(url_for(world), {"ends_on": today().isoformat(), "reason": "Left"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    world.memberships["worker_a"].refresh_from_db()
    assert world.memberships["worker_a"].ends_on is None


def test_bad_input_gets_specific_errors_and_keeps_what_was_typed(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world), {"ends_on": "31/02/2026", "reason": "Moving to Leeds"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter a real date" in body
    assert "Moving to Leeds" in body and "31/02/2026" in body


def test_end_date_before_start_is_refused(world, signed_in):
    client = signed_in("manager_a", recent=True)
    response = client.post(url_for(world), {"ends_on": (dt.date(2025, 1, 6) - dt.timedelta(days=1)).isoformat(),
                                             "reason": "Typo"})
    assert response.status_code == 400
    assert "on or after the start date" in response.content.decode()


def test_other_services_manager_gets_404(world, signed_in):
    client = signed_in("outsider", recent=True)
    assert client.post(url_for(world), {"ends_on": today().isoformat(), "reason": "x"}).status_code == 404
