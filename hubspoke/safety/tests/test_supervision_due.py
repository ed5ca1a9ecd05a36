"""How often supervision is due, what is overdue, and where it shows: the worker's and the
manager's home pages, the team page's columns and the case's chronology. Pages stay flat."""

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import START, assert_flat_queries, make_person, referral_details
from hubspoke.lib.dates import today
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Role
from hubspoke.safety.actions.supervision import record_supervision, set_schedules
from hubspoke.safety.models import SupervisionSchedule, Visit
from hubspoke.safety.queries import supervision as queries

WELLBEING = "Tired after two late call-outs"


def at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def every_30_days_clinical(world):
    set_schedules(actor=world.manager_a, service=world.service_a,
                  every={("clinical", "spoke_worker"): 30, ("management", "spoke_worker"): 60})


def test_due_is_counted_from_the_last_one_or_from_starting(world, time_machine):
    every_30_days_clinical(world)
    time_machine.move_to(at(START + dt.timedelta(days=30)))
    assert queries.overdue_for(world.service_a, [world.worker_a]) == {}  # due today, not yet overdue
    time_machine.move_to(at(START + dt.timedelta(days=31)))
    overdue = queries.overdue_for(world.service_a, [world.worker_a, world.hub_worker_a])
    assert list(overdue) == [world.worker_a.pk]  # hub workers have no schedule here
    assert [row.kind for row in overdue[world.worker_a.pk]] == ["clinical"]
    held = START + dt.timedelta(days=31)
    record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                       held_on=held)
    assert queries.overdue_for(world.service_a, [world.worker_a]) == {}
    time_machine.move_to(at(held + dt.timedelta(days=31)))
    rows = {r.kind: r for r in queries.overdue_for(world.service_a, [world.worker_a])[world.worker_a.pk]}
    assert (rows["clinical"].last, rows["clinical"].days_since) == (held, 31)
    # Never had one: due 60 days after she started.
    assert rows["management"].last is None and rows["management"].due_on == START + dt.timedelta(days=60)


def test_another_services_supervision_does_not_count(world, time_machine):
    every_30_days_clinical(world)
    time_machine.move_to(at(START + dt.timedelta(days=40)))
    assert world.worker_a.pk in queries.overdue_for(world.service_a, [world.worker_a])
    assert queries.overdue_for(world.service_b, [world.worker_a]) == {}  # not her service


def test_overdue_for_many_people_is_a_fixed_number_of_queries(world, django_assert_num_queries):
    set_schedules(actor=world.manager_a, service=world.service_a, every={("clinical", "spoke_worker"): 30})
    people = [world.worker_a]
    for n in range(6):
        person = make_person(f"extra_worker_{n}")
        network_actions.add_membership(actor=world.manager_a, person=person, role=Role.SPOKE_WORKER,
                                       place=world.spoke_a2, starts_on=START)
        record_supervision(actor=world.manager_a, supervisee=person.memberships.get(), kind="clinical",
                           held_on=today() - dt.timedelta(days=n * 10))
        people.append(person)
    with django_assert_num_queries(3):
        overdue = queries.overdue_for(world.service_a, people)
    # Worker A never had one; the others had theirs 0 to 50 days ago (30 days ago: due today).
    assert set(overdue) == {world.worker_a.pk, people[5].pk, people[6].pk}


def test_schedules_are_set_by_managers_and_audited(signed_in, world):
    url = reverse("safety:supervision_schedules", kwargs={"ref": world.service_a.uuid})
    client = signed_in("manager_a")
    assert client.get(url).status_code == 200
    response = client.post(url, {"saving": "1", "spoke_worker__clinical": "28", "hub_worker__peer": "90"})
    assert response.status_code == 302
    assert set(SupervisionSchedule.objects.values_list("role", "kind", "every_days")) == {
        ("spoke_worker", "clinical", 28), ("hub_worker", "peer", 90)}
    event = AuditEvent.objects.get(action="safety.schedule.changed")
    assert event.detail == {"before": {}, "after": {"spoke_worker:clinical": 28, "hub_worker:peer": 90}}
    bad = client.post(url, {"saving": "1", "spoke_worker__clinical": "0"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()
    # Emptying a box says the kind is no longer expected of the role.
    client.post(url, {"saving": "1", "spoke_worker__clinical": "28"})
    assert list(SupervisionSchedule.objects.values_list("role", "kind")) == [("spoke_worker", "clinical")]
    assert signed_in("worker_a").post(url, {"saving": "1", "spoke_worker__clinical": "1"}).status_code == 403
    assert signed_in("outsider").get(url).status_code == 404
    assert SupervisionSchedule.objects.get().every_days == 28


def test_home_pages_say_whose_supervision_is_overdue(signed_in, world):
    every_30_days_clinical(world)
    held = today() - dt.timedelta(days=45)
    record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                       held_on=held)
    worker = signed_in("worker_a").get(reverse("home")).content.decode()
    assert f"Your clinical (reflective) supervision is overdue (last: {held:%-d %B %Y})" in worker
    manager = signed_in("manager_a").get(reverse("home"))
    lines = {item.label: item.count for item in manager.context["to_do"]}
    assert lines["People in your team whose supervision is overdue"] == 1
    assert not any("supervision is overdue" in item.label for item in
                   signed_in("outsider").get(reverse("home")).context["to_do"])


def test_the_team_page_shows_days_since_each_kind(signed_in, world):
    every_30_days_clinical(world)
    record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                       held_on=today() - dt.timedelta(days=12))
    response = signed_in("manager_a").get(reverse("cases:team"))
    assert response.status_code == 200
    assert [c.label for c in response.context["columns"]][:1] == ["Days since supervision"]
    row = next(m for m in response.context["members"] if m.person == world.worker_a)
    cell = {column.label: cell for column, cell in row.extra_cells}["Days since supervision"]
    # She started long ago and has never had management supervision: overdue, and marked.
    assert cell.lines == ("Clinical: 12 days", "Management: none yet (overdue)")
    assert cell.urgent == ("Management: none yet (overdue)",)
    body = response.content.decode()
    assert "Clinical: 12 days" in body and WELLBEING not in body


def _grow_team(world):
    """More people in manager A's team, each with supervisions of two kinds and an open
    lone-working incident."""
    for _ in range(3):
        person = make_person(f"grow_{uuid.uuid4().hex[:6]}")
        membership = network_actions.add_membership(actor=world.manager_a, person=person, role=Role.SPOKE_WORKER,
                                                    place=world.spoke_a2, starts_on=START, caseload_capacity=8)
        for kind, days in (("clinical", 20), ("peer", 3)):
            supervisor = world.manager_a if kind == "clinical" else world.worker_a
            record_supervision(actor=supervisor, supervisee=membership, kind=kind,
                               held_on=today() - dt.timedelta(days=days))
        started = timezone.now() - dt.timedelta(hours=2)
        Visit.objects.create(worker=person, service=world.service_a, spoke=world.spoke_a2, place="Youth club",
                             meeting_with="group", started_at=started, expected_end=started + dt.timedelta(hours=1),
                             alarm_at=timezone.now(), state="red")


def test_the_team_page_and_the_list_stay_flat(signed_in, world):
    every_30_days_clinical(world)
    world.supervision_a()
    manager = signed_in("manager_a")
    worker = signed_in("worker_a")
    _grow_team(world)
    assert_flat_queries(lambda: manager.get(reverse("cases:team")), lambda: _grow_team(world))
    assert_flat_queries(lambda: manager.get(reverse("safety:supervision_list")), lambda: _grow_team(world))
    assert_flat_queries(lambda: worker.get(reverse("safety:supervision_list")), lambda: _grow_team(world))
    assert_flat_queries(lambda: manager.get(reverse("home")), lambda: _grow_team(world))


def test_the_chronology_says_discussed_in_supervision_and_nothing_more(signed_in, world):
    found = world.supervision_a()
    case = world.case_a()
    response = signed_in("worker_a").get(reverse("cases:chronology", kwargs={"ref": case.uuid}))
    assert response.status_code == 200
    (event,) = [e for e in response.context["events"] if e.kind == "supervision"]
    assert (event.title, event.text, event.url) == ("Discussed in supervision",
                                                    "Clinical (reflective) supervision", "")
    assert timezone.localdate(event.at) == found.held_on
    body = response.content.decode()
    assert "Discussed in supervision" in body
    for secret in (WELLBEING, found.actions_agreed, "Manager A supervised"):
        assert secret not in body
    # The filter offers it, and a young person's story never does.
    assert ("supervision", "Supervision") in response.context["form"].fields["kinds"].choices
    from hubspoke.stories import queries as story_queries

    assert all(choice.kind != "supervision" for choice in story_queries.choices_for(case))


def test_the_chronology_stays_flat_as_supervisions_grow(signed_in, world):
    case = world.case_a()
    client = signed_in("worker_a")
    url = reverse("cases:chronology", kwargs={"ref": case.uuid})

    def grow():
        for days in (3, 2, 1):
            record_supervision(actor=world.manager_a, supervisee=world.memberships["worker_a"], kind="clinical",
                               held_on=today() - dt.timedelta(days=days), cases=[case])

    grow()
    assert_flat_queries(lambda: client.get(url), grow)


def test_another_case_is_not_marked(signed_in, world):
    from hubspoke.cases.actions import allocate_referral
    from hubspoke.referrals.actions import accept_referral, submit_partner_referral

    world.supervision_a()
    referral = submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                       submission_token=uuid.uuid4(),
                                       details=referral_details(subject_first_name="Robin", subject_last_name="Other"))
    accept_referral(actor=world.manager_a, referral=referral, spoke=world.spoke_a1)
    referral.refresh_from_db()
    other = allocate_referral(actor=world.manager_a, referral=referral, worker=world.worker_a)
    events = signed_in("worker_a").get(reverse("cases:chronology", kwargs={"ref": other.uuid})).context["events"]
    assert events and not [e for e in events if e.kind == "supervision"]
