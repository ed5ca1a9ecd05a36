"""The rules a referral's details meet whichever way they arrive: a partner's pages, the staff
form, or the actions called directly. Refused consent, like consent not sought, needs a lawful
basis and a reason; a gender described another way needs the words; an estimated age is a
real one."""

import importlib
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from hubspoke.conftest import referral_details
from hubspoke.referrals import actions
from hubspoke.referrals.forms import PartnerReferralForm, StaffReferralForm
from hubspoke.referrals.models import LawfulBasis, Referral
from hubspoke.referrals.queries import services_staff_may_record_for
from hubspoke.referrals.tests.test_referrals import form_data, refer


def submit(world, **details):
    return actions.submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                           submission_token=uuid.uuid4(), details=referral_details(**details))


def record(world, **details):
    return actions.record_referral(actor=world.manager_a, service=world.service_a, submission_token=uuid.uuid4(),
                                   details=referral_details(**details))


@pytest.mark.parametrize("make", [submit, record])
@pytest.mark.parametrize("consent", ["refused", "not_sought"])
@pytest.mark.parametrize(("basis", "reason", "wrong"), [
    ("", "", {"lawful_basis", "consent_reason"}),
    ("safeguarding", "  ", {"consent_reason"}),
    ("", "Asking would put her at risk.", {"lawful_basis"}),
    (LawfulBasis.NOT_RECORDED, "Asking would put her at risk.", {"lawful_basis"}),  # never a referrer's answer
])
def test_without_consent_the_action_needs_a_chosen_basis_and_a_reason(world, make, consent, basis, reason, wrong):
    with pytest.raises(ValidationError) as raised:
        make(world, subject_last_name="Rule", consent=consent, lawful_basis=basis, consent_reason=reason)
    assert set(raised.value.message_dict) == wrong
    assert not Referral.objects.filter(subject_last_name="Rule").exists()


@pytest.mark.parametrize("consent", ["refused", "not_sought"])
def test_without_consent_with_a_basis_and_a_reason_the_referral_is_made(world, consent):
    referral = submit(world, consent=consent, lawful_basis="safeguarding", consent_reason="She would be at risk.")
    assert referral.consent == consent and referral.lawful_basis == "safeguarding"


@pytest.mark.parametrize("consent", ["refused", "not_sought"])
def test_the_database_refuses_a_referral_without_consent_basis_or_reason(world, consent):
    referral = submit(world, consent=consent, lawful_basis="safeguarding", consent_reason="She would be at risk.")
    for blank in ({"lawful_basis": ""}, {"consent_reason": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Referral.objects.filter(pk=referral.pk).update(**blank)


@pytest.mark.parametrize("make", [submit, record])
def test_a_gender_described_another_way_needs_the_words(world, make):
    with pytest.raises(ValidationError) as raised:
        make(world, subject_gender="self_described", subject_gender_self_described=" ")
    assert raised.value.message_dict == {"subject_gender_self_described": ["Enter how they describe their gender"]}


def test_the_words_are_kept_only_with_a_gender_described_another_way(world):
    assert submit(world, subject_gender="girl", subject_gender_self_described="Stray words") \
        .subject_gender_self_described == ""
    assert submit(world, subject_gender="self_described", subject_gender_self_described="Genderfluid") \
        .subject_gender_self_described == "Genderfluid"


def test_the_words_go_with_the_referral_to_the_young_persons_record(world, signed_in):
    referral = submit(world, subject_gender="self_described", subject_gender_self_described="Genderfluid")
    actions.accept_referral(actor=world.manager_a, referral=referral)
    referral.refresh_from_db()
    assert referral.young_person.gender == "self_described"
    assert referral.young_person.gender_self_described == "Genderfluid"
    page = signed_in("manager_a").get(reverse("referrals:detail", kwargs={"ref": referral.uuid}))
    assert page.status_code == 200 and "Genderfluid" in page.content.decode()


@pytest.mark.parametrize("make", [submit, record])
@pytest.mark.parametrize(("age", "message"), [(-1, "Estimated age must be 0 or more"),
                                              (100, "Estimated age must be 99 or less"),
                                              (40, "works with young people aged 8 to 25; this young person is 40")])
def test_an_estimated_age_is_a_real_one_within_the_services_ages(world, make, age, message):
    with pytest.raises(ValidationError) as raised:
        make(world, subject_date_of_birth=None, subject_estimated_age=age)
    assert list(raised.value.message_dict) == ["subject_estimated_age"]
    assert message in raised.value.message_dict["subject_estimated_age"][0]


def test_every_broken_rule_is_reported_at_once(world):
    with pytest.raises(ValidationError) as raised:
        submit(world, subject_date_of_birth=None, subject_estimated_age=-3, consent="refused",
               subject_gender="self_described")
    assert set(raised.value.message_dict) == {"subject_estimated_age", "lawful_basis", "consent_reason",
                                              "subject_gender_self_described"}


def partner_form(world, step=None, **overrides):
    return PartnerReferralForm(form_data(service=world.service_a.pk, **overrides),
                               services=world.service_a.__class__.objects.filter(pk=world.service_a.pk), step=step)


def staff_form(world, **overrides):
    return StaffReferralForm(form_data(service=world.service_a.pk, **overrides),
                             services=services_staff_may_record_for(world.manager_a))


@pytest.mark.parametrize("build", [partner_form, staff_form])
@pytest.mark.parametrize(("overrides", "errors"), [
    ({"consent": "refused"}, {"refused_lawful_basis": "Select the lawful basis for referring without consent",
                              "refused_consent_reason": "Enter why you are referring although they refused"}),
    ({"consent": "not_sought", "not_sought_lawful_basis": "vital_interests"},
     {"not_sought_consent_reason": "Enter why consent was not sought"}),
    # The answers under the other choice do not count.
    ({"consent": "refused", "not_sought_lawful_basis": "safeguarding", "not_sought_consent_reason": "Typed here"},
     {"refused_lawful_basis": "Select the lawful basis for referring without consent",
      "refused_consent_reason": "Enter why you are referring although they refused"}),
    ({"refused_lawful_basis": "not_recorded", "consent": "refused", "refused_consent_reason": "Because"},
     {"refused_lawful_basis": "Select a valid choice. not_recorded is not one of the available choices."}),
    ({"subject_gender": "self_described"}, {"subject_gender_self_described": "Enter how they describe their gender"}),
    ({"subject_date_of_birth_day": "", "subject_date_of_birth_month": "", "subject_date_of_birth_year": "",
      "subject_estimated_age": "-4"}, {"subject_estimated_age": "Estimated age must be 0 or more"}),
    ({"subject_date_of_birth_day": "", "subject_date_of_birth_month": "", "subject_date_of_birth_year": "",
      "subject_estimated_age": "100000"}, {"subject_estimated_age": "Estimated age must be 99 or less"}),
])
def test_the_forms_put_each_rule_beside_its_question(world, build, overrides, errors):
    form = build(world, **overrides)
    assert not form.is_valid()
    assert {name: messages[0] for name, messages in form.errors.items()} == errors


@pytest.mark.parametrize("build", [partner_form, staff_form])
def test_the_forms_hand_the_action_the_chosen_answers_basis_and_reason(world, build):
    form = build(world, consent="refused", refused_lawful_basis="crime_prevention",
                 refused_consent_reason="He would be in danger.", not_sought_consent_reason="Stray",
                 subject_gender="boy", subject_gender_self_described="Stray")
    assert form.is_valid(), form.errors
    details = form.details()
    assert (details["consent"], details["lawful_basis"], details["consent_reason"]) == (
        "refused", "crime_prevention", "He would be in danger.")
    assert details["subject_gender_self_described"] == ""


def test_a_partner_page_checks_only_its_own_questions(world):
    assert partner_form(world, step="concerns", consent="refused", subject_first_name="").is_valid()
    assert not partner_form(world, step="consent", consent="refused").is_valid()


@pytest.mark.parametrize("path", ["partner", "staff"])
def test_refused_consent_with_its_basis_and_reason_is_sent_and_shown_to_staff(signed_in, world, path):
    data = form_data(service=world.service_a.pk, consent="refused", refused_lawful_basis="crime_prevention",
                     refused_consent_reason="He would be in danger.", subject_gender="self_described",
                     subject_gender_self_described="Agender")
    if path == "partner":
        response = refer(signed_in("partner_a"), data)
    else:
        response = signed_in("manager_a").post(reverse("referrals:new"), data)
    assert response.status_code == 302
    referral = Referral.objects.get(subject_last_name="Example")
    assert (referral.consent, referral.lawful_basis, referral.consent_reason) == (
        "refused", "crime_prevention", "He would be in danger.")
    assert referral.subject_gender_self_described == "Agender"
    page = signed_in("manager_a").get(reverse("referrals:detail", kwargs={"ref": referral.uuid})).content.decode()
    assert "Prevention or detection of crime: He would be in danger." in page
    assert "Agender" in page and referral.reference in page


@pytest.mark.parametrize("url", ["referrals:new", "partner"])
def test_the_reveals_are_marked_up_for_govuk_frontend(signed_in, world, url):
    if url == "partner":
        client = signed_in("partner_a")
        token = client.get(reverse("referrals:partner_new"))["Location"].rstrip("/").split("/")[-2]
        pages = [client.get(reverse("referrals:partner_step", kwargs={"token": token, "step": step}))
                 for step in ("young-person", "consent")]
    else:
        pages = [signed_in("manager_a").get(reverse(url))]
    body = "".join(page.content.decode() for page in pages)
    assert all(page.status_code == 200 for page in pages)
    for value, inner in (("self_described", "subject_gender_self_described"),
                         ("refused", "refused_lawful_basis"), ("not_sought", "not_sought_consent_reason")):
        radio = re.search(rf'<input[^>]+value="{value}"[^>]*data-aria-controls="([^"]+)"', body)
        assert radio, value
        reveal = body.index(f'id="{radio.group(1)}"')
        assert "govuk-radios__conditional govuk-radios__conditional--hidden" in body[reveal - 120:reveal]
        assert f'name="{inner}"' in body[reveal:reveal + 6000]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="puts rows from before the rule in with SQLite's pragma")
def test_the_migration_says_plainly_what_older_refused_referrals_did_not_record(world):
    older, with_reason = submit(world, consent="given"), submit(world, consent="given")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            Referral.objects.filter(pk=older.pk).update(consent="refused")
            Referral.objects.filter(pk=with_reason.pk).update(consent="refused", consent_reason="Typed then.")
        finally:
            cursor.execute("PRAGMA ignore_check_constraints = OFF")
    migration = importlib.import_module("hubspoke.referrals.migrations.0008_fill_references_and_older_refused_consent")
    from django.apps import apps

    migration.forwards(apps, None)
    older.refresh_from_db()
    assert older.lawful_basis == LawfulBasis.NOT_RECORDED
    assert older.consent_reason == "Not recorded when the referral was made."
    with_reason.refresh_from_db()
    assert (with_reason.lawful_basis, with_reason.consent_reason) == (LawfulBasis.NOT_RECORDED, "Typed then.")
    assert world.referral_a.reference == Referral.objects.get(pk=world.referral_a.pk).reference  # kept
