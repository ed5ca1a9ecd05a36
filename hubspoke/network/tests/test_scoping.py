
import pytest
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.lib.dates import today
from hubspoke.network import actions, scoping
from hubspoke.network.models import Membership


def visible_service_names(user):
    return set(scoping.services_visible_to(user).values_list("name", flat=True))


def test_manager_sees_own_service_only(world):
    assert visible_service_names(world.manager_a) == {"North Hub"}
    assert visible_service_names(world.outsider) == {"South Hub"}


def test_spoke_worker_sees_own_spoke_not_siblings(world):
    spokes = set(scoping.spokes_visible_to(world.worker_a).values_list("name", flat=True))
    assert spokes == {"North Police Spoke"}


def test_hub_worker_and_manager_see_every_spoke_of_their_service(world):
    for person in (world.manager_a, world.hub_worker_a):
        spokes = set(scoping.spokes_visible_to(person).values_list("name", flat=True))
        assert spokes == {"North Police Spoke", "North Outreach Spoke"}


def test_partner_sees_no_service_pages(world):
    assert visible_service_names(world.partner_a) == set()
    assert not scoping.spokes_visible_to(world.partner_a).exists()


def test_programme_roles_see_the_whole_network_but_never_people(world):
    for person in (world.programme_lead, world.evaluator, world.exchange_lead, world.admin):
        assert visible_service_names(person) == {"North Hub", "South Hub"}
        assert scoping.scope_for(person).sees_people is False


def test_records_rule_by_role(world):
    records_a1 = Membership.objects.filter(spoke=world.spoke_a1)  # held at spoke A1
    records_hub = Membership.objects.filter(service=world.service_a)  # held at hub A (no spoke)

    def sees(person, qs):
        return qs.filter(scoping.records_q(person, service="service", spoke="spoke")).exists()

    assert sees(world.worker_a, records_a1)
    assert not sees(world.worker_a, records_hub)
    assert sees(world.hub_worker_a, records_hub)
    assert sees(world.manager_a, records_hub)
    assert not sees(world.outsider, records_hub)
    # Partners match only through the agency field, and only when the model has one.
    records_from_police = Membership.objects.filter(agency=world.police_a)
    assert records_from_police.filter(
        scoping.records_q(world.partner_a, service="service", spoke="spoke", agency="agency")
    ).exists()
    assert not records_a1.filter(scoping.records_q(world.partner_a, service="service", spoke="spoke")).exists()


def test_ending_a_membership_takes_effect_on_the_next_request(world, signed_in):
    client = signed_in("worker_a")
    url = reverse("network:spoke_detail", kwargs={"ref": world.spoke_a1.uuid})
    assert client.get(url).status_code == 200
    actions.end_membership(
        actor=world.manager_a, membership=world.memberships["worker_a"], reason="Moved to another service",
    )
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="network.membership.ended",
                                     subject_ref=str(world.memberships["worker_a"].uuid)).exists()


def test_membership_must_match_its_role(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.add_membership(actor=world.admin, person=world.worker_a, role="spoke_worker", place=world.service_a)


def test_database_refuses_a_membership_at_the_wrong_kind_of_place(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(person=world.worker_a, role="partner", service=world.service_a, starts_on=today())


def test_scope_is_read_once_per_request(world, signed_in, django_assert_max_num_queries):
    client = signed_in("manager_a")
    client.get(reverse("home"))  # warm the session
    from hubspoke.tests.test_queries import count_membership_reads

    assert count_membership_reads(client, reverse("network:service_list")) == 1


def test_service_page_links_only_the_spokes_a_person_may_open(world, signed_in):
    body = signed_in("worker_a").get(reverse("network:service_detail", kwargs={"ref": world.service_a.uuid}))
    html = body.content.decode()
    assert reverse("network:spoke_detail", kwargs={"ref": world.spoke_a1.uuid}) in html
    assert reverse("network:spoke_detail", kwargs={"ref": world.spoke_a2.uuid}) not in html
    assert "North Outreach Spoke" in html  # named, just not linked
