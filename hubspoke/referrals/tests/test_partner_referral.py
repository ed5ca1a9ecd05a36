"""A partner's referral, a page at a time, without JavaScript: each page posts and is checked on
the server, what was typed is kept in the partner's own session by the draft's token, and the
referral is made only when it is sent from "Check your answers"."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import referral_details
from hubspoke.referrals import actions, drafts
from hubspoke.referrals.forms import STEP_SLUGS
from hubspoke.referrals.models import Referral
from hubspoke.referrals.tests.test_referrals import form_data, refer, start_referral, step_url

REFERENCE = re.compile(r"^[BCDFGHJKMNPQRSTVWXZ2-9]{4}-[BCDFGHJKMNPQRSTVWXZ2-9]{4}$")


def check_url(token) -> str:
    return reverse("referrals:partner_check", kwargs={"token": token})


@pytest.fixture
def partner(signed_in, world):
    client = signed_in("partner_a")
    assert client.get(reverse("referrals:sent")).status_code == 200  # a partner, signed in
    return client


@pytest.fixture
def data(world):
    return form_data(service=world.service_a.pk, concerns="Picked up from school by an older man.")


def referrals_made() -> int:
    return Referral.objects.filter(subject_last_name="Example").count()


def test_each_page_moves_on_and_nothing_is_a_referral_until_it_is_sent(partner, data, world):
    token = start_referral(partner)
    assert partner.get(step_url(token, "young-person")).status_code == 200
    for step, following in zip(STEP_SLUGS, [*STEP_SLUGS[1:], None], strict=True):
        response = partner.post(step_url(token, step), data)
        assert response.status_code == 302, step
        assert response["Location"] == (step_url(token, following) if following else check_url(token))
        assert referrals_made() == 0
    check = partner.get(check_url(token))
    body = check.content.decode()
    assert check.status_code == 200 and "Check your answers before sending your referral" in body
    for shown in ("Casey Example", "3 September 2010", "Boy or young man", "Picked up from school by an older man.",
                  "Exploitation by peers or in gangs", "Routine", "Given", "Education", "A Teacher"):
        assert shown in body, shown
    assert referrals_made() == 0

    sent = partner.post(check_url(token))
    referral = Referral.objects.get(subject_last_name="Example")
    assert sent.status_code == 302
    assert sent["Location"] == reverse("referrals:sent_confirmation", kwargs={"ref": referral.uuid})
    confirmation = partner.get(sent["Location"])
    text = confirmation.content.decode()
    assert confirmation.status_code == 200 and "Referral sent" in text and "govuk-panel--confirmation" in text
    assert REFERENCE.match(referral.reference) and referral.reference in text
    assert "What happens next" in text and "North Hub aims to decide within" in text
    assert AuditEvent.objects.filter(action="referrals.referral.viewed", actor=world.partner_a,
                                     subject_ref=str(referral.uuid)).exists()


def test_the_reference_shows_in_the_agencys_list_and_on_the_referral(partner, data):
    refer(partner, data)
    referral = Referral.objects.get(subject_last_name="Example")
    assert referral.reference in partner.get(reverse("referrals:sent")).content.decode()
    assert referral.reference in partner.get(
        reverse("referrals:sent_detail", kwargs={"ref": referral.uuid})
    ).content.decode()


def test_an_error_keeps_what_was_typed_on_the_page_and_in_the_draft(partner, data):
    token = start_referral(partner)
    response = partner.post(step_url(token, "young-person"), {**data, "subject_last_name": "",
                                                              "subject_known_as": "Cas, CJ"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the young person&#x27;s last name" in body
    assert 'value="Casey"' in body and 'value="Cas, CJ"' in body and 'value="2010"' in body
    # Away and back again: still there.
    again = partner.get(step_url(token, "young-person")).content.decode()
    assert 'value="Casey"' in again and 'value="Cas, CJ"' in again
    assert referrals_made() == 0


def test_going_back_shows_the_answers_already_given(partner, data):
    token = start_referral(partner)
    partner.post(step_url(token, "young-person"), data)
    partner.post(step_url(token, "concerns"), data)
    consent_page = partner.get(step_url(token, "consent")).content.decode()
    assert f'href="{step_url(token, "concerns")}"' in consent_page  # the back link
    back = partner.get(step_url(token, "concerns")).content.decode()
    assert "Picked up from school by an older man." in back
    assert 'value="peer_gang" checked' in back and 'value="routine" checked' in back
    first = partner.get(step_url(token, "young-person")).content.decode()
    assert 'value="Casey"' in first and 'value="9"' in first and 'value="boy" checked' in first


def test_changing_an_answer_returns_to_check_your_answers_with_the_rest_kept(partner, data):
    token = start_referral(partner)
    refer(partner, data, token=token, send=False)
    change = partner.get(step_url(token, "concerns") + "?change=1")
    assert change.status_code == 200
    assert f'href="{check_url(token)}"' in change.content.decode()  # back to check your answers
    response = partner.post(step_url(token, "concerns") + "?change=1", {**data, "urgency": "immediate"})
    assert response.status_code == 302 and response["Location"] == check_url(token)
    body = partner.get(check_url(token)).content.decode()
    assert "Immediate risk of harm" in body and "Casey Example" in body and "A Teacher" in body
    assert partner.post(check_url(token)).status_code == 302
    assert Referral.objects.get(subject_last_name="Example").urgency == "immediate"


def test_a_change_that_breaks_a_rule_stays_on_its_page(partner, data):
    token = start_referral(partner)
    refer(partner, data, token=token, send=False)
    response = partner.post(step_url(token, "consent") + "?change=1", {**data, "consent": "refused"})
    assert response.status_code == 400
    assert "Select the lawful basis for referring without consent" in response.content.decode()
    # Check your answers will not send it either: back to the page with the problem.
    check = partner.get(check_url(token))
    assert check.status_code == 302 and check["Location"] == step_url(token, "consent")
    assert partner.post(check_url(token)).status_code == 302
    assert referrals_made() == 0


def test_check_your_answers_leads_to_the_first_page_not_yet_answered(partner, data):
    token = start_referral(partner)
    partner.post(step_url(token, "young-person"), data)
    partner.post(step_url(token, "concerns"), data)
    for method in (partner.get, partner.post):
        response = method(check_url(token))
        assert response.status_code == 302 and response["Location"] == step_url(token, "consent")
    assert referrals_made() == 0


def test_the_services_ages_are_checked_again_when_it_is_sent(partner, data, world):
    token = start_referral(partner)
    refer(partner, data, token=token, send=False)
    world.service_a.min_age = 17  # the policy changed while the partner was typing
    world.service_a.save(update_fields=["min_age"])
    response = partner.post(check_url(token))
    assert response.status_code == 302 and response["Location"] == step_url(token, "young-person")
    page = partner.get(response["Location"]).content.decode()
    assert "works with young people aged 17 to 25" in page
    assert referrals_made() == 0


def test_sending_again_or_going_back_after_sending_leads_to_the_one_referral(partner, data):
    token = start_referral(partner)
    first = refer(partner, data, token=token)
    for response in (partner.post(check_url(token)), partner.get(check_url(token)),
                     partner.get(step_url(token, "consent")), partner.post(step_url(token, "consent"), data)):
        assert response.status_code == 302 and response["Location"] == first["Location"]
    assert referrals_made() == 1


def test_what_was_typed_leaves_the_session_once_sent(partner, data):
    token = start_referral(partner)
    refer(partner, data, token=token, send=False)
    assert "Picked up from school" in str(partner.session[drafts.SESSION_KEY])
    partner.post(check_url(token))
    assert "Picked up from school" not in str(partner.session[drafts.SESSION_KEY])


def test_two_tabs_are_two_referrals(partner, data):
    first, second = start_referral(partner), start_referral(partner)
    partner.post(step_url(first, "young-person"), data)
    partner.post(step_url(second, "young-person"), {**data, "subject_first_name": "Robin"})
    assert 'value="Casey"' in partner.get(step_url(first, "young-person")).content.decode()
    assert 'value="Robin"' in partner.get(step_url(second, "young-person")).content.decode()
    for token in (first, second):
        refer(partner, data if token == first else {**data, "subject_first_name": "Robin"}, token=token)
    assert sorted(Referral.objects.filter(subject_last_name="Example").values_list("subject_first_name", flat=True)) \
        == ["Casey", "Robin"]


@pytest.mark.parametrize("whose", ["unknown", "another session", "forgotten"])
def test_a_stale_or_foreign_token_gets_a_plain_start_again_page(partner, data, world, whose):
    if whose == "unknown":
        token = str(uuid.uuid4())
    elif whose == "another session":  # the same person in another browser, or a shared link
        other = Client()
        other.force_login(world.partner_a)
        token = start_referral(other)
        other.post(step_url(token, "young-person"), data)
    else:  # the oldest of too many drafts
        token = start_referral(partner)
        for _ in range(drafts.MAX_DRAFTS):
            start_referral(partner)
    for response in (partner.get(step_url(token, "concerns")), partner.get(check_url(token))):
        assert response.status_code == 200
        assert "Start your referral again" in response.content.decode()
        assert "nothing has been sent" in response.content.decode()
        assert reverse("referrals:partner_new") in response.content.decode()
    response = partner.post(check_url(token))
    assert response.status_code == 400 and "Start your referral again" in response.content.decode()
    assert "Casey" not in response.content.decode()
    assert referrals_made() == 0


def test_an_unknown_page_of_a_draft_is_not_found(partner):
    token = start_referral(partner)
    assert partner.get(step_url(token, "check-answers")).status_code == 404


def test_a_token_already_used_by_someone_else_is_refused_plainly(partner, data, world):
    token = start_referral(partner)
    refer(partner, data, token=token, send=False)
    actions.record_referral(actor=world.manager_a, service=world.service_a, submission_token=uuid.UUID(token),
                            details=referral_details())
    response = partner.post(check_url(token))
    assert response.status_code == 400
    assert "This form has already been used. Start a new referral." in response.content.decode()
    assert referrals_made() == 0


def test_what_the_action_refuses_on_sending_points_at_the_page_to_change(partner, data, monkeypatch):
    token = start_referral(partner)
    refer(partner, data, token=token, send=False)

    def refuse(**kwargs):
        raise ValidationError({"consent_reason": "Enter why consent was not sought",
                               "subject_estimated_age": "Estimated age must be 0 or more"})

    monkeypatch.setattr(actions, "check_referral", refuse)
    response = partner.post(check_url(token))
    body = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in body
    assert f'href="{step_url(token, "young-person")}?change=1#id_subject_estimated_age"' in body
    assert "Enter why consent was not sought" in body  # the consent given has no reason question
    assert referrals_made() == 0
