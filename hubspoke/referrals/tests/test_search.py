"""Finding things again: a referral closed without a decision has its own view, and a young
person can be looked up by name, alias or date of birth, within scope, each search audited."""

import datetime as dt
import uuid

from django.test import Client
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries, referral_details
from hubspoke.referrals import actions
from hubspoke.referrals.actions import submit_partner_referral


def client_of(person):
    client = Client()
    client.force_login(person)
    return client


def search(client, **params):
    query = {"name": params.get("name", "")}
    if "dob" in params:
        day = params["dob"]
        query.update(date_of_birth_day=day.day, date_of_birth_month=day.month, date_of_birth_year=day.year)
    return client.post(reverse("referrals:search"), query)


def test_a_referral_closed_without_a_decision_is_found_in_its_own_view(world):
    actions.close_referral(actor=world.manager_a, referral=world.referral_a, notes="A duplicate of another.")
    response = client_of(world.manager_a).get(reverse("referrals:inbox"), {"status": "closed"})
    assert response.status_code == 200
    assert [row["referral"] for row in response.context["rows"]] == [world.referral_a]
    assert "Jordan Testcase" in response.content.decode()
    assert "?status=closed" in client_of(world.manager_a).get(reverse("referrals:inbox")).content.decode()


def test_a_young_person_is_found_by_name_alias_or_date_of_birth(world):
    person = world.case_a().young_person  # Casey Example, born 17 May 2011
    actions.update_young_person(actor=world.manager_a, person=person, fields={"known_as": "Cee"}, aliases=["Kc"])
    manager = client_of(world.manager_a)
    for params in ({"name": "casey"}, {"name": "Exam"}, {"name": "Cee"}, {"name": "Kc"}, {"name": "Casie Exampel"},
                   {"dob": dt.date(2011, 5, 17)}, {"name": "Casey", "dob": dt.date(2011, 5, 17)}):
        response = search(manager, **params)
        assert response.status_code == 200, params
        assert response.context["people"] == [person], params
    assert search(manager, name="Casey", dob=dt.date(2011, 5, 18)).context["people"] == []
    # The world's other referral is not linked yet: found as a referral, closed or not.
    actions.close_referral(actor=world.manager_a, referral=world.referral_a, notes="Withdrawn.")
    response = search(manager, name="Jordan")
    assert response.context["referrals"] == [world.referral_a] and response.context["people"] == []


def test_search_stays_within_scope(world):
    world.case_a()
    assert search(client_of(world.outsider), name="Casey").context["people"] == []  # another service
    assert search(client_of(world.hub_worker_a), name="Casey").context["people"] == []  # held at a spoke
    assert search(client_of(world.worker_a), name="Casey").status_code == 200
    assert search(client_of(world.partner_a), name="Casey").status_code == 404
    assert search(client_of(world.evaluator), name="Casey").status_code == 404


def test_a_search_is_audited_without_what_was_typed(world):
    world.case_a()
    response = search(client_of(world.worker_a), name="Casey", dob=dt.date(2011, 5, 17))
    event = AuditEvent.objects.get(action="referrals.youngperson.searched", request_id=response["X-Request-ID"])
    assert event.actor == world.worker_a
    assert event.detail == {"by": ["name", "date_of_birth"], "found": 1}
    assert "Casey" not in str(event.detail) and "2011" not in str(event.detail)


def test_an_empty_search_asks_for_something(world):
    response = client_of(world.worker_a).post(reverse("referrals:search"), {"name": ""})
    assert response.status_code == 400
    assert "Enter a name or a date of birth" in response.content.decode()
    assert client_of(world.worker_a).get(reverse("referrals:search")).status_code == 200  # the empty page


def test_what_was_searched_for_is_never_in_the_address(world):
    world.case_a()
    response = search(client_of(world.worker_a), name="Casey")
    assert response.status_code == 200 and response.context["people"]
    assert response.request["PATH_INFO"] == reverse("referrals:search") and not response.request.get("QUERY_STRING")
    assert '<form method="post"' in response.content.decode()


def test_search_costs_the_same_queries_however_many_match(world):
    manager = client_of(world.manager_a)

    def grow():
        for _ in range(12):
            submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                    submission_token=uuid.uuid4(), details=referral_details())

    assert_flat_queries(lambda: search(manager, name="Jordan"), grow)
