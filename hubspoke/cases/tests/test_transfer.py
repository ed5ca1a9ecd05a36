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


def test_the_transfers_list_is_flat(signed_in, world):
    """Out of the manager's service and into it, within it and to another, answered or not."""
    import uuid

    from hubspoke.cases import actions
    from hubspoke.conftest import assert_flat_queries, referral_details
    from hubspoke.referrals import actions as referral_actions

    world.transfer_a()
    client = signed_in("manager_a")
    names = iter(("Ash", "Bea", "Cal", "Dee", "Eli", "Fay"))

    def grow():
        for n in range(6):
            r = referral_actions.submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name=next(names), subject_last_name="Flat"))
            referral_actions.accept_referral(actor=world.manager_a, referral=r, spoke=world.spoke_a1)
            r.refresh_from_db()
            case = actions.allocate_referral(actor=world.manager_a, referral=r, worker=world.worker_a)
            within = n % 2 == 0
            transfer = actions.request_transfer(
                actor=world.worker_a, case=case, to_service=world.service_a if within else world.service_b,
                to_spoke=world.spoke_a2 if within else None, handover_summary="Moving.")
            if n % 3 == 0:
                actions.decline_transfer(actor=world.manager_a if within else world.outsider, transfer=transfer,
                                         reason="Not the right place.")

    assert_flat_queries(lambda: client.get(reverse("cases:transfers")), grow)
    page = client.get(reverse("cases:transfers"))
    assert len(page.context["transfers"]) == 7 and "Fay Flat" in page.content.decode()
