"""What a partner sees: the young people whose information was disclosed to their agency, and
for each only the disclosures to that agency and the status of the agency's own referrals.
Everything else about a young person is the same 404 as a page that does not exist."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.referrals.models import YoungPerson
from hubspoke.sharing.tests.helpers import accepted_young_person, partner_of_csc_b, share_with_csc_b, share_with_police

pytestmark = pytest.mark.django_db


def person_page(person):
    return reverse("sharing:partner_person", kwargs={"ref": person.uuid})


def test_partner_home_lists_what_was_shared_with_their_agency(signed_in, world):
    disclosure = world.disclosure_a()
    person = disclosure.young_person
    share_with_police(world, person, summary="A second look at her risk.")
    response = signed_in("partner_a").get(reverse("sharing:partner_home"))
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [(r["uuid"], r["name_given"], r["service_name"], r["disclosure_count"]) for r in rows] == [
        (person.uuid, "Casey Example", "North Hub", 2)]
    assert rows[0]["latest_shared"] == disclosure.shared_on
    assert person_page(person) in response.content.decode()


def test_the_list_is_newest_first_and_flat(signed_in, world):
    older = world.disclosure_a()
    client = signed_in("partner_a")
    client.get(reverse("sharing:partner_home"))  # the scope and the session, read once

    def grow():
        import time_machine

        with time_machine.travel(older.recorded_at.replace(year=older.recorded_at.year + 1), tick=False):
            for name in ("Robin", "Sam", "Alex"):
                share_with_police(world, accepted_young_person(world, name))

    assert_flat_queries(lambda: client.get(reverse("sharing:partner_home")), grow)
    rows = list(client.get(reverse("sharing:partner_home")).context["page"])
    assert len(rows) == 4 and rows[-1]["uuid"] == older.young_person.uuid


def test_a_partner_sees_the_disclosures_to_their_agency_and_nothing_else(signed_in, world):
    disclosure = world.disclosure_a()
    person = disclosure.young_person
    share_with_csc_b(world, person, summary="Only Southshire was told this.")
    client = signed_in("partner_a")
    response = client.get(person_page(person))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Risk is high: seen with older men after school." in page
    assert "Only Southshire was told this." not in page  # another agency's disclosure
    assert "17 May 2011" not in page  # the date of birth was never shared with them
    assert "Seen getting into cars" not in page  # the referral's concerns are the service's record now
    assert reverse("referrals:young_person", kwargs={"ref": person.uuid}) not in page
    # Their own referral of this young person: its status, linking to their referral's page.
    referral = person.referrals.get()
    assert "Accepted" in page and reverse("referrals:sent_detail", kwargs={"ref": referral.uuid}) in page


def test_the_partner_sees_the_name_they_were_given(signed_in, world):
    person = world.disclosure_a().young_person
    YoungPerson.objects.filter(pk=person.pk).update(first_name="Caitlin")  # the record changes afterwards
    page = signed_in("partner_a").get(person_page(person)).content.decode()
    assert "Casey Example" in page and "Caitlin" not in page


def test_each_look_is_audited(signed_in, world):
    person = world.disclosure_a().young_person
    response = signed_in("partner_a").get(person_page(person))
    assert response.status_code == 200
    look = AuditEvent.objects.filter(action="referrals.youngperson.shared_viewed", subject_ref=str(person.uuid))
    assert list(look.values_list("actor", flat=True)) == [world.partner_a.pk]


def test_a_partner_of_another_agency_gets_404_on_everything_of_this_agency(world):
    disclosure = world.disclosure_a()
    person = disclosure.young_person
    other = partner_of_csc_b(world)
    home = other.get(reverse("sharing:partner_home"))
    assert home.status_code == 200 and list(home.context["page"]) == []
    for url in (person_page(person), reverse("sharing:disclosure", kwargs={"ref": disclosure.uuid}),
                reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid}),
                f"{reverse('sharing:request_new')}?person={person.uuid}"):
        assert other.get(url).status_code == 404, url
    denied = AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(person.uuid),
                                       actor=world.made["partner_b"])
    assert denied.exists()


def test_a_young_person_referred_but_never_disclosed_is_only_a_referral_status(signed_in, world):
    """The agency referred Casey and the service accepted her, but nothing was shared: the
    partner sees their referral's status on their referral pages, and no page about her."""
    case = world.case_a()
    person, referral = case.young_person, case.young_person.referrals.get()
    client = signed_in("partner_a")
    assert client.get(person_page(person)).status_code == 404
    home = client.get(reverse("sharing:partner_home"))
    assert home.status_code == 200 and list(home.context["page"]) == []
    sent = client.get(reverse("referrals:sent_detail", kwargs={"ref": referral.uuid}))
    assert sent.status_code == 200 and "Accepted" in sent.content.decode()
    listed = client.get(reverse("referrals:sent"))
    assert listed.status_code == 200 and "Casey" in listed.content.decode()


def test_staff_and_programme_roles_have_no_partner_pages(signed_in, world):
    person = world.disclosure_a().young_person
    for persona in ("manager_a", "worker_a", "outsider", "programme_lead"):
        client = signed_in(persona)
        assert client.get(reverse("sharing:partner_home")).status_code == 404, persona
        assert client.get(person_page(person)).status_code == 404, persona
