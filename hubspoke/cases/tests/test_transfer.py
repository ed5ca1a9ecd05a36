from django.urls import reverse

from hubspoke.cases.models import Case, CaseClosure, CaseTransfer
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
