"""Lone-working visits: every move of the timer, the chain, duress, acknowledgement, and the
exactly-once rule for the messages each step sends."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from hubspoke.outbox.models import Channel, OutgoingMessage
from hubspoke.referrals.identifiers import IdentifiersFound
from hubspoke.safety import engine, messages
from hubspoke.safety.actions import visits as actions
from hubspoke.safety.models import ChainHours, NextAction, Visit, VisitEventKind, VisitState
from hubspoke.safety.queries import as_the_worker_sees

# A Tuesday afternoon in term, in office hours (15:00 in London, GMT in winter).
T0 = dt.datetime(2026, 11, 10, 15, 0, tzinfo=dt.UTC)
M = dt.timedelta(minutes=1)


@pytest.fixture
def timings(settings):
    settings.HUBSPOKE_SAFETY_TIMINGS = {"amber_grace": 5, "buddy_after": 5, "red_after": 15, "step_wait_cap": None}


@pytest.fixture
def clock():
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def keys(prefix=""):
    return sorted(OutgoingMessage.objects.filter(key__startswith="safety:").values_list("key", flat=True))


def sms_bodies():
    return [m.body for m in OutgoingMessage.objects.filter(channel=Channel.SMS).order_by("pk")]


def start(world, *, minutes=60, **kw):
    actions.save_profile(person=world.worker_a, phone="07700 900111", vehicle="Blue hatchback, AB12 CDE")
    return actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                               place="Costa, Market Street", meeting_with="young_person",
                               expected_end=T0 + minutes * M, **kw)


def run_at(clock, at):
    clock.move_to(at)
    return engine.advance()


def chain(world, *steps):
    for label, kw in steps:
        actions.add_chain_step(service=world.service_a, label=label, by=world.manager_a, **kw)


def test_a_visit_starts_with_the_timer_set_after_the_end_and_grace(world, clock, timings):
    visit = start(world)
    assert visit.state == VisitState.IN_PROGRESS
    assert (visit.next_action, visit.next_action_at) == (NextAction.AMBER, T0 + 65 * M)
    assert visit.phone == "07700 900111" and visit.vehicle.startswith("Blue")
    assert run_at(clock, T0 + 64 * M) == 0


def test_missed_end_goes_amber_then_buddy_then_red_then_along_the_chain_and_round_again(world, clock, timings):
    chain(world, ("Host duty desk", {"phone": "07700 900222", "wait_minutes": 10}),
          ("Hub manager", {"person": world.manager_a, "wait_minutes": 5}))
    visit = start(world)
    assert run_at(clock, T0 + 65 * M) == 1
    visit.refresh_from_db()
    assert visit.state == VisitState.AMBER and visit.amber_at == T0 + 65 * M
    assert [k.split(":")[2] for k in keys()] == ["amber", "amber"]  # email and text to the worker
    assert "not checked in" in sms_bodies()[0]

    assert run_at(clock, T0 + 70 * M) == 1  # the buddy: none, so the managers
    visit.refresh_from_db()
    assert visit.next_action == NextAction.RED and visit.next_action_at == T0 + 80 * M
    buddy = OutgoingMessage.objects.get(key__contains=":buddy:", channel=Channel.EMAIL)
    assert buddy.recipients == [world.manager_a.email]

    assert run_at(clock, T0 + 80 * M) == 1
    visit.refresh_from_db()
    assert visit.state == VisitState.RED and visit.alarm_at == T0 + 80 * M
    first = OutgoingMessage.objects.get(key__contains=":red:", channel=Channel.SMS)
    assert first.recipients == ["+447700900222"]
    assert "RED ALARM" in first.body and "Costa, Market Street" in first.body and "AB12 CDE" in first.body
    assert visit.next_action_at == T0 + 90 * M

    assert run_at(clock, T0 + 90 * M) == 1  # the hub manager
    visit.refresh_from_db()
    assert (visit.chain_position, visit.chain_round) == (1, 0)
    assert OutgoingMessage.objects.filter(key__endswith=":0:1:email", recipients=[world.manager_a.email]).exists()
    assert run_at(clock, T0 + 95 * M) == 1  # back to the first step, second round
    visit.refresh_from_db()
    assert (visit.chain_position, visit.chain_round) == (0, 1)
    assert OutgoingMessage.objects.filter(key__endswith=":1:0:sms").count() == 1
    kinds = list(visit.events.values_list("kind", flat=True))
    assert kinds == ["started", "amber", "buddy", "red", "escalated", "escalated", "escalated"]


def test_the_same_step_run_twice_is_one_message(world, clock, timings):
    visit = start(world)
    clock.move_to(T0 + 65 * M)
    stale = Visit.objects.get(pk=visit.pk)  # a second worker read the same timer
    assert engine.advance() == 1
    assert engine._claim(stale, state=VisitState.AMBER) is False  # the stale timer claims nothing
    assert engine.advance() == 0
    chains = messages.Chains()
    assert engine._move(stale, T0 + 65 * M, chains) == 0
    assert OutgoingMessage.objects.filter(key__contains=":amber:").count() == 2


def test_check_in_while_amber_puts_the_visit_back_in_progress(world, clock, timings):
    visit = start(world, check_in_every=30)
    assert visit.next_action_at == T0 + 35 * M
    run_at(clock, T0 + 35 * M)
    clock.move_to(T0 + 36 * M)
    visit = actions.check_in(visit)
    assert visit.state == VisitState.IN_PROGRESS
    # Next due: the end (15:60) comes before the next check-in (16:06); then the grace.
    assert visit.next_action_at == T0 + 65 * M
    assert visit.last_check_in_at == T0 + 36 * M


def test_extend_moves_the_end_and_the_timer(world, clock, timings):
    visit = start(world)
    clock.move_to(T0 + 50 * M)
    visit = actions.extend(visit, minutes=30)
    assert visit.expected_end == T0 + 90 * M
    assert visit.next_action_at == T0 + 95 * M
    with pytest.raises(ValidationError):
        actions.extend(visit, minutes=45)


def test_finishing_stops_the_timer_and_tells_a_buddy_who_was_told(world, clock, timings):
    actions.save_profile(person=world.worker_a, phone="07700 900111", vehicle="", buddy=world.hub_worker_a)
    visit = actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                                place="Library, Church Road", meeting_with="young_person", expected_end=T0 + 60 * M)
    run_at(clock, T0 + 65 * M)
    run_at(clock, T0 + 70 * M)
    assert OutgoingMessage.objects.filter(key__contains=":buddy:", recipients=[world.hub_worker_a.email]).exists()
    clock.move_to(T0 + 72 * M)
    visit = actions.finish(visit)
    assert visit.state == VisitState.FINISHED and visit.next_action_at is None
    assert OutgoingMessage.objects.filter(key__contains=":clear:", recipients=[world.hub_worker_a.email]).exists()
    assert run_at(clock, T0 + 200 * M) == 0


def test_acknowledging_stops_the_chain(world, clock, timings):
    chain(world, ("Duty desk", {"email": "duty@example.org", "wait_minutes": 10}),
          ("Hub manager", {"person": world.manager_a, "wait_minutes": 5}))
    visit = start(world)
    for minutes in (65, 70, 80):
        run_at(clock, T0 + minutes * M)
    visit.refresh_from_db()
    clock.move_to(T0 + 83 * M)
    visit = actions.acknowledge(visit, by_name=world.manager_a.full_name, by=world.manager_a)
    assert visit.state == VisitState.ACKNOWLEDGED and visit.next_action_at is None
    assert visit.acknowledged_at == T0 + 83 * M
    assert run_at(clock, T0 + 300 * M) == 0
    assert not OutgoingMessage.objects.filter(key__contains=":0:1:").exists()
    clear = OutgoingMessage.objects.get(key__contains=":clear:", channel=Channel.EMAIL)
    assert "duty@example.org" in clear.recipients
    with pytest.raises(ValidationError):
        actions.resolve(visit, by=world.manager_a, note="  ")
    visit = actions.resolve(visit, by=world.manager_a, note="Phone battery died; worker safe at base.")
    assert visit.state == VisitState.RESOLVED


def test_duress_pin_looks_like_finishing_and_raises_red_at_once(world, clock, timings):
    chain(world, ("Duty desk", {"phone": "07700 900222", "wait_minutes": 10}))
    actions.save_profile(person=world.worker_a, phone="07700 900111", vehicle="", duress_pin="2468")
    visit = actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                                place="Park, Mill Lane", meeting_with="young_person", expected_end=T0 + 60 * M)
    clock.move_to(T0 + 20 * M)
    visit = actions.finish(visit, pin="2468")
    assert visit.state == VisitState.RED and visit.duress and visit.alarm_at == T0 + 20 * M
    seen = as_the_worker_sees(visit)
    assert seen.finished and seen.finished_at == T0 + 20 * M
    sms = OutgoingMessage.objects.get(channel=Channel.SMS)
    assert sms.recipients == ["+447700900222"]  # never the worker's own phone
    assert "DURESS" in sms.body and "Do not ring their phone openly" in sms.body
    # Whatever the worker is made to press next, the alarm stands.
    actions.check_in(visit)
    actions.finish(visit)
    visit.refresh_from_db()
    assert visit.state == VisitState.RED and visit.next_action == NextAction.STEP


def test_another_pin_finishes_normally(world, clock, timings):
    actions.save_profile(person=world.worker_a, phone="", vehicle="", duress_pin="2468")
    visit = actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                                place="Park, Mill Lane", meeting_with="young_person", expected_end=T0 + 60 * M)
    assert actions.finish(visit, pin="1357").state == VisitState.FINISHED


def test_help_now_raises_the_alarm_and_checking_in_afterwards_stands_it_down(world, clock, timings):
    visit = start(world)
    visit = actions.raise_alarm(visit)
    assert visit.state == VisitState.RED and not visit.duress
    visit = actions.check_in(visit)
    assert visit.state == VisitState.ACKNOWLEDGED and "checked in" in visit.acknowledged_by


def test_chain_steps_are_the_spokes_then_the_services_and_never_another_services(world, clock, timings):
    chain(world, ("Service on-call", {"phone": "07700 900333"}),
          ("Other spoke's desk", {"phone": "07700 900444", "spoke": world.spoke_a2}),
          ("This spoke's host desk", {"phone": "07700 900555", "spoke": world.spoke_a1}))
    actions.add_chain_step(service=world.service_b, label="South on-call", phone="07700 900666", by=world.outsider)
    visit = start(world)
    labels = [s.label for s in messages.Chains().of(visit, T0)]
    assert labels == ["This spoke's host desk", "Service on-call"]
    with pytest.raises(ValidationError):
        actions.add_chain_step(service=world.service_a, label="X", phone="07700 900777", spoke=world.spoke_b1,
                               by=world.manager_a)


def test_office_hours_steps_give_way_out_of_hours(world, clock, timings):
    chain(world, ("Hub manager", {"person": world.manager_a, "hours": ChainHours.OFFICE}),
          ("On-call manager", {"phone": "07700 900888", "hours": ChainHours.OUT_OF_HOURS}))
    visit = start(world)
    assert [s.label for s in messages.Chains().of(visit, T0)] == ["Hub manager"]
    evening = dt.datetime(2026, 11, 10, 19, 30, tzinfo=dt.UTC)
    assert [s.label for s in messages.Chains().of(visit, evening)] == ["On-call manager"]
    christmas = dt.datetime(2026, 12, 25, 11, 0, tzinfo=dt.UTC)
    assert [s.label for s in messages.Chains().of(visit, christmas)] == ["On-call manager"]


def test_no_chain_means_the_managers(world, clock, timings):
    visit = start(world)
    assert [s.person_ids for s in messages.Chains().of(visit, T0)] == [(world.manager_a.pk,)]


def test_a_visit_never_names_a_young_person(world, clock, timings):
    world.case_a()
    with pytest.raises(IdentifiersFound):
        actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                            place="Casey Example's house", meeting_with="young_person", expected_end=T0 + 60 * M)
    assert not Visit.objects.exists()


def test_bad_times_are_refused(world, clock, timings):
    with pytest.raises(ValidationError) as error:
        actions.start_visit(worker=world.worker_a, service=world.service_a, place="Office", meeting_with="nobody",
                            expected_end=T0 - M)
    assert "future" in str(error.value)
    with pytest.raises(ValidationError):
        actions.start_visit(worker=world.worker_a, service=world.service_a, place="Office", meeting_with="nobody",
                            expected_end=T0 + 13 * 60 * M)


def test_every_state_change_is_timestamped(world, clock, timings):
    visit = start(world)
    for minutes in (65, 70, 80):
        run_at(clock, T0 + minutes * M)
    times = dict(visit.events.values_list("kind", "at"))
    assert times[VisitEventKind.AMBER] == T0 + 65 * M
    assert times[VisitEventKind.BUDDY] == T0 + 70 * M
    assert times[VisitEventKind.RED] == T0 + 80 * M


def test_help_now_says_so_and_the_all_clear_goes_only_to_those_told(world, clock, timings):
    chain(world, ("Duty desk", {"phone": "07700 900222"}))
    actions.save_profile(person=world.worker_a, phone="07700 900111", vehicle="", buddy=world.hub_worker_a)
    visit = actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                                place="Park, Mill Lane", meeting_with="young_person", expected_end=T0 + 60 * M)
    visit = actions.raise_alarm(visit)
    sms = OutgoingMessage.objects.get(key__contains=":red:", channel=Channel.SMS)
    assert "HELP ALARM" in sms.body and "not checked in" not in sms.body
    actions.acknowledge(visit, by_name=world.manager_a.full_name, by=world.manager_a)
    clear = OutgoingMessage.objects.get(key__contains=":clear:", channel=Channel.SMS)
    assert clear.recipients == ["+447700900222"]  # the desk told; not the buddy, who never was
    assert not OutgoingMessage.objects.filter(key__contains=":clear:", channel=Channel.EMAIL).exists()


def test_an_outside_contacts_link_is_short_and_for_this_alarm_only(world, clock, timings):
    visit = start(world)
    visit = actions.raise_alarm(visit)
    token = messages.acknowledge_token(visit)
    assert len(token) == 56 and messages.visit_for_token(token) == visit
    assert messages.visit_for_token(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    clock.move_to(T0 + dt.timedelta(days=3))
    assert messages.visit_for_token(token) is None


def test_checking_in_after_the_buddy_was_told_tells_them_the_worker_is_fine(world, clock, timings):
    actions.save_profile(person=world.worker_a, phone="", vehicle="", buddy=world.hub_worker_a)
    visit = actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                                place="Library, Church Road", meeting_with="young_person", expected_end=T0 + 60 * M)
    run_at(clock, T0 + 65 * M)
    clock.move_to(T0 + 66 * M)
    actions.check_in(visit)  # amber, buddy not told yet: no all-clear to send
    assert not OutgoingMessage.objects.filter(key__contains=":clear:").exists()
    visit.refresh_from_db()
    assert visit.next_action_at == T0 + 71 * M  # due at the end once more: now past, so grace from now
    run_at(clock, T0 + 71 * M)
    run_at(clock, T0 + 76 * M)  # the buddy is told
    clock.move_to(T0 + 77 * M)
    actions.check_in(visit)
    assert OutgoingMessage.objects.filter(key__contains=":clear:", recipients=[world.hub_worker_a.email]).exists()
