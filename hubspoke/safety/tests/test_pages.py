"""The lone-working pages as each person uses them: a worker starting a visit from a case and
keeping it on the phone, a responder with the alarm, an outside contact with a link, the
managers' board and chain, and the programme's counts."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.outbox.models import OutgoingMessage
from hubspoke.referrals.models import YoungPersonContact
from hubspoke.safety import engine, messages
from hubspoke.safety.actions import visits as actions
from hubspoke.safety.models import ChainStep, Visit, VisitCaseLink, VisitEventKind, VisitState

START = {"place": "Costa, Market Street", "location": "LS22 6AA", "meeting_with": "young_person", "duration": "60"}


def test_a_worker_starts_a_visit_from_the_case_page(world, signed_in):
    case = world.case_a()
    client = signed_in("worker_a")
    page = client.get(reverse("cases:detail", kwargs={"ref": case.uuid})).content.decode()
    start_url = f"{reverse('safety:start')}?case={case.uuid}"
    assert start_url in page
    response = client.post(start_url, START)
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("safety:visit", kwargs={"ref": visit.uuid})
    assert VisitCaseLink.objects.get(visit=visit).case == case
    assert (visit.service, visit.spoke, visit.worker) == (case.service, case.spoke, world.worker_a)
    assert abs(visit.expected_end - visit.started_at - dt.timedelta(hours=1)) < dt.timedelta(seconds=5)


def test_naming_the_young_person_is_refused_and_keeps_what_was_typed(world, signed_in):
    case = world.case_a()
    response = signed_in("worker_a").post(f"{reverse('safety:start')}?case={case.uuid}",
                                          {**START, "place": "Casey Example's flat, Mill Road"})
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "Casey Example&#x27;s flat, Mill Road" in page or "Casey Example's flat, Mill Road" in page
    assert not Visit.objects.exists()


def test_a_case_the_worker_cannot_see_is_a_404(world, signed_in):
    case = world.case_a()
    assert signed_in("hub_worker_a").get(f"{reverse('safety:start')}?case={case.uuid}").status_code == 404


def test_the_visit_page_is_tiny_and_works_without_scripts(world, signed_in):
    visit = world.visit_a()
    response = signed_in("worker_a").get(reverse("safety:visit", kwargs={"ref": visit.uuid}))
    page = response.content.decode()
    assert response.status_code == 200
    assert len(response.content) < 6000
    assert "<script" not in page
    for name in ("finish", "check_in", "extend", "help"):
        assert reverse(f"safety:{name}", kwargs={"ref": visit.uuid}) in page


def test_the_buttons_do_what_they_say(world, signed_in):
    visit = world.visit_a()
    client = signed_in("worker_a")
    url = lambda name: reverse(f"safety:{name}", kwargs={"ref": visit.uuid})  # noqa: E731
    client.post(url("extend"), {"minutes": "30"})
    visit.refresh_from_db()
    assert visit.events.filter(kind=VisitEventKind.EXTENDED).exists()
    client.post(url("check_in"))
    assert client.post(url("finish")).status_code == 302
    visit.refresh_from_db()
    assert visit.state == VisitState.FINISHED
    assert "Visit finished" in client.get(url("visit")).content.decode()
    response = client.post(url("extend"), {"minutes": "30"}, follow=True)
    assert "already finished" in response.content.decode()


def test_duress_on_the_phone_looks_like_an_ordinary_finish(world, signed_in):
    actions.save_profile(person=world.worker_a, phone="07700 900111", vehicle="", duress_pin="9753")
    visit = world.visit_a()
    client = signed_in("worker_a")
    client.post(reverse("safety:finish", kwargs={"ref": visit.uuid}), {"pin": "9753"})
    visit.refresh_from_db()
    assert visit.state == VisitState.RED and visit.duress
    page = client.get(reverse("safety:visit", kwargs={"ref": visit.uuid})).content.decode()
    assert "Visit finished" in page and "larm" not in page
    index = client.get(reverse("safety:index")).content.decode()
    assert "Visit in progress" not in index and VisitState.RED.label not in index
    assert "Finished" in index


def test_a_responder_sees_the_case_address_only_once_the_alarm_is_raised_and_the_look_is_audited(world, signed_in):
    case = world.case_a()
    YoungPersonContact.objects.create(young_person=case.young_person, address="12 Example Row", postcode="ZZ1 1ZZ")
    visit = actions.start_visit(worker=world.worker_a, service=case.service, spoke=case.spoke, case=case,
                                place="Home visit", meeting_with="young_person_family",
                                expected_end=timezone.now() + dt.timedelta(hours=1))
    client = signed_in("manager_a")
    alarm_url = reverse("safety:alarm", kwargs={"ref": visit.uuid})
    page = client.get(alarm_url).content.decode()
    assert "12 Example Row" not in page and "Casey" not in page
    actions.raise_alarm(visit)
    response = client.get(alarm_url)
    page = response.content.decode()
    assert "12 Example Row" in page and "Casey" not in page
    assert AuditEvent.objects.filter(request_id=response["X-Request-ID"], subject_ref=str(case.young_person.uuid),
                                     action="referrals.youngperson.contact_viewed").exists()


def test_the_buddy_and_chain_people_respond_and_nobody_else(world, signed_in):
    actions.save_profile(person=world.worker_a, phone="", vehicle="", buddy=world.hub_worker_a)
    visit = world.visit_a()
    url = reverse("safety:alarm", kwargs={"ref": visit.uuid})
    assert signed_in("hub_worker_a").get(url).status_code == 200
    assert signed_in("outsider").get(url).status_code == 404
    assert signed_in("worker_a").get(url).status_code == 404  # the worker's own page is the visit page
    ChainStep.objects.create(service=world.service_b, position=0, label="South", person=world.outsider)
    assert signed_in("outsider").get(url).status_code == 404  # another service's chain


def test_acknowledging_from_the_alarm_page_stops_the_chain(world, signed_in):
    visit = world.visit_a()
    actions.raise_alarm(visit)
    client = signed_in("manager_a")
    client.post(reverse("safety:acknowledge", kwargs={"ref": visit.uuid}))
    visit.refresh_from_db()
    assert visit.state == VisitState.ACKNOWLEDGED and visit.next_action_at is None
    response = client.post(reverse("safety:resolve", kwargs={"ref": visit.uuid}), {"note": ""})
    assert response.status_code == 400 and "govuk-error-summary" in response.content.decode()
    client.post(reverse("safety:resolve", kwargs={"ref": visit.uuid}), {"note": "Safe; phone had no signal."})
    visit.refresh_from_db()
    assert visit.state == VisitState.RESOLVED and visit.resolved_by == world.manager_a


def test_an_outside_contact_acknowledges_by_the_link_in_their_message(world, client):
    actions.add_chain_step(service=world.service_a, label="Host duty desk", phone="07700 900222",
                           by=world.manager_a)
    visit = world.visit_a()
    actions.raise_alarm(visit)
    sms = OutgoingMessage.objects.get(key__contains=":red:", channel="sms")
    link = re.search(r"https?://\S+/safety/a/\S+/", sms.body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200 and "Acknowledge the alarm" in response.content.decode()
    assert client.post("/" + path, {"name": ""}).status_code == 400
    client.post("/" + path, {"name": "Duty Sergeant Example"})
    visit.refresh_from_db()
    assert visit.state == VisitState.ACKNOWLEDGED and visit.acknowledged_by.startswith("Duty Sergeant Example")
    # The link works for this alarm only: tampered, it is a 404.
    assert client.get("/" + path[:-3] + "xx/").status_code == 404


def test_the_board_shows_alarms_first_with_a_partial_for_htmx_and_flat_queries(world, signed_in):
    client = signed_in("manager_a")
    visit = world.visit_a()
    actions.raise_alarm(visit)
    page = client.get(reverse("safety:board")).content.decode()
    assert "hx-get" in page and "refresh the board" in page and world.worker_a.full_name in page
    partial = client.get(reverse("safety:board"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and world.worker_a.full_name in partial

    def grow():
        for n in range(5):
            v = actions.start_visit(worker=world.hub_worker_a, service=world.service_a, place=f"School {n}",
                                    meeting_with="group", expected_end=timezone.now() + dt.timedelta(hours=2))
            if n % 2:
                actions.raise_alarm(v)
                actions.resolve(v, by=world.manager_a, note="Fine.")

    assert_flat_queries(lambda: client.get(reverse("safety:board")), grow)


def test_the_board_is_the_managers_own_services_only(world, signed_in):
    world.visit_a()
    page = signed_in("outsider").get(reverse("safety:board")).content.decode()
    assert world.worker_a.full_name not in page


def test_the_programme_sees_counts_and_nothing_else(world, signed_in):
    visit = world.visit_a()
    actions.raise_alarm(visit)
    page = signed_in("programme_lead").get(reverse("safety:counts")).content.decode()
    assert world.worker_a.full_name not in page and "Library" not in page
    assert re.search(r"Red: alarm raised</dt>\s*<dd[^>]*>1<", page)


def test_managers_set_the_chain(world, signed_in):
    client = signed_in("manager_a")
    url = reverse("safety:chain", kwargs={"ref": world.service_a.uuid})
    response = client.post(url, {"label": "Duty", "wait_minutes": "10", "hours": "always"})
    assert response.status_code == 400 and "Choose a person, or enter a phone number" in response.content.decode()
    client.post(url, {"label": "Host desk", "phone": "07700 900222", "wait_minutes": "10", "hours": "always",
                      "spoke": str(world.spoke_a1.uuid)})
    step = ChainStep.objects.get()
    assert step.spoke == world.spoke_a1 and step.position == 0
    client.post(reverse("safety:chain_remove", kwargs={"ref": world.service_a.uuid, "step": step.uuid}))
    assert not ChainStep.objects.exists()


def test_a_profile_with_a_bad_number_keeps_what_was_typed(world, signed_in):
    response = signed_in("worker_a").post(reverse("safety:profile"), {"phone": "call me", "vehicle": "Red van"})
    page = response.content.decode()
    assert response.status_code == 400 and "Enter a mobile number" in page and "Red van" in page


@pytest.mark.parametrize("minutes", [65, 70, 80])
def test_messages_never_name_the_case(world, minutes, settings):
    settings.HUBSPOKE_SAFETY_TIMINGS = {"amber_grace": 5, "buddy_after": 5, "red_after": 15}
    case = world.case_a()
    visit = actions.start_visit(worker=world.worker_a, service=case.service, spoke=case.spoke, case=case,
                                place="Home visit", meeting_with="young_person",
                                expected_end=timezone.now() + dt.timedelta(hours=1))
    for step in (65, 70, 80)[: (65, 70, 80).index(minutes) + 1]:
        engine.advance(now=visit.started_at + dt.timedelta(minutes=step + 1))
    bodies = " ".join(OutgoingMessage.objects.values_list("body", flat=True))
    assert bodies and "Casey" not in bodies and "Example" not in bodies.replace("example.org", "")
    assert messages  # the module that writes them


def test_the_workers_pages_and_the_alarm_page_keep_flat_queries(world, signed_in, settings):
    settings.HUBSPOKE_SAFETY_TIMINGS = {"amber_grace": 1, "buddy_after": 1, "red_after": 1, "step_wait_cap": 1}
    actions.add_chain_step(service=world.service_a, label="Duty desk", phone="07700 900222", wait_minutes=1,
                           by=world.manager_a)
    visit = world.visit_a()
    actions.raise_alarm(visit)
    worker, manager = signed_in("worker_a"), signed_in("manager_a")

    def grow():
        for n in range(6):  # the chain goes round, and past visits pile up
            engine.advance(now=timezone.now() + dt.timedelta(minutes=2 * (n + 1)))
            v = actions.start_visit(worker=world.worker_a, service=world.service_a, spoke=world.spoke_a1,
                                    place=f"School {n}", meeting_with="group",
                                    expected_end=timezone.now() + dt.timedelta(hours=1))
            actions.finish(v)

    pages = [
        (worker, reverse("safety:index")),
        (worker, reverse("safety:visit", kwargs={"ref": visit.uuid})),
        (manager, reverse("safety:alarm", kwargs={"ref": visit.uuid})),
        (manager, reverse("safety:chain", kwargs={"ref": world.service_a.uuid})),
        (manager, reverse("home")),
    ]
    counts = {}
    from hubspoke.conftest import QueryCounter

    for client, url in pages:
        with QueryCounter() as q:
            assert client.get(url).status_code == 200
        counts[url] = q.count
    grow()
    for client, url in pages:
        with QueryCounter() as q:
            assert client.get(url).status_code == 200
        assert q.count == counts[url], f"{url}: {counts[url]} queries, then {q.count}\n{q.sql()}"


def test_home_pages_show_the_visit_and_the_alarms(world, signed_in):
    visit = world.visit_a()
    assert "Your visit in progress at Library, Church Road" in signed_in("worker_a").get(reverse("home")).content.decode()
    actions.raise_alarm(visit)
    page = signed_in("manager_a").get(reverse("home")).content.decode()
    assert "Lone-working alarms raised" in page and reverse("safety:board") in page


def test_someone_named_on_the_chain_who_does_not_work_at_the_service_is_neither_told_nor_let_in(world, signed_in):
    # The other service's manager, named on this service's chain (or someone who has since left).
    ChainStep.objects.create(service=world.service_a, position=0, label="Former duty manager", person=world.outsider)
    visit = world.visit_a()
    assert signed_in("outsider").get(reverse("safety:alarm", kwargs={"ref": visit.uuid})).status_code == 404
    assert [s.label for s in messages.Chains().of(visit, timezone.now())] == ["The service's managers"]
    actions.raise_alarm(visit)
    told = [r for m in OutgoingMessage.objects.filter(key__contains=":red:") for r in m.recipients]
    assert world.outsider.email not in told and world.manager_a.email in told
