import datetime as dt

from django.urls import reverse
from django.utils import timezone

from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions
from hubspoke.cases.models import ChronologyMark, Contact
from hubspoke.conftest import assert_flat_queries
from hubspoke.lib.dates import today


def chronology(client, case, **query):
    return client.get(reverse("cases:chronology", kwargs={"ref": case.uuid}), query)


def test_the_chronology_is_built_from_the_record(signed_in, world):
    case = world.case_a()
    world.contact_a()  # restricted
    actions.record_contact(actor=world.worker_a, case=case, fields={
        "occurred_at": timezone.now(), "method": "phone", "outcome": "did_not_attend", "notes": "No answer."})
    goal = actions.add_goal(actor=world.worker_a, case=case, element="engagement", goal="Meet every Tuesday.")
    step = actions.add_action(actor=world.worker_a, goal=goal, action="Agree a place to meet", who="Casey",
                              due_on=today())
    actions.set_action_status(actor=world.worker_a, plan_action=step, status="done")
    response = chronology(signed_in("worker_a"), case)
    page = response.content.decode()
    for text in ("Referral received: Police", "Referral accepted", "Case opened", "Worker A became lead worker",
                 "Phone call: they did not come, or did not answer", "No answer.", "Restricted note",
                 "Goal added (engagement and relationship building)", "Meet every Tuesday.", "Action done",
                 "Agree a place to meet"):
        assert text in page, text
    assert "Talked about who she sees" not in page  # a restricted note stays behind its own page
    kinds = [e.kind for e in response.context["events"]]
    # The referral's consent is the young person's first consent record (sharing).
    assert set(kinds) == {"referral", "allocation", "contact", "plan", "sharing"}
    only_contacts = chronology(signed_in("worker_a"), case, kinds="contact").context["events"]
    assert {e.kind for e in only_contacts} == {"contact"} and len(only_contacts) == 2


def test_marking_an_event_significant_and_filtering_by_it(signed_in, world):
    case = world.case_a()
    contact = world.contact_a()
    client = signed_in("worker_a")
    response = client.post(reverse("cases:mark_event", kwargs={"ref": case.uuid}),
                           {"event": str(contact.uuid), "significant": "on", "query": "kinds=contact"})
    assert response.status_code == 302 and response["Location"].endswith("?kinds=contact")
    assert ChronologyMark.objects.filter(case=case, event_ref=contact.uuid).exists()
    events = chronology(client, case, significant="on").context["events"]
    assert [e.ref for e in events] == [str(contact.uuid)]
    client.post(reverse("cases:mark_event", kwargs={"ref": case.uuid}), {"event": str(contact.uuid)})
    assert not ChronologyMark.objects.exists()
    assert AuditEvent.objects.filter(action="cases.chronology.marked").exists()
    assert signed_in("outsider").post(reverse("cases:mark_event", kwargs={"ref": case.uuid}),
                                      {"event": str(contact.uuid), "significant": "on"}).status_code == 404


def test_only_an_event_of_the_case_can_be_marked(signed_in, world):
    import uuid

    case = world.case_a()
    client = signed_in("worker_a")
    mark = reverse("cases:mark_event", kwargs={"ref": case.uuid})
    for event in ("", "not-an-event", str(uuid.uuid4()), str(world.referral_a.uuid)):  # the last: another case's
        assert client.post(mark, {"event": event, "significant": "on"}).status_code == 404, event
    assert not ChronologyMark.objects.exists()
    assert client.post(mark, {"event": str(case.uuid), "significant": "on"}).status_code == 302  # "Case opened"
    assert ChronologyMark.objects.get().event_ref == case.uuid


def test_a_date_range_narrows_it(signed_in, world):
    case = world.case_a()
    events = chronology(signed_in("worker_a"), case, since_day=today().day + 0, since_month=today().month,
                        since_year=today().year + 1).context["events"]
    assert events == []


def test_the_chronology_is_flat(signed_in, world):
    case = world.case_a()
    client = signed_in("worker_a")

    def grow():
        now = timezone.now()
        Contact.objects.bulk_create(
            Contact(case=case, occurred_at=now - dt.timedelta(days=k), method="phone", outcome="attended",
                    present=["young_person"], reached=True, notes=f"Call {k}", recorded_at=now,
                    recorded_by=world.worker_a) for k in range(50))
        actions.add_goal(actor=world.worker_a, case=case, element="growth", goal="Try the boxing club.")

    grow()
    assert_flat_queries(lambda: chronology(client, case), grow)
