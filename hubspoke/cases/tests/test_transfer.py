from django.test import Client
from django.urls import reverse

from hubspoke.assessments import actions as assessment_actions
from hubspoke.assessments.tests.tool_examples import SMALL
from hubspoke.audit.models import AuditEvent
from hubspoke.cases import actions
from hubspoke.cases.models import Case, CaseClosure, CaseTransfer
from hubspoke.cases.tests.test_levels import assess
from hubspoke.conftest import make_person
from hubspoke.lib.dates import today
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Role
from hubspoke.notifications.models import Notification
from hubspoke.referrals.models import YoungPerson, YoungPersonContact


def test_a_case_transfers_to_another_service_and_each_side_sees_only_its_own(signed_in, world):
    case = world.case_a()
    YoungPersonContact.objects.create(young_person=case.young_person, phone="07700 900555")
    worker = signed_in("worker_a")
    page = worker.get(reverse("cases:transfer", kwargs={"ref": case.uuid})).content.decode()
    destination = f"{world.service_b.uuid}:"
    assert f'value="{destination}"' in page
    response = worker.post(reverse("cases:transfer", kwargs={"ref": case.uuid}), {
        "destination": destination, "handover_summary": "Moved to Southshire with her aunt; risk medium."})
    assert response.status_code == 302
    transfer = CaseTransfer.objects.get()
    assert Notification.objects.filter(recipient=world.outsider, kind="cases.transfer").exists()
    # The receiving manager (South Hub's) accepts with a lead worker from their service.
    receiving = signed_in("outsider")
    to_do = {i.label: i.count for i in receiving.get(reverse("home")).context["to_do"]}
    assert to_do["Transfers waiting for your answer"] == 1
    page = receiving.get(reverse("cases:transfer_detail", kwargs={"ref": transfer.uuid})).content.decode()
    assert "Moved to Southshire with her aunt" in page
    response = receiving.post(reverse("cases:accept_transfer", kwargs={"ref": transfer.uuid}),
                              {"worker": str(world.outsider.uuid)})
    assert response.status_code == 302
    new_case = Case.objects.get(service=world.service_b)
    copy = new_case.young_person
    assert copy.service == world.service_b and copy.first_name == "Casey" and copy.pk != case.young_person_id
    assert YoungPersonContact.objects.get(young_person=copy).phone == "07700 900555"
    case.refresh_from_db()
    assert case.status == "closed" and CaseClosure.objects.get(case=case).reason == "transferred"
    assert "Handover: Moved to Southshire" in receiving.get(
        reverse("cases:detail", kwargs={"ref": new_case.uuid})).content.decode()
    # The sending side keeps its own closed case and learns only that it was accepted.
    worker = signed_in("worker_a")
    page = worker.get(reverse("cases:detail", kwargs={"ref": case.uuid})).content.decode()
    assert "Transfer to South Hub: accepted" in page
    events = worker.get(reverse("cases:chronology", kwargs={"ref": case.uuid})).content.decode()
    assert "Transfer to South Hub asked for" in events and "Transfer accepted" in events
    assert worker.get(reverse("cases:detail", kwargs={"ref": new_case.uuid})).status_code == 404
    assert signed_in("manager_a").get(reverse("referrals:young_person", kwargs={"ref": copy.uuid})).status_code == 404


def test_a_transfer_to_another_spoke_of_the_service_moves_the_case(signed_in, world):
    case = world.case_a()
    manager = signed_in("manager_a")
    manager.post(reverse("cases:transfer", kwargs={"ref": case.uuid}), {
        "destination": f"{world.service_a.uuid}:{world.spoke_a2.uuid}", "handover_summary": "Moved across town."})
    transfer = CaseTransfer.objects.get()
    response = manager.post(reverse("cases:accept_transfer", kwargs={"ref": transfer.uuid}),
                            {"worker": str(world.manager_a.uuid)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "open" and case.spoke == world.spoke_a2
    assert YoungPerson.objects.get(pk=case.young_person_id).spoke == world.spoke_a2
    assert signed_in("worker_a").get(reverse("cases:detail", kwargs={"ref": case.uuid})).status_code == 404


def test_a_declined_transfer_tells_the_sender_why(signed_in, world):
    transfer = world.transfer_a()
    receiving = signed_in("outsider")
    response = receiving.post(reverse("cases:decline_transfer", kwargs={"ref": transfer.uuid}), {"reason": ""})
    assert response.status_code == 400 and "Enter why the transfer is declined" in response.content.decode()
    receiving.post(reverse("cases:decline_transfer", kwargs={"ref": transfer.uuid}),
                   {"reason": "She lives in our neighbour's area; refer to them."})
    page = signed_in("worker_a").get(reverse("cases:detail", kwargs={"ref": world.case_a().uuid})).content.decode()
    assert "declined" in page and "refer to them" in page
    assert signed_in("manager_a").post(reverse("cases:accept_transfer", kwargs={"ref": transfer.uuid}),
                                       {"worker": str(world.manager_a.uuid)}).status_code == 404


def _spoke_transfer_world(world):
    """Case A (spoke A1, led by worker A) with one of every kind of record, moved to spoke A2
    and led there by a new spoke worker."""
    case = world.case_a()
    person = case.young_person
    YoungPersonContact.objects.create(young_person=person, phone="07700 900123")
    referral = case.case_referrals.get().referral
    tool, _ = assessment_actions.import_tool(source=SMALL)
    screening = assessment_actions.start_assessment(actor=world.manager_a, tool=tool, referral=referral)
    completed = assess(world, person, on=today())
    records = {"contact": world.contact_a(), "missing": world.missing_a(), "screening": screening,
               "assessment": completed, "referral": referral, "draft": world.assessment_a()}
    newcomer = make_person("spoke_a2_worker", totp_secret=world.totp_secrets["worker_a"])
    network_actions.add_membership(actor=world.admin, person=newcomer, role=Role.SPOKE_WORKER, place=world.spoke_a2,
                                   starts_on=today(), caseload_capacity=10)
    transfer = actions.request_transfer(actor=world.worker_a, case=case, to_service=world.service_a,
                                        to_spoke=world.spoke_a2, handover_summary="Moved across town.")
    actions.accept_transfer(actor=world.manager_a, transfer=transfer, worker=newcomer)
    return case, records, newcomer


def _every_record_of(case, records):
    person = case.young_person
    c, yp = {"ref": case.uuid}, {"ref": person.uuid}
    return [
        ("referrals:young_person", yp), ("referrals:edit_young_person", yp), ("referrals:young_person_contact", yp),
        ("referrals:detail", {"ref": records["referral"].uuid}),
        ("assessments:young_person", yp), ("assessments:referral", {"ref": records["referral"].uuid}),
        ("assessments:detail", {"ref": records["assessment"].uuid}),
        ("assessments:detail", {"ref": records["screening"].uuid}),
        ("assessments:detail", {"ref": records["draft"].uuid}),
        *[(f"cases:{name}", c) for name in ("detail", "contacts", "plan", "chronology", "missing", "meetings",
                                            "outcomes", "close", "transfer", "new_contact")],
        ("cases:restricted_note", {"ref": case.uuid, "contact": records["contact"].uuid}),
        ("cases:missing_episode", {"ref": case.uuid, "episode": records["missing"].uuid}),
    ]


def test_after_a_transfer_between_spokes_every_record_goes_with_the_work(world):
    case, records, newcomer = _spoke_transfer_world(world)
    old, new = Client(), Client()
    old.force_login(world.worker_a)
    new.force_login(newcomer)
    wrong = []
    for name, kwargs in _every_record_of(case, records):
        url = reverse(name, kwargs=kwargs)
        for client, who, expected in ((old, "old spoke's worker", 404), (new, "new spoke's worker", 200)):
            status = client.get(url).status_code
            if status != expected:
                wrong.append(f"{name} for the {who}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)
    # What was made at spoke A1 still says so (the returns count it there); it is seen at A2.
    records["draft"].refresh_from_db()
    records["referral"].refresh_from_db()
    assert records["draft"].spoke == world.spoke_a1 and records["referral"].spoke == world.spoke_a1


def test_a_move_between_spokes_is_audited(world):
    case, _, _ = _spoke_transfer_world(world)
    moved = AuditEvent.objects.get(subject_ref=str(case.young_person.uuid), action="referrals.youngperson.moved")
    assert moved.detail == {"from": str(world.spoke_a1.uuid), "to": str(world.spoke_a2.uuid)}


def test_copying_a_young_person_to_another_service_is_audited(world):
    case = world.case_a()
    YoungPersonContact.objects.create(young_person=case.young_person, phone="07700 900555")

    actions.accept_transfer(actor=world.outsider, transfer=world.transfer_a(), worker=world.outsider)
    copy = Case.objects.get(service=world.service_b).young_person
    assert AuditEvent.objects.filter(action="referrals.youngperson.copied", subject_ref=str(case.young_person.uuid),
                                     detail__copy=str(copy.uuid)).exists()
    contact = AuditEvent.objects.get(action="referrals.youngperson.contact_changed", subject_ref=str(copy.uuid))
    assert contact.detail == {"fields": ["phone"], "copied": True}
