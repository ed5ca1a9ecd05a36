import datetime as dt
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries, referral_details
from hubspoke.referrals import actions, queries
from hubspoke.referrals.forms import STEP_SLUGS
from hubspoke.referrals.models import Referral, ReferralStatus


def start_referral(client, **headers) -> str:
    """A partner starts a referral: the token of its draft."""
    response = client.get(reverse("referrals:partner_new"), **headers)
    assert response.status_code == 302
    return response["Location"].rstrip("/").split("/")[-2]


def step_url(token, step) -> str:
    return reverse("referrals:partner_step", kwargs={"token": token, "step": step})


def refer(client, data: dict, *, token: str | None = None, send: bool = True, **headers):
    """A partner's referral through every page, posted as a browser without JavaScript would
    (each page takes its own questions from the data); the first page that does not move on, or
    the answer to "Send referral"."""
    token = token or start_referral(client, **headers)
    for step in STEP_SLUGS:
        response = client.post(step_url(token, step), data, **headers)
        if response.status_code != 302:
            return response
    check = reverse("referrals:partner_check", kwargs={"token": token})
    return client.post(check, **headers) if send else client.get(check, **headers)


def form_data(**overrides) -> dict:
    data = {
        "submission_token": str(uuid.uuid4()),
        "subject_first_name": "Casey", "subject_last_name": "Example", "subject_known_as": "",
        "subject_date_of_birth_day": "3", "subject_date_of_birth_month": "9", "subject_date_of_birth_year": "2010",
        "subject_estimated_age": "", "subject_gender": "boy", "subject_local_authority": "",
        "pathway": "education", "referrer_name": "A Teacher", "referrer_role": "Designated safeguarding lead",
        "referrer_phone": "", "referrer_email": "", "concerns": "Older men waiting outside school.",
        "concern_tags": ["peer_gang", "online_element"], "other_agencies_involved": "", "urgency": "routine",
        "consent": "given", "not_sought_lawful_basis": "", "not_sought_consent_reason": "",
        "refused_lawful_basis": "", "refused_consent_reason": "",
    }
    data.update(overrides)
    return data


def test_partner_referral_reaches_the_service_and_emails_managers_a_link_only(
    signed_in, world, django_capture_on_commit_callbacks
):
    client = signed_in("partner_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = refer(client, form_data(service=world.service_a.pk))
    assert response.status_code == 302
    referral = Referral.objects.get(subject_first_name="Casey")
    assert referral.referring_agency == world.police_a and referral.status == ReferralStatus.RECEIVED
    assert referral.created_by == world.partner_a and referral.spoke is None
    assert AuditEvent.objects.filter(action="referrals.referral.created", subject_ref=str(referral.uuid)).exists()
    assert [m.to for m in mail.outbox] == [[world.manager_a.email]]
    body = mail.outbox[0].body
    assert str(referral.uuid) in body
    assert "Casey" not in body and "Example" not in body and "school" not in body


def test_a_double_submitted_form_makes_one_referral(signed_in, world):
    client = signed_in("partner_a")
    data = form_data(service=world.service_a.pk)
    token = start_referral(client)
    first = refer(client, data, token=token)
    second = client.post(reverse("referrals:partner_check", kwargs={"token": token}))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Referral.objects.filter(subject_first_name="Casey").count() == 1


def test_a_double_submitted_staff_form_makes_one_referral(signed_in, world):
    client = signed_in("manager_a")
    data = form_data(service=world.service_a.pk)
    first = client.post(reverse("referrals:new"), data)
    second = client.post(reverse("referrals:new"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Referral.objects.filter(subject_first_name="Casey").count() == 1


def test_a_partner_cannot_set_internal_fields(signed_in, world):
    client = signed_in("partner_a")
    response = refer(client, form_data(
        service=world.service_a.pk, status="accepted", spoke=world.spoke_a1.pk, referring_agency=world.csc_b.pk,
        created_by=world.manager_a.pk, young_person="1", reference="AAAA-AAAA",
    ))
    assert response.status_code == 302
    referral = Referral.objects.get(subject_first_name="Casey")
    assert referral.status == ReferralStatus.RECEIVED and referral.spoke is None
    assert referral.referring_agency == world.police_a and referral.created_by == world.partner_a
    assert referral.reference != "AAAA-AAAA"


def test_a_partner_may_refer_only_to_services_working_in_their_area(signed_in, world):
    client = signed_in("partner_a")
    response = refer(client, form_data(service=world.service_b.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Referral.objects.filter(subject_first_name="Casey").exists()


@pytest.mark.parametrize("path", ["partner", "staff"])
@pytest.mark.parametrize(("overrides", "message", "kept"), [
    ({"subject_date_of_birth_year": str(dt.date.today().year + 1)}, "Date of birth must be in the past", "Example"),
    ({"subject_date_of_birth_year": "1990"}, "works with young people aged 8 to 25", "Example"),
    ({"subject_first_name": ""}, "Enter the young person&#x27;s first name", "Example"),
    ({"consent": "not_sought", "not_sought_consent_reason": "Asking would alert him."},
     "Select the lawful basis for referring without consent", "Asking would alert him."),
    ({"consent": "not_sought", "not_sought_lawful_basis": "safeguarding"}, "Enter why consent was not sought",
     'value="safeguarding" checked'),
    ({"consent": "refused", "refused_consent_reason": "He would be in danger."},
     "Select the lawful basis for referring without consent", "He would be in danger."),
    ({"consent": "refused", "refused_lawful_basis": "crime_prevention"},
     "Enter why you are referring although they refused", 'value="crime_prevention" checked'),
    ({"subject_estimated_age": "15"}, "Give a date of birth or an estimated age, not both", "Example"),
    ({"subject_date_of_birth_year": "", "subject_date_of_birth_month": "", "subject_date_of_birth_day": "",
      "subject_estimated_age": "-1"}, "Estimated age must be 0 or more", "Example"),
    ({"subject_date_of_birth_year": "", "subject_date_of_birth_month": "", "subject_date_of_birth_day": "",
      "subject_estimated_age": "40000"}, "Estimated age must be 99 or less", "Example"),
    ({"subject_gender": "self_described"}, "Enter how they describe their gender", "Example"),
])
def test_bad_input_names_the_field_and_keeps_what_was_typed(signed_in, world, path, overrides, message, kept):
    data = form_data(service=world.service_a.pk, **overrides)
    if path == "partner":
        response = refer(signed_in("partner_a"), data)
    else:
        response = signed_in("manager_a").post(reverse("referrals:new"), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and message in body
    assert kept in body  # nothing typed is lost
    assert "Ensure this value" not in body  # never Django's own wording
    if path == "staff":
        assert "Older men waiting outside school." in body
    assert not Referral.objects.filter(subject_last_name="Example").exists()


def test_staff_record_a_referral_for_their_own_service_only(signed_in, world):
    client = signed_in("worker_a")
    response = client.post(reverse("referrals:new"), form_data(service=world.service_b.pk))
    assert response.status_code == 400
    response = client.post(reverse("referrals:new"), form_data(service=world.service_a.pk,
                                                               referring_agency=world.police_a.pk))
    assert response.status_code == 302
    referral = Referral.objects.get(subject_first_name="Casey")
    assert referral.service == world.service_a and referral.created_by == world.worker_a


def test_referral_page_is_audited_and_its_viewers_listed_for_managers(signed_in, world):
    url = reverse("referrals:detail", kwargs={"ref": world.referral_a.uuid})
    signed_in("hub_worker_a").get(url)
    assert AuditEvent.objects.filter(action="referrals.referral.viewed", actor=world.hub_worker_a).exists()
    manager = signed_in("manager_a")
    response = manager.get(reverse("audit:who_has_seen", kwargs={"kind": "referrals.referral",
                                                                 "ref": world.referral_a.uuid}))
    assert response.status_code == 200
    assert "Hub Worker A" in response.content.decode()


def test_possible_matches_in_scope_and_only_the_service_elsewhere(signed_in, world):
    # Known at this service, spelt differently...
    actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name="Jordon",
                                last_name="Testcase", date_of_birth=dt.date(2011, 5, 17))
    # ...and at another service, under an alias.
    actions.create_young_person(actor=world.outsider, service=world.service_b, first_name="Jo",
                                last_name="Test-Case", aliases=["Jordan"], date_of_birth=dt.date(2011, 5, 18))
    response = signed_in("manager_a").get(reverse("referrals:detail", kwargs={"ref": world.referral_a.uuid}))
    body = response.content.decode()
    assert "Jordon Testcase" in body
    assert "Another service may know this young person: South Hub" in body
    assert world.outsider.email in body  # whom to contact
    assert "Test-Case" not in body and "Jo " not in body  # never the other record itself
    event = AuditEvent.objects.get(action="referrals.match.searched", subject_ref=str(world.referral_a.uuid))
    assert event.detail == {"elsewhere": 1}


def test_partners_never_learn_whether_a_young_person_is_known(signed_in, world):
    actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name="Jordan",
                                last_name="Testcase", date_of_birth=dt.date(2011, 5, 17))
    body = signed_in("partner_a").get(reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid}))
    text = body.content.decode()
    assert "may know" not in text and "existing record" not in text.lower()
    assert "Received" in text


def test_partner_status_is_all_a_partner_sees(signed_in, world):
    Referral.objects.filter(pk=world.referral_a.pk).update(status=ReferralStatus.AWAITING_INFORMATION)
    text = signed_in("partner_a").get(reverse("referrals:sent")).content.decode()
    assert "Being considered: the service has asked for more information" in text


def test_matching_tolerates_spelling_and_a_slightly_wrong_birthday(world):
    person = actions.create_young_person(actor=world.manager_a, service=world.service_a, first_name="Mohammed",
                                         last_name="Rahman", date_of_birth=dt.date(2010, 3, 4))
    found = queries.possible_matches(world.manager_a, first_name="Muhammad", last_name="Rahmen",
                                     date_of_birth=dt.date(2010, 4, 3))
    assert [m.young_person for m in found] == [person]
    assert not queries.possible_matches(world.manager_a, first_name="Ellie", last_name="Jones",
                                        date_of_birth=dt.date(2012, 1, 1))


def test_inbox_shows_decisions_due_and_overdue(signed_in, world):
    Referral.objects.filter(pk=world.referral_a.pk).update(received_at=dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC))
    text = signed_in("manager_a").get(reverse("referrals:inbox")).content.decode()
    assert "Jordan Testcase" in text and "Overdue" in text


def test_inbox_and_sent_list_are_flat(signed_in, world):
    manager = signed_in("manager_a")
    manager.get(reverse("referrals:inbox"))

    def grow():
        for _ in range(20):
            actions.submit_partner_referral(actor=world.partner_a, agency=world.police_a, service=world.service_a,
                                            submission_token=uuid.uuid4(), details=referral_details())

    assert_flat_queries(lambda: manager.get(reverse("referrals:inbox")), grow)
    partner = signed_in("partner_a")
    partner.get(reverse("referrals:sent"))
    assert_flat_queries(lambda: partner.get(reverse("referrals:sent")), grow)


def test_email_link_points_at_the_referral(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        referral = actions.submit_partner_referral(actor=world.partner_a, agency=world.police_a,
                                                   service=world.service_a, submission_token=uuid.uuid4(),
                                                   details=referral_details())
    link = re.search(r"http\S+", mail.outbox[-1].body).group(0)
    assert link.endswith(reverse("referrals:detail", kwargs={"ref": referral.uuid}))


def test_staff_record_when_a_phone_referral_arrived(signed_in, world):
    client = signed_in("manager_a")
    response = client.post(reverse("referrals:new"), form_data(
        service=world.service_a.pk, received_on_day="3", received_on_month="11", received_on_year="2026",
        received_time="16:45",
    ))
    assert response.status_code == 302
    referral = Referral.objects.get(subject_first_name="Casey")
    from django.utils import timezone

    assert timezone.localtime(referral.received_at).strftime("%Y-%m-%d %H:%M") == "2026-11-03 16:45"


def test_a_referral_cannot_arrive_in_the_future(signed_in, world):
    response = signed_in("manager_a").post(reverse("referrals:new"), form_data(
        service=world.service_a.pk, received_on_day="1", received_on_month="1", received_on_year="2099",
    ))
    assert response.status_code == 400
    assert "The date received must not be in the future" in response.content.decode()


def test_inbox_filters_by_where_the_referral_is_held(signed_in, world):
    Referral.objects.filter(pk=world.referral_a.pk).update(spoke=world.spoke_a1)
    client = signed_in("manager_a")
    held_a1 = client.get(reverse("referrals:inbox"), {"spoke": str(world.spoke_a1.uuid)}).content.decode()
    held_a2 = client.get(reverse("referrals:inbox"), {"spoke": str(world.spoke_a2.uuid)}).content.decode()
    assert "Jordan Testcase" in held_a1 and "Jordan Testcase" not in held_a2


def test_email_link_uses_the_host_that_served_the_request(signed_in, world, settings,
                                                          django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = ["hubspoke.example.net"]
    settings.HUBSPOKE_BASE_URL = ""
    client = signed_in("partner_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = refer(client, form_data(service=world.service_a.pk), HTTP_HOST="hubspoke.example.net")
    assert response.status_code == 302
    referral = Referral.objects.get(subject_first_name="Casey")
    link = re.search(r"http\S+", mail.outbox[-1].body).group(0)
    assert link == "http://hubspoke.example.net" + reverse("referrals:detail", kwargs={"ref": referral.uuid})


def test_email_link_uses_the_configured_base_url_whatever_the_host(signed_in, world, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.ALLOWED_HOSTS = ["hubspoke.example.net"]
    settings.HUBSPOKE_BASE_URL = "https://hubspoke.example.org"
    client = signed_in("manager_a")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("referrals:new"), form_data(service=world.service_a.pk),
                               HTTP_HOST="hubspoke.example.net")
    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get(subject_first_name="Casey")
    link = re.search(r"http\S+", mail.outbox[-1].body).group(0)
    assert link == "https://hubspoke.example.org" + reverse("referrals:detail", kwargs={"ref": referral.uuid})
