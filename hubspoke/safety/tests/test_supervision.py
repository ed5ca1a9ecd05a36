"""Supervision: who reads a record's content (its supervisee and supervisor, no one else),
what managers see (dates and kinds), who records which kind, the cases that may be listed,
group debriefs, and the database's own rules."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.lib.dates import today
from hubspoke.safety.actions.supervision import record_supervision
from hubspoke.safety.models import Supervision, SupervisionCase, SupervisionSchedule

WELLBEING = "Tired after two late call-outs"
ACTIONS = "Plan a joint visit to the college."


def page(client, found):
    return client.get(reverse("safety:supervision", kwargs={"ref": found.uuid}))


def peer_supervision(world, **overrides):
    """Hub worker A's peer supervision of worker A (so manager A is neither of the two)."""
    fields = {"actor": world.hub_worker_a, "supervisee": world.memberships["worker_a"], "kind": "peer",
              "held_on": today(), "actions_agreed": "Swap notes on the outreach route.",
              "wellbeing_note": "Worried about the late visits."}
    fields.update(overrides)
    return record_supervision(**fields)[0]


def test_the_supervisee_and_the_supervisor_read_the_content(signed_in, world):
    found = world.supervision_a()
    for persona in ("worker_a", "manager_a"):
        response = page(signed_in(persona), found)
        assert response.status_code == 200 and response.context["full"] is True, persona
        body = response.content.decode()
        assert WELLBEING in body and ACTIONS in body and "Casey Example" in body, persona
    readers = set(AuditEvent.objects.filter(action="safety.supervision.viewed", subject_ref=str(found.uuid))
                  .values_list("actor__email", flat=True))
    assert readers == {world.worker_a.email, world.manager_a.email}


def test_a_manager_who_is_neither_sees_the_date_and_kind_only(signed_in, world):
    world.case_a()
    found = peer_supervision(world, cases=[])
    response = page(signed_in("manager_a"), found)
    assert response.status_code == 200 and response.context["full"] is False
    body = response.content.decode()
    assert "Peer supervision" in body and f"{found.held_on:%-d %B %Y}" in body
    assert "Worried about the late visits" not in body and "Swap notes" not in body
    assert AuditEvent.objects.filter(action="safety.supervision.summary_viewed", subject_ref=str(found.uuid),
                                     actor=world.manager_a).exists()
    assert not AuditEvent.objects.filter(action="safety.supervision.viewed", actor=world.manager_a).exists()


@pytest.mark.parametrize("persona", ["hub_worker_a", "partner_a", "outsider", "programme_lead", "admin"])
def test_anyone_else_gets_404(signed_in, world, persona):
    found = world.supervision_a()
    response = page(signed_in(persona), found)
    assert response.status_code == 404
    assert WELLBEING not in response.content.decode()
    assert AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(found.uuid)).exists()


def test_a_manager_records_any_kind_and_it_is_audited_without_content(signed_in, world):
    case = world.case_a()
    client = signed_in("manager_a")
    url = reverse("safety:supervision_record", kwargs={"ref": world.memberships["worker_a"].uuid})
    form = client.get(url)
    assert form.status_code == 200 and "Casey Example" in form.content.decode()
    on = today()
    response = client.post(url, {"kind": "management", "held_on_day": on.day, "held_on_month": on.month,
                                 "held_on_year": on.year, "cases": [str(case.uuid)], "actions_agreed": ACTIONS,
                                 "wellbeing_note": "Fine."})
    found = Supervision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("safety:supervision",
                                                                             kwargs={"ref": found.uuid})
    assert (found.supervisor, found.supervisee, found.kind) == (world.manager_a, world.worker_a, "management")
    assert list(SupervisionCase.objects.values_list("case", flat=True)) == [case.pk]
    event = AuditEvent.objects.get(action="safety.supervision.recorded")
    assert event.detail["cases"] == [str(case.uuid)] and "Fine." not in str(event.detail)
    assert ACTIONS not in str(event.detail)


def test_fellow_staff_record_peer_supervision_only(signed_in, world):
    client = signed_in("hub_worker_a")
    url = reverse("safety:supervision_record", kwargs={"ref": world.memberships["worker_a"].uuid})
    on = today()
    response = client.post(url, {"kind": "clinical", "held_on_day": on.day, "held_on_month": on.month,
                                 "held_on_year": on.year})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    assert not Supervision.objects.exists()
    with pytest.raises(ValidationError):
        record_supervision(actor=world.hub_worker_a, supervisee=world.memberships["worker_a"], kind="clinical",
                           held_on=on)
    assert peer_supervision(world).supervisor == world.hub_worker_a


def test_nobody_records_their_own_supervision(signed_in, world):
    url = reverse("safety:supervision_record", kwargs={"ref": world.memberships["worker_a"].uuid})
    assert signed_in("worker_a").get(url).status_code == 404
    with pytest.raises(ValidationError):
        record_supervision(actor=world.worker_a, supervisee=world.memberships["worker_a"], kind="peer",
                           held_on=today())
    # Another service's manager is not this service's.
    with pytest.raises(PermissionDenied):
        record_supervision(actor=world.outsider, supervisee=world.memberships["worker_a"], kind="clinical",
                           held_on=today())
    assert not Supervision.objects.exists()


def test_only_cases_both_can_see_are_listed_or_recorded(signed_in, world):
    case = world.case_a()  # at spoke A1: the hub worker cannot see it
    client = signed_in("hub_worker_a")
    form = client.get(reverse("safety:supervision_record", kwargs={"ref": world.memberships["worker_a"].uuid}))
    assert form.status_code == 200 and "Casey Example" not in form.content.decode()
    with pytest.raises(ValidationError) as error:
        peer_supervision(world, cases=[case])
    assert "cases" in error.value.message_dict
    # A case the supervisee does not work is not theirs to discuss, even for their manager.
    with pytest.raises(ValidationError):
        record_supervision(actor=world.manager_a, supervisee=world.memberships["hub_worker_a"], kind="clinical",
                           held_on=today(), cases=[case])
    assert not Supervision.objects.exists()


def test_a_peer_supervisor_never_sees_a_case_outside_their_scope(signed_in, world):
    """Manager A records that case A was discussed; hub worker A (out of the case's scope) is
    then not shown it, even on a record they can read as its supervisee."""
    case = world.case_a()
    found = record_supervision(actor=world.manager_a, supervisee=world.memberships["hub_worker_a"],
                               kind="group_debrief", held_on=today(), others=[world.memberships["worker_a"]],
                               actions_agreed=ACTIONS)
    assert len(found) == 2
    own, other = found
    SupervisionCase.objects.create(supervision=own, case=case)  # as if it had been theirs
    response = page(signed_in("hub_worker_a"), own)
    assert response.status_code == 200
    assert "Casey Example" not in response.content.decode() and response.context["hidden_cases"] == 1


def test_a_group_debrief_gives_each_their_own_record(signed_in, world):
    case = world.case_a()
    made = record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"],
                              kind="group_debrief", held_on=today(), others=[world.memberships["hub_worker_a"]],
                              actions_agreed=ACTIONS, wellbeing_note="Her own words.", cases=[case])
    mine, theirs = made
    assert mine.group_ref == theirs.group_ref is not None
    assert (theirs.supervisee, theirs.wellbeing_note, theirs.actions_agreed) == (world.hub_worker_a, "", ACTIONS)
    assert not SupervisionCase.objects.filter(supervision=theirs).exists()
    # Each reads their own record, never the other's.
    assert page(signed_in("hub_worker_a"), mine).status_code == 404
    body = page(signed_in("hub_worker_a"), theirs).content.decode()
    assert "Her own words." not in body and "Worker A" in body
    with pytest.raises(ValidationError):
        record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                           held_on=today(), others=[world.memberships["hub_worker_a"]])


def test_a_supervision_cannot_be_in_the_future(world):
    with pytest.raises(ValidationError) as error:
        record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                           held_on=today() + dt.timedelta(days=1))
    assert "held_on" in error.value.message_dict


def test_the_database_refuses_what_the_rules_refuse(world):
    now = timezone.now()
    base = {"service": world.service_a, "kind": "clinical", "held_on": today(), "recorded_at": now,
            "recorded_by": world.manager_a}
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.create(supervisee=world.worker_a, supervisor=world.worker_a, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Supervision.objects.create(supervisee=world.worker_a, supervisor=world.manager_a,
                                   group_ref="6b1f1a64-0000-4000-8000-000000000000", **base)
    schedule = {"service": world.service_a, "kind": "clinical", "role": "spoke_worker", "updated_at": now,
                "updated_by": world.manager_a}
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSchedule.objects.create(every_days=0, **schedule)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSchedule.objects.create(every_days=30, **{**schedule, "role": "partner"})
    SupervisionSchedule.objects.create(every_days=30, **schedule)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionSchedule.objects.create(every_days=60, **schedule)
    found = world.supervision_a()
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionCase.objects.create(supervision=found, case=world.case_a())


def test_the_list_shows_my_records_and_managers_see_their_teams_dates(signed_in, world):
    world.supervision_a()
    peer = peer_supervision(world)
    worker = signed_in("worker_a").get(reverse("safety:supervision_list"))
    assert worker.status_code == 200 and len(worker.context["page"].object_list) == 2
    manager = signed_in("manager_a").get(reverse("safety:supervision_list"))
    assert [s.pk for s in manager.context["page"].object_list] == [world.supervision_a().pk]
    assert [s.pk for s in manager.context["team"]] == [peer.pk]
    assert "Worried about the late visits" not in manager.content.decode()
    assert signed_in("partner_a").get(reverse("safety:supervision_list")).status_code == 404
