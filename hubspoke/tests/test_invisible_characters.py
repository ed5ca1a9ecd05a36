"""Names refuse invisible and control characters (a right-to-left override can make a name
display as another) on every path where a name is typed: forms, the administration site, the
actions themselves and the commands."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from hubspoke.accounts.models import User
from hubspoke.conftest import referral_details
from hubspoke.network import actions as network_actions
from hubspoke.network.models import Agency, AgencyType
from hubspoke.referrals import actions
from hubspoke.referrals.models import Referral, YoungPersonName
from hubspoke.referrals.tests.test_referrals import form_data as referral_form
from hubspoke.referrals.tests.test_referrals import refer
from hubspoke.referrals.tests.test_young_person import form_data as young_person_form

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
ZWSP = "\u200b"  # ZERO WIDTH SPACE


@pytest.mark.parametrize(("field", "message"), [
    ("subject_first_name", "First name must not include invisible or control characters"),
    ("subject_last_name", "Last name must not include invisible or control characters"),
    ("subject_known_as", "Known as or other names must not include invisible or control characters"),
    ("referrer_name", "Referrer&#x27;s name must not include invisible or control characters"),
])
def test_a_referral_form_refuses_a_name_with_a_control_character(signed_in, world, field, message):
    client = signed_in("partner_a")
    before = Referral.objects.count()
    response = refer(client, referral_form(service=world.service_a.pk, **{field: f"Ca{RLO}sey"}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Referral.objects.count() == before


def test_the_referral_action_refuses_it_too(world):
    with pytest.raises(ValidationError) as error:
        actions.record_referral(actor=world.manager_a, service=world.service_a, submission_token=uuid.uuid4(),
                                details=referral_details(subject_last_name=f"Test{ZWSP}case"))
    assert "subject_last_name" in error.value.message_dict


def test_editing_a_young_person_refuses_hidden_characters_in_names_and_other_names(signed_in, world):
    person = world.case_a().young_person
    client = signed_in("worker_a")
    response = client.post(reverse("referrals:edit_young_person", kwargs={"ref": person.uuid}),
                           young_person_form(person, last_name=f"Exa{RLO}mple"))
    assert response.status_code == 400
    assert "Last name must not include invisible or control characters" in response.content.decode()
    response = client.post(reverse("referrals:edit_young_person", kwargs={"ref": person.uuid}),
                           young_person_form(person, aliases=f"Kacey\nCC{ZWSP}Ex"))
    assert response.status_code == 400
    assert "Other names must not include invisible or control characters" in response.content.decode()
    person.refresh_from_db()
    assert person.last_name == "Example"
    assert not YoungPersonName.objects.filter(young_person=person, name__contains="Kacey").exists()


def test_the_young_person_actions_refuse_it_too(world):
    with pytest.raises(ValidationError) as error:
        actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name=f"{RLO}Jo",
                                    last_name="Testcase")
    assert "first_name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name="Jo",
                                    last_name="Testcase", aliases=["J\u2066o"])
    assert "aliases" in error.value.message_dict


def test_the_administration_site_refuses_a_hidden_character_in_a_persons_name(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    response = admin_client.post(reverse("admin:accounts_user_add"),
                                 {"email": "hidden@test.hubspoke.invalid", "full_name": f"Ann{RLO}e Worker"})
    assert response.status_code == 200
    assert "Full name must not include invisible or control characters" in response.content.decode()
    assert not User.objects.filter(email="hidden@test.hubspoke.invalid").exists()
    response = admin_client.post(reverse("admin:accounts_user_change", args=[world.worker_a.pk]),
                                 {"full_name": "Worker\x1bA", "is_active": "on"})
    assert response.status_code == 200
    assert "Full name must not include invisible or control characters" in response.content.decode()


def test_the_administration_site_refuses_a_hidden_character_in_an_agencys_name(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    response = admin_client.post(reverse("admin:network_agency_add"), {
        "name": f"Northshire{ZWSP} Police", "agency_type": AgencyType.POLICE, "local_authority": "",
    })
    assert response.status_code == 200
    assert "Name must not include invisible or control characters" in response.content.decode()
    assert not Agency.objects.filter(name__startswith="Northshire\u200b").exists()


def test_services_and_spokes_refuse_it_in_the_actions(world):
    with pytest.raises(ValidationError) as error:
        network_actions.add_spoke(actor=world.admin, service=world.service_a, name=f"North{RLO} spoke",
                                  local_authority=world.spoke_a1.local_authority, host_agency=world.police_a,
                                  starts_on=world.spoke_a1.starts_on)
    assert "name" in error.value.message_dict


def test_create_administrator_refuses_it(db):
    with pytest.raises(CommandError, match="Full name must not include invisible or control characters"):
        call_command("create_administrator", "a@example.invalid", f"A{RLO}dmin", "--programme", "P")
    assert not User.objects.filter(email="a@example.invalid").exists()


def test_survey_post_titles_refuse_it_in_the_form_and_the_action(signed_in, world):
    import datetime as dt

    from hubspoke.monitoring import actions as monitoring

    survey = monitoring.open_survey(actor=world.programme_lead, programme=world.programme,
                                    as_of=dt.date(2026, 12, 1), due_on=dt.date(2026, 12, 31))
    response = survey.responses.get(service=world.service_a)
    url = reverse("monitoring:survey_response", kwargs={"ref": response.uuid})
    manager = signed_in("manager_a")
    assert manager.get(url).status_code == 200
    funder = world.programme.funders.get()
    page = manager.post(url, {
        "post-TOTAL_FORMS": "1", "post-INITIAL_FORMS": "0", "post-MIN_NUM_FORMS": "0", "post-MAX_NUM_FORMS": "200",
        "post-0-title": f"Hub{RLO} worker", "post-0-fte": "1", "post-0-place": "hub", "post-0-funder": str(funder.uuid),
        "post-0-filled": "filled", "confirm": "1",
    })
    assert page.status_code == 400
    assert "Post 1: Post title must not include invisible or control characters" in page.content.decode()
    with pytest.raises(ValidationError, match="Post 1: Post title must not include"):
        monitoring.save_survey_posts(actor=world.manager_a, response=response, confirm=False, posts=[
            {"title": f"Hub{ZWSP}", "fte": 1, "location": "hub", "spoke": None, "funder": funder, "filled": True}])
