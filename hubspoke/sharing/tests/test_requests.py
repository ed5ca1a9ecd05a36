"""Requests for information: a partner asks (about a young person they can see, or describing
someone), a manager links, shares or decides not to share, and the partner sees the answer:
the disclosure to their agency, or that the service decided not to share and what it wrote
for them (never its own reason)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.notifications.models import Notification
from hubspoke.sharing import actions
from hubspoke.sharing.home_requests import items
from hubspoke.sharing.models import DecisionNotToShare, InformationRequest, RequestStatus
from hubspoke.sharing.tests.helpers import accepted_young_person, partner_of_csc_b, share_with_police

pytestmark = pytest.mark.django_db

NEW = reverse("sharing:request_new")
DESCRIBED = {"about_name": "Riley Unknown", "about_born": "about 14", "about_lives": "Northtown",
             "what_is_needed": "Whether you know her.", "reason": "She was found in a car last night.",
             "categories": ["identity", "risk"], "urgency": "urgent"}


def described_request(world):
    """An open request from the police describing someone, not linked to a record."""
    return actions.request_information(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                       fields={**DESCRIBED, "about": "Name: Riley Unknown\nDate of birth or age: 14"})


def page_of(asked):
    return reverse("sharing:request", kwargs={"ref": asked.uuid})


def test_a_partner_describes_someone_and_the_managers_are_told(signed_in, world):
    client = signed_in("partner_a")
    form = client.get(NEW)
    assert form.status_code == 200
    services = dict(form.context["form"].fields["service"].choices)
    # Police A hosts a spoke of North Hub; it has nothing to do with South Hub.
    assert str(world.service_a.uuid) in services and str(world.service_b.uuid) not in services
    response = client.post(NEW, {**DESCRIBED, "service": str(world.service_a.uuid)})
    assert response.status_code == 302
    asked = InformationRequest.objects.get(agency=world.police_a, young_person=None)
    assert asked.service == world.service_a and asked.status == RequestStatus.OPEN and asked.urgency == "urgent"
    assert "Riley Unknown" in asked.about and "Northtown" in asked.about
    assert Notification.objects.filter(recipient=world.manager_a, kind=actions.NEW_REQUEST,
                                       subject_ref=str(asked.uuid)).exists()
    assert response["Location"] == page_of(asked)


def test_bad_input_is_shown_by_the_field_and_kept(signed_in, world):
    client = signed_in("partner_a")
    response = client.post(NEW, {"about_lives": "Northtown", "service": str(world.service_b.uuid),
                                 "reason": "Kept as typed"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["about_name"] == ["Enter their name"]
    assert errors["about_born"] == ["Enter their date of birth or age"]
    assert errors["service"] == ["Select the service you are asking"]  # South Hub is not one of theirs
    assert errors["what_is_needed"] == ["Enter what you need to know"]
    assert errors["categories"] == ["Select at least one kind of information"]
    assert errors["urgency"] == ["Select how urgent this is"]
    page = response.content.decode()
    assert "There is a problem" in page and "Kept as typed" in page and 'value="Northtown"' in page
    assert not InformationRequest.objects.exists()


def test_asking_about_a_young_person_they_can_see(signed_in, world):
    person = world.disclosure_a().young_person
    client = signed_in("partner_a")
    url = f"{NEW}?person={person.uuid}"
    form = client.get(url)
    assert form.status_code == 200 and "service" not in form.context["form"].fields
    assert "Casey Example" in form.content.decode()
    response = client.post(url, {"what_is_needed": "Her plan.", "reason": "A meeting.", "categories": ["plan"],
                                 "urgency": "routine"})
    assert response.status_code == 302
    asked = InformationRequest.objects.get(young_person=person)
    assert asked.service == world.service_a and asked.about.startswith("Casey Example")


def test_a_young_person_they_cannot_see_is_404(signed_in, world):
    person = world.case_a().young_person  # referred by the police, accepted, never shared
    client = signed_in("partner_a")
    assert client.get(f"{NEW}?person={person.uuid}").status_code == 404
    assert client.post(f"{NEW}?person={person.uuid}", {**DESCRIBED}).status_code == 404
    assert not InformationRequest.objects.exists()


def test_from_a_referral_the_partner_describes_what_they_sent_until_it_is_shared(signed_in, world):
    case = world.case_a()
    referral = case.young_person.referrals.get()
    client = signed_in("partner_a")
    url = f"{NEW}?referral={referral.uuid}"
    # Linked to a record but nothing shared: the page does not say so; it describes what they sent.
    form = client.get(url).context["form"]
    assert form.person is None and form.initial["about_name"] == "Casey Example"
    share_with_police(world, case.young_person)
    form = client.get(url).context["form"]
    assert form.person == case.young_person
    # Another agency's referral is the ordinary 404.
    assert partner_of_csc_b(world).get(url).status_code == 404


def test_partners_see_their_agency_requests_and_managers_the_open_ones_first(signed_in, world):
    answered = world.request_a()
    share_with_police(world, answered.young_person, information_request=answered)
    waiting = described_request(world)
    managers = signed_in("manager_a").get(reverse("sharing:requests"))
    assert managers.status_code == 200 and [r.pk for r in managers.context["page"]] == [waiting.pk, answered.pk]
    partners = signed_in("partner_a").get(reverse("sharing:requests"))
    assert {r.pk for r in partners.context["page"]} == {waiting.pk, answered.pk}
    other = partner_of_csc_b(world)
    assert list(other.get(reverse("sharing:requests")).context["page"]) == []
    for url in (page_of(waiting), page_of(answered)):
        assert other.get(url).status_code == 404
        assert signed_in("outsider").get(url).status_code == 404
        assert signed_in("hub_worker_a").get(url).status_code == 404


def test_the_request_lists_are_flat(signed_in, world):
    described_request(world)
    manager, partner = signed_in("manager_a"), signed_in("partner_a")

    def grow():
        for _ in range(3):
            described_request(world)

    assert_flat_queries(lambda: manager.get(reverse("sharing:requests")), grow)
    assert_flat_queries(lambda: partner.get(reverse("sharing:requests")), grow)


def test_a_manager_links_a_described_request_to_a_record(signed_in, world):
    asked = described_request(world)
    person = accepted_young_person(world, "Riley", "Unknown")
    client = signed_in("manager_a")
    link = reverse("sharing:request_link", kwargs={"ref": asked.uuid})
    assert client.get(link).status_code == 200
    empty = client.post(link, {})
    assert empty.status_code == 400 and empty.context["form"].errors["name"] == ["Enter a name or a date of birth"]
    found = client.post(link, {"name": "Riley"})
    assert found.status_code == 200 and found.context["people"] == [person]
    assert AuditEvent.objects.filter(action="referrals.youngperson.searched", actor=world.manager_a).exists()
    chosen = client.post(link, {"young_person": str(person.uuid)})
    assert chosen.status_code == 302
    asked.refresh_from_db()
    assert asked.young_person == person
    assert AuditEvent.objects.filter(action="sharing.request.linked", subject_ref=str(asked.uuid)).exists()
    # The partner still reads their own description, not the record.
    page = signed_in("partner_a").get(page_of(asked)).content.decode()
    assert reverse("referrals:young_person", kwargs={"ref": person.uuid}) not in page


def test_a_record_of_another_service_cannot_be_linked(signed_in, world):
    asked = described_request(world)
    response = signed_in("manager_a").post(reverse("sharing:request_link", kwargs={"ref": asked.uuid}),
                                           {"young_person": str(world.case_a().young_person.uuid)})
    assert response.status_code == 302  # North Hub's own: fine
    other = described_request(world)
    outsider_person = world.case_a().young_person
    response = signed_in("outsider").post(reverse("sharing:request_link", kwargs={"ref": other.uuid}),
                                          {"young_person": str(outsider_person.uuid)})
    assert response.status_code == 404  # not South Hub's request
    assert InformationRequest.objects.get(pk=other.pk).young_person is None


def test_deciding_not_to_share_tells_the_partner_only_what_was_written_for_them(signed_in, world):
    asked = described_request(world)
    client = signed_in("manager_a")
    decline = reverse("sharing:request_decline", kwargs={"ref": asked.uuid})
    assert client.get(decline).status_code == 200
    empty = client.post(decline, {"reason": "   "})
    assert empty.status_code == 400
    assert empty.context["form"].errors == {"reason": ["Enter why it was not shared"],
                                            "told_to_agency": ["Enter what we tell the agency"]}
    response = client.post(decline, {"reason": "Our own record: her mother is the risk.",
                                     "told_to_agency": "We do not know a young person of that name."})
    assert response.status_code == 302
    decision = DecisionNotToShare.objects.get(information_request=asked)
    assert decision.told_to_agency == "We do not know a young person of that name."
    asked.refresh_from_db()
    assert asked.status == RequestStatus.NOT_SHARED
    assert Notification.objects.filter(recipient=world.partner_a, kind=actions.REQUEST_ANSWERED).exists()
    page = signed_in("partner_a").get(page_of(asked)).content.decode()
    assert "We do not know a young person of that name." in page
    assert "her mother is the risk" not in page
    # Answered: no second answer.
    again = client.post(decline, {"reason": "x", "told_to_agency": "y"})
    assert again.status_code == 302 and DecisionNotToShare.objects.count() == 1


def test_a_linked_request_is_declined_from_the_record(signed_in, world):
    asked = world.request_a()
    response = signed_in("manager_a").post(reverse("sharing:request_decline", kwargs={"ref": asked.uuid}),
                                           {"reason": "x", "told_to_agency": "y"})
    assert response.status_code == 302 and not DecisionNotToShare.objects.exists()


def test_partners_and_other_staff_cannot_answer(signed_in, world):
    asked = described_request(world)
    for name in ("request_decline", "request_link"):
        url = reverse(f"sharing:{name}", kwargs={"ref": asked.uuid})
        assert signed_in("partner_a").post(url, {"reason": "x", "told_to_agency": "y"}).status_code == 403
        assert signed_in("worker_a").get(url).status_code == 404
    assert InformationRequest.objects.get(pk=asked.pk).status == RequestStatus.OPEN


def test_the_partner_sees_what_was_shared_in_answer(signed_in, world):
    asked = world.request_a()
    share_with_police(world, asked.young_person, summary="Her risk is now medium.", information_request=asked)
    asked.refresh_from_db()
    assert asked.status == RequestStatus.SHARED
    response = signed_in("partner_a").get(page_of(asked))
    assert response.status_code == 200 and "Her risk is now medium." in response.content.decode()
    assert AuditEvent.objects.filter(action="sharing.informationrequest.viewed", actor=world.partner_a).exists()
    # The manager's look at a linked request is a look at the young person's record.
    signed_in("manager_a").get(page_of(asked))
    assert AuditEvent.objects.filter(action="referrals.youngperson.viewed", actor=world.manager_a,
                                     subject_ref=str(asked.young_person.uuid)).exists()


def test_answering_about_another_young_person_is_refused(world):
    from django.core.exceptions import ValidationError

    asked = world.request_a()
    other = accepted_young_person(world, "Robin")
    with pytest.raises(ValidationError):
        share_with_police(world, other, information_request=asked)


def test_the_managers_to_do_shows_open_requests(world):
    from hubspoke.network.scoping import scope_for

    assert items(world.manager_a, scope_for(world.manager_a)) == []
    described_request(world)
    world.request_a()
    [item] = items(world.manager_a, scope_for(world.manager_a))
    assert item.count == 2 and item.urgent and "1 urgent" in item.label
    assert item.url == reverse("sharing:requests")
    assert items(world.outsider, scope_for(world.outsider)) == []
    assert items(world.partner_a, scope_for(world.partner_a)) == []


def test_a_partner_asks_from_their_referral_page(signed_in, world):
    page = signed_in("partner_a").get(reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid}))
    assert page.status_code == 200
    assert f"{NEW}?referral={world.referral_a.uuid}" in page.content.decode()
    form = signed_in("partner_a").get(f"{NEW}?referral={world.referral_a.uuid}")
    assert form.status_code == 200 and form.context["form"].initial["service"] == str(world.service_a.uuid)


def test_an_answer_stops_asking_the_managers_and_tells_the_agencys_partners(world):
    from hubspoke.conftest import make_person
    from hubspoke.network.actions import add_membership
    from hubspoke.network.models import Role

    colleague = make_person("partner_a2")
    add_membership(actor=world.admin, person=colleague, role=Role.PARTNER, place=world.police_a,
                   starts_on=world.memberships["partner_a"].starts_on)
    asked = world.request_a()
    asking = Notification.objects.filter(kind=actions.NEW_REQUEST, subject_ref=str(asked.uuid))
    assert asking.filter(recipient=world.manager_a, resolved_at__isnull=True).exists()
    share_with_police(world, asked.young_person, information_request=asked)
    assert not asking.filter(resolved_at__isnull=True).exists()
    told = set(Notification.objects.filter(kind=actions.REQUEST_ANSWERED, subject_ref=str(asked.uuid))
               .values_list("recipient_id", flat=True))
    assert told == {world.partner_a.pk, colleague.pk}
