"""Every list page keeps a flat number of queries however many rows it shows."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hubspoke.audit import actions as audit
from hubspoke.conftest import assert_flat_queries, make_person
from hubspoke.network import actions
from hubspoke.network.models import Role


def count_membership_reads(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return sum(1 for q in ctx.captured_queries if 'FROM "network_membership"' in q["sql"]
               and '"network_membership"."person_id" =' in q["sql"])


def test_service_list_is_flat(world, signed_in):
    client = signed_in("programme_lead")
    client.get(reverse("home"))
    counter = iter(range(100))

    def grow():
        for _ in range(8):
            n = next(counter)
            actions.add_service(actor=world.admin, programme=world.programme, phase=world.service_a.phase,
                                name=f"Extra Hub {n}", organisation="Extra", region="london")

    assert_flat_queries(lambda: client.get(reverse("network:service_list")), grow)


def test_service_page_is_flat_in_team_spokes_and_posts(world, signed_in):
    client = signed_in("manager_a")
    url = reverse("network:service_detail", kwargs={"ref": world.service_a.uuid})
    client.get(url)

    def grow():
        for n in range(6):
            spoke = actions.add_spoke(actor=world.admin, service=world.service_a, name=f"Extra spoke {n}",
                                      local_authority=world.spoke_a1.local_authority, model=world.spoke_a1.model,
                                      host_agency=world.police_a, starts_on=dt.date(2025, 1, 1))
            person = make_person(f"extra_worker_{n}")
            actions.add_membership(actor=world.admin, person=person, role=Role.SPOKE_WORKER, place=spoke,
                                   starts_on=dt.date(2025, 1, 1))

    assert_flat_queries(lambda: client.get(url), grow)


def test_who_has_seen_is_flat(world, signed_in):
    client = signed_in("manager_a")
    url = reverse("audit:who_has_seen", kwargs={"kind": "network.service", "ref": world.service_a.uuid})
    client.get(url)

    def grow():
        for persona in ("worker_a", "hub_worker_a", "programme_lead", "evaluator"):
            audit.record_view(actor=world.people[persona], subject=world.service_a, request=None)

    assert_flat_queries(lambda: client.get(url), grow)


def test_home_pages_are_flat(world, signed_in):
    added = iter(range(1000))

    def grow():
        n = next(added)
        for i in range(3):
            actions.add_spoke(actor=world.admin, service=world.service_a, name=f"Home spoke {n}-{i}",
                              local_authority=world.spoke_a1.local_authority, model=world.spoke_a1.model,
                              host_agency=world.police_a, starts_on=dt.date(2025, 1, 1))

    for persona in ("manager_a", "worker_a", "partner_a", "programme_lead", "exchange_lead", "admin"):
        client = signed_in(persona)
        client.get(reverse("home"))
        assert_flat_queries(lambda c=client: c.get(reverse("home")), grow)
