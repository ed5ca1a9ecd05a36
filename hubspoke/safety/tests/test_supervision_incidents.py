"""Lone-working incidents (visits that raised an alarm) where supervision looks at them: open
ones on the team page, and those since the last supervision on the form, for review."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from hubspoke.lib.dates import today
from hubspoke.safety.actions.supervision import record_supervision
from hubspoke.safety.models import Visit


def visit(world, *, alarm_days_ago=None, resolved=False, note=""):
    """Worker A's visit; with ``alarm_days_ago``, one that raised an alarm that many days ago."""
    now = timezone.now()
    alarm_at = now - dt.timedelta(days=alarm_days_ago) if alarm_days_ago is not None else None
    started = (alarm_at or now) - dt.timedelta(hours=1)
    state = "resolved" if resolved else ("red" if alarm_at else "in_progress")
    return Visit.objects.create(
        worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1, place="Library, Church Road",
        meeting_with="young_person", started_at=started, expected_end=started + dt.timedelta(minutes=30),
        alarm_at=alarm_at, state=state, resolved_at=now if resolved else None, incident_note=note,
        resolved_by=world.manager_a if resolved else None)


def open_incidents_cell(response, person):
    row = next(m for m in response.context["members"] if m.person == person)
    return {column.label: cell for column, cell in row.extra_cells}["Open incidents"]


def test_the_team_page_counts_open_incidents_only(signed_in, world):
    visit(world, alarm_days_ago=2)
    visit(world, alarm_days_ago=3, resolved=True, note="Car would not start; waited with the host agency.")
    visit(world)  # no alarm
    response = signed_in("manager_a").get(reverse("cases:team"))
    assert response.status_code == 200
    assert open_incidents_cell(response, world.worker_a).lines == ("1",)
    assert open_incidents_cell(response, world.worker_a).urgent == ("1",)
    assert open_incidents_cell(response, world.hub_worker_a).lines == ("0",)


def test_the_form_lists_incidents_since_the_last_supervision(signed_in, world):
    visit(world, alarm_days_ago=20, resolved=True, note="Before: talked through already.")
    record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                       held_on=today() - dt.timedelta(days=10))
    visit(world, alarm_days_ago=5, resolved=True, note="Followed home from the bus stop.")
    visit(world, alarm_days_ago=1)
    url = reverse("safety:supervision_record", kwargs={"ref": world.memberships["worker_a"].uuid})
    manager = signed_in("manager_a").get(url)
    assert manager.status_code == 200 and len(manager.context["incidents"]) == 2
    body = manager.content.decode()
    assert "Followed home from the bus stop." in body and "Before: talked through already." not in body
    assert "Open" in body
    # A peer supervisor sees when and whether resolved, not what happened.
    peer = signed_in("hub_worker_a").get(url)
    assert peer.status_code == 200 and len(peer.context["incidents"]) == 2
    assert "Followed home from the bus stop." not in peer.content.decode()


def test_with_no_supervision_yet_every_incident_is_listed(signed_in, world):
    visit(world, alarm_days_ago=400, resolved=True, note="Long ago.")
    response = signed_in("manager_a").get(
        reverse("safety:supervision_record", kwargs={"ref": world.memberships["worker_a"].uuid}))
    assert response.context["last_on"] is None and len(response.context["incidents"]) == 1
