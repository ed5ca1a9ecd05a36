"""The check every free text passes before it leaves a service."""

import datetime as dt

import pytest

from hubspoke.referrals.actions import update_young_person
from hubspoke.referrals.identifiers import IdentifiersFound, identifiers_in, refuse_identifiers


def found(world, text, service=None):
    hits = identifiers_in({"text": text}, service_ids=[(service or world.service_a).pk]).get("text", [])
    return [(hit.text, hit.what) for hit in hits]


@pytest.mark.parametrize(("text", "expected"), [
    ("Jordan missed two sessions.", [("Jordan", "a name")]),
    ("jordan missed two sessions.", [("jordan", "a name")]),  # lower case is still a name
    ("JORDAN TESTCASE was late.", [("JORDAN TESTCASE", "a name")]),
    ("Spoke to Testcase's carer.", [("Testcase's", "a name")]),
    ("Born 17/05/2011, referred twice.", [("17/05/2011", "a date of birth")]),
    ("DOB 17-5-11.", [("17-5-11", "a date of birth")]),
    ("dob 2011-05-17", [("2011-05-17", "a date of birth")]),
    ("born on the 17th of May 2011", [("17th of May 2011", "a date of birth")]),
    ("born May 17th, 2011", [("May 17th, 2011", "a date of birth")]),
    ("Two referrals were recorded late; one had no date of birth.", []),
    ("Born 18/05/2011.", []),
])
def test_names_and_dates_of_birth_of_referred_young_people_are_found(world, text, expected):
    assert found(world, text) == expected


def test_a_young_persons_record_names_aliases_and_several_word_names_are_found(world):
    person = world.case_a().young_person  # Casey Example
    update_young_person(actor=world.manager_a, person=person, fields={"known_as": "Cee", "last_name": "De Souza"},
                        aliases=["Lil C"])
    assert found(world, "Cee and Lil C were seen with de souza.") == [
        ("Cee", "a name"), ("Lil C", "a name"), ("de souza", "a name")]
    assert found(world, "Spoke to Ms Desouza.") == [("Desouza", "a name")]


def test_a_name_that_is_an_everyday_word_counts_only_as_a_name(world):
    person = world.case_a().young_person
    update_young_person(actor=world.manager_a, person=person, fields={"first_name": "Will", "known_as": ""},
                        aliases=[])
    assert found(world, "Figures will improve next quarter.") == []
    assert found(world, "Will did not attend.") == [("Will", "a name")]


def test_another_services_young_people_are_not_this_services_concern(world):
    assert found(world, "Jordan missed two sessions.", service=world.service_b) == []


def test_refusing_names_the_field_and_what_to_take_out(world):
    with pytest.raises(IdentifiersFound) as refused:
        refuse_identifiers({"notes": "Jordan, born 17/05/2011", "other": "Nothing here."},
                           service_ids=[world.service_a.pk])
    assert set(refused.value.found) == {"notes"}
    assert refused.value.message_dict["notes"] == [
        "Remove what could identify a young person before this leaves the service: “Jordan” (a name), "
        "“17/05/2011” (a date of birth)"]
    refuse_identifiers({"notes": "Two referrals were late."}, service_ids=[world.service_a.pk])


def test_the_check_costs_the_same_however_many_young_people(world, django_assert_num_queries):
    import uuid

    from hubspoke.conftest import referral_details
    from hubspoke.referrals.actions import submit_partner_referral

    with django_assert_num_queries(4):
        identifiers_in({"a": "Jordan", "b": "Nobody"}, service_ids=[world.service_a.pk])
    for n in range(20):
        submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                submission_token=uuid.uuid4(), details=referral_details(
                                    subject_first_name=f"Name{'abcdefghijklmnopqrst'[n]}", subject_date_of_birth=
                                    dt.date(2010, 1, 1) + dt.timedelta(days=n)))
    with django_assert_num_queries(4):
        identifiers_in({"a": "Jordan", "b": "Nobody"}, service_ids=[world.service_a.pk])
