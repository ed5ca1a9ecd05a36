import datetime as dt
import uuid

import pytest
from allauth.mfa.totp.internal.auth import generate_totp_secret
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries, make_person, referral_details
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Role
from hubspoke.referrals import actions
from hubspoke.referrals.models import YoungPersonContact, YoungPersonName


def url(name, person, **query):
    return reverse(f"referrals:{name}", kwargs={"ref": person.uuid})


def form_data(person, **overrides):
    data = {
        "first_name": person.first_name, "last_name": person.last_name, "known_as": person.known_as,
        "date_of_birth_day": person.date_of_birth.day, "date_of_birth_month": person.date_of_birth.month,
        "date_of_birth_year": person.date_of_birth.year, "estimated_age": "", "gender": person.gender,
        "gender_self_described": "", "trans": "not_asked", "ethnicity": "not_known", "first_language": "",
        "disability": "not_known", "learning_disability": "not_known", "autism": "not_known",
        "lgbt": "not_asked", "care_status": "not_known", "local_authority": "", "education_status": "not_known",
        "aliases": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def person(world):
    return world.case_a().young_person


def test_the_record_shows_every_detail_and_is_audited(signed_in, world, person):
    page = signed_in("worker_a").get(url("young_person", person)).content.decode()
    for text in ("Casey Example", "Ethnicity", "Care status", "Learning disability", "Open case, opened",
                 "Show contact details"):
        assert text in page
    assert AuditEvent.objects.filter(action="referrals.youngperson.viewed", subject_ref=str(person.uuid),
                                     actor=world.worker_a).exists()


def test_staff_change_details_and_the_audit_names_fields_not_values(signed_in, world, person):
    client = signed_in("worker_a")
    response = client.post(url("edit_young_person", person), form_data(
        person, ethnicity="mixed_white_black_caribbean", care_status="looked_after", autism="yes",
        first_language="Polish", interpreter_needed="on", aliases="Kacey\nCC Ex",
        gender="self_described", gender_self_described="Genderfluid",
    ))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.ethnicity, person.care_status, person.autism, person.interpreter_needed) == (
        "mixed_white_black_caribbean", "looked_after", "yes", True)
    assert person.gender_self_described == "Genderfluid"
    # Aliases join the names used for matching.
    assert set(YoungPersonName.objects.filter(young_person=person, is_alias=True).values_list("name", flat=True)) \
        == {"Kacey", "CC Ex"}
    event = AuditEvent.objects.get(action="referrals.youngperson.changed", subject_ref=str(person.uuid))
    assert "ethnicity" in event.detail["fields"] and "aliases" in event.detail["fields"]
    assert "Polish" not in str(event.detail) and "Kacey" not in str(event.detail)


def test_nothing_changed_writes_no_audit_row(signed_in, world, person):
    response = signed_in("worker_a").post(url("edit_young_person", person), form_data(person))
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="referrals.youngperson.changed").exists()


def test_bad_input_names_the_field_and_keeps_what_was_typed(signed_in, world, person):
    future = dt.date.today() + dt.timedelta(days=30)
    response = signed_in("worker_a").post(url("edit_young_person", person), form_data(
        person, first_name="", first_language="Tigrinya", date_of_birth_day=future.day,
        date_of_birth_month=future.month, date_of_birth_year=future.year,
    ))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the young person&#x27;s first name" in page and 'value="Tigrinya"' in page
    person.refresh_from_db()
    assert person.first_name == "Casey"


def test_a_date_of_birth_in_the_future_is_refused_by_the_service_rule(signed_in, world, person):
    future = dt.date.today() + dt.timedelta(days=30)
    response = signed_in("worker_a").post(url("edit_young_person", person), form_data(
        person, date_of_birth_day=future.day, date_of_birth_month=future.month, date_of_birth_year=future.year,
    ))
    assert response.status_code == 400 and "Date of birth must be in the past" in response.content.decode()


def test_self_described_gender_needs_the_words(signed_in, world, person):
    response = signed_in("worker_a").post(url("edit_young_person", person), form_data(person, gender="self_described"))
    assert response.status_code == 400 and "Enter how they describe their gender" in response.content.decode()


def test_contact_details_are_for_allocated_workers_and_managers_and_every_look_is_audited(
    signed_in, world, person
):
    worker = signed_in("worker_a")
    response = worker.post(url("young_person_contact", person), {
        "phone": "07700 900123", "email": "", "address": "1 Example Road\nNorthtown", "postcode": "ZZ99 1AA",
    })
    assert response.status_code == 302
    assert YoungPersonContact.objects.get(young_person=person).phone == "07700 900123"
    changed = AuditEvent.objects.get(action="referrals.youngperson.contact_changed")
    assert "07700" not in str(changed.detail)
    assert "07700 900123" in worker.get(url("young_person_contact", person)).content.decode()
    assert "07700 900123" in signed_in("manager_a").get(url("young_person_contact", person)).content.decode()
    assert AuditEvent.objects.filter(action="referrals.youngperson.contact_viewed",
                                     subject_ref=str(person.uuid)).count() >= 2
    # The main record never shows them, even to their allocated worker.
    record = worker.get(url("young_person", person))
    assert record.status_code == 200 and record.wsgi_request.user == world.worker_a
    assert "07700" not in record.content.decode()


def test_a_colleague_who_can_see_the_record_but_is_not_allocated_gets_403(signed_in, world, person, client):
    colleague = make_person("colleague", totp_secret=generate_totp_secret())
    network_actions.add_membership(actor=world.manager_a, person=colleague, role=Role.SPOKE_WORKER,
                                   place=world.spoke_a1, starts_on=dt.date(2024, 1, 1))
    client.force_login(colleague)
    assert client.get(url("young_person", person)).status_code == 200
    assert client.get(url("young_person_contact", person)).status_code == 403
    assert client.post(url("young_person_contact", person), {"phone": "1"}).status_code == 403
    assert AuditEvent.objects.filter(action="audit.access.denied", subject_ref=str(person.uuid)).exists()
    assert not YoungPersonContact.objects.filter(young_person=person).exists()


def test_another_services_staff_get_404(signed_in, world, person):
    client = signed_in("outsider")
    for name in ("young_person", "edit_young_person", "young_person_contact"):
        assert client.get(url(name, person)).status_code == 404
    assert client.post(url("edit_young_person", person), form_data(person, first_name="X")).status_code == 404


def test_the_record_page_is_flat(signed_in, world, person):
    client = signed_in("manager_a")

    def grow():
        for _ in range(3):
            r = actions.submit_partner_referral(
                actor=world.partner_a, agency=world.police_a, service=world.service_a, submission_token=uuid.uuid4(),
                details=referral_details(subject_first_name="Casey", subject_last_name="Example"))
            actions.accept_referral(actor=world.manager_a, referral=r, young_person=person, spoke=world.spoke_a1)

    assert_flat_queries(lambda: client.get(url("young_person", person)), grow)


def test_an_empty_contact_form_for_someone_with_no_details_leaves_no_row(signed_in, world, person):
    response = signed_in("worker_a").post(url("young_person_contact", person),
                                          {"phone": "", "email": "", "address": "", "postcode": ""})
    assert response.status_code == 302
    assert not YoungPersonContact.objects.filter(young_person=person).exists()
    assert not AuditEvent.objects.filter(action="referrals.youngperson.contact_changed").exists()
