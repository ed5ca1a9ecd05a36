"""Young people's feedback on their support: by hand-over on the worker's device, by a
single-use link, or declined; where it shows; who may see and record it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import assert_flat_queries
from hubspoke.outbox.models import OutgoingMessage
from hubspoke.participation import actions, queries
from hubspoke.participation.models import FeedbackLink, FeedbackWay, SupportFeedback
from hubspoke.referrals.models import YoungPersonContact

pytestmark = pytest.mark.django_db

ANSWERS = {"helping": "4", "listened": "5", "say": "3", "anything_else": "Can we meet after school instead?"}
PASSWORD = "a-long-test-password-42"


def feedback_url(world):
    return reverse("participation:case", kwargs={"ref": world.case_a().uuid})


# --- Hand-over on the worker's device ------------------------------------------------------


def start_handover(client, world):
    return client.post(reverse("participation:start_handover", kwargs={"ref": world.case_a().uuid}),
                       {"hand_over": "yes"})


def test_in_hand_over_mode_every_other_page_answers_with_the_questions(signed_in, world):
    client = signed_in("worker_a")
    assert start_handover(client, world)["Location"] == reverse("participation:handover")
    page = client.get(reverse("participation:handover"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Casey" not in text and "North" not in text and "Hubspoke" not in text
    for url in (reverse("cases:detail", kwargs={"ref": world.case_a().uuid}), reverse("home"), reverse("cases:mine"),
                reverse("admin:index"), feedback_url(world)):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (303, reverse("participation:handover")), url
    # A write elsewhere is not made either: no view runs.
    before = SupportFeedback.objects.count()
    response = client.post(reverse("participation:declined", kwargs={"ref": world.case_a().uuid}),
                           {"declined": "yes"})
    assert response.status_code == 303 and SupportFeedback.objects.count() == before


def test_the_young_person_answers_and_the_worker_needs_their_password_to_go_back(signed_in, world):
    client = signed_in("worker_a")
    start_handover(client, world)
    assert client.post(reverse("participation:handover"), ANSWERS).status_code == 302
    feedback = SupportFeedback.objects.get()
    assert (feedback.way, feedback.helping, feedback.listened, feedback.safer, feedback.recorded_by) == (
        FeedbackWay.IN_SESSION, 4, 5, None, world.worker_a)
    # Answered: the page thanks them, and still keeps the record away.
    assert "give the device back" in client.get(reverse("participation:handover")).content.decode()
    assert client.get(reverse("cases:mine")).status_code == 303
    wrong = client.post(reverse("participation:hand_back"), {"password": "not-it"})
    assert wrong.status_code == 400 and "That password is not right" in wrong.content.decode()
    assert client.get(reverse("cases:mine")).status_code == 303
    back = client.post(reverse("participation:hand_back"), {"password": PASSWORD})
    assert back["Location"] == feedback_url(world)
    assert client.get(reverse("cases:mine")).status_code == 200
    actions_written = set(AuditEvent.objects.filter(subject_ref=str(world.case_a().uuid))
                          .values_list("action", flat=True))
    assert {"participation.handover.started", "participation.feedback.given",
            "participation.handover.ended"} <= actions_written


def test_five_wrong_passwords_sign_the_worker_out_and_keep_the_answers(signed_in, world):
    client = signed_in("worker_a")
    start_handover(client, world)
    client.post(reverse("participation:handover"), ANSWERS)
    for _ in range(4):
        assert client.post(reverse("participation:hand_back"), {"password": "guess"}).status_code == 400
    last = client.post(reverse("participation:hand_back"), {"password": "guess"})
    assert last["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session
    assert SupportFeedback.objects.count() == 1


def test_in_hand_over_the_young_person_may_decline(signed_in, world):
    client = signed_in("worker_a")
    start_handover(client, world)
    client.post(reverse("participation:handover"), {"declined": "1", "helping": "2"})
    feedback = SupportFeedback.objects.get()
    assert feedback.declined and feedback.helping is None


def test_nothing_answered_is_a_clear_error_that_keeps_the_words(signed_in, world):
    client = signed_in("worker_a")
    start_handover(client, world)
    response = client.post(reverse("participation:handover"), {"helping": "9"})
    text = response.content.decode()
    assert response.status_code == 400 and "Choose one of the pictures" in text
    assert not SupportFeedback.objects.exists()


# --- By link -----------------------------------------------------------------------------


def test_a_link_goes_by_text_names_nothing_and_keeps_only_the_tokens_hash(world):
    link = world.feedback_link_a()
    message = OutgoingMessage.objects.get(key=f"participation.link:{link.uuid}")
    assert message.recipients == ["+447700900123"]
    assert link.token in message.body and "North" not in message.body and "Hubspoke" not in message.body
    stored = FeedbackLink.objects.get()
    assert stored.token_sha256 == queries.token_sha256(link.token) and link.token not in stored.token_sha256


def test_the_links_page_names_nothing_and_loads_nothing_from_another_site(client, world):
    link = world.feedback_link_a()
    response = client.get(reverse("your_views", kwargs={"token": link.token}))
    text = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<title>\s*Your views\s*</title>", text)
    for name in ("Hubspoke", "North", "Casey", "Example", "Worker A"):
        assert name not in text
    assert "no-store" in response["Cache-Control"] and response["Referrer-Policy"] == "same-origin"
    loaded = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', text)
    assert loaded and all(url.startswith("/") for url in loaded), loaded
    assert "Exit this page" in text


def test_a_link_works_once_and_a_replay_reveals_nothing(client, world):
    link = world.feedback_link_a()
    url = reverse("your_views", kwargs={"token": link.token})
    answered = client.post(url, ANSWERS)
    assert answered.status_code == 200 and "Thank you" in answered.content.decode()
    feedback = SupportFeedback.objects.get()
    assert (feedback.way, feedback.recorded_by, feedback.link_id, feedback.anything_else) == (
        FeedbackWay.BY_LINK, None, link.pk, "Can we meet after school instead?")
    never = client.get(reverse("your_views", kwargs={"token": "x" * 32}))
    for replay in (client.get(url), client.post(url, ANSWERS)):
        assert replay.status_code == 404
        assert replay.content == never.content
    assert SupportFeedback.objects.count() == 1


def test_an_expired_link_and_a_replaced_link_no_longer_work(client, world):
    link = world.feedback_link_a()
    with time_machine.travel(link.expires_at, tick=False):
        assert client.get(reverse("your_views", kwargs={"token": link.token})).status_code == 404
    YoungPersonContact.objects.create(young_person=world.case_a().young_person, phone="07700 900123")
    newer = actions.send_link(actor=world.worker_a, case=world.case_a(), channel="sms")
    assert client.get(reverse("your_views", kwargs={"token": link.token})).status_code == 404
    assert client.get(reverse("your_views", kwargs={"token": newer.token})).status_code == 200


def test_by_link_a_young_person_may_decline(client, world):
    link = world.feedback_link_a()
    client.post(reverse("your_views", kwargs={"token": link.token}), {"declined": "1"})
    assert SupportFeedback.objects.get().declined


def test_a_link_without_a_number_on_record_is_a_clear_error(signed_in, world):
    response = signed_in("worker_a").post(reverse("participation:send_link", kwargs={"ref": world.case_a().uuid}),
                                          {"channel": "sms"})
    assert response.status_code == 400 and "Select how to send the link" in response.content.decode()
    assert not FeedbackLink.objects.exists()


def test_the_worker_sends_a_link_from_the_case(signed_in, world):
    world.feedback_link_a()
    YoungPersonContact.objects.create(young_person=world.case_a().young_person, phone="07700 900123")
    response = signed_in("worker_a").post(reverse("participation:send_link", kwargs={"ref": world.case_a().uuid}),
                                          {"channel": "sms"})
    assert response["Location"] == feedback_url(world)
    assert FeedbackLink.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert FeedbackLink.objects.count() == 2


# --- Declined, and where feedback shows -----------------------------------------------------


def test_a_decline_recorded_by_the_worker_is_an_answer_and_is_not_chased(signed_in, world):
    world.case_a()
    client = signed_in("worker_a")
    assert "Feedback due" in client.get(reverse("cases:mine")).content.decode()
    client.post(reverse("participation:declined", kwargs={"ref": world.case_a().uuid}), {"declined": "yes"})
    assert SupportFeedback.objects.get().way == FeedbackWay.TOLD_WORKER
    assert "Feedback due" not in client.get(reverse("cases:mine")).content.decode()
    assert "Up to date" in client.get(feedback_url(world)).content.decode()


def test_a_button_without_its_value_changes_nothing(signed_in, world):
    response = signed_in("worker_a").post(reverse("participation:declined", kwargs={"ref": world.case_a().uuid}))
    assert response.status_code == 302 and not SupportFeedback.objects.exists()


def test_due_and_overdue_feedback_on_the_home_page_and_the_case(signed_in, world):
    case = world.case_a()
    client = signed_in("worker_a")
    home = client.get(reverse("home")).content.decode()
    assert "feedback due in your caseload" in home
    with time_machine.travel(case.opened_at + dt.timedelta(days=30)):
        client = Client()
        client.force_login(world.worker_a)
        assert "feedback overdue in your caseload" in client.get(reverse("home")).content.decode()
        page = client.get(reverse("cases:detail", kwargs={"ref": case.uuid})).content.decode()
        assert "Their feedback on our support" in page and "Overdue" in page


def test_the_chronology_shows_feedback_given(signed_in, world):
    actions.record_declined(actor=world.worker_a, case=world.case_a())
    page = signed_in("worker_a").get(reverse("cases:chronology", kwargs={"ref": world.case_a().uuid}))
    assert "Feedback declined" in page.content.decode()


def test_answers_show_on_the_case_and_together_without_names(signed_in, world):
    link = world.feedback_link_a()
    Client().post(reverse("your_views", kwargs={"token": link.token}), ANSWERS)
    case_page = signed_in("worker_a").get(feedback_url(world)).content.decode()
    assert "Mostly (4 of 5)" in case_page and "Can we meet after school instead?" in case_page
    together = signed_in("manager_a").get(reverse("participation:feedback")).content.decode()
    assert "Can we meet after school instead?" in together and "Casey" not in together


def test_out_of_scope_staff_get_404(signed_in, world):
    for persona in ("outsider", "hub_worker_a", "partner_a", "evaluator"):
        assert signed_in(persona).get(feedback_url(world)).status_code == 404, persona
    response = signed_in("outsider").get(reverse("participation:feedback"))
    assert response.status_code == 200 and "Can we meet" not in response.content.decode()


def test_the_pages_keep_a_flat_number_of_queries(signed_in, world):
    client = signed_in("manager_a")
    case = world.case_a()

    def grow():
        for _ in range(5):
            actions.record_declined(actor=world.manager_a, case=case)
            actions.give_in_session(actor=world.manager_a, case=case, answers={"helping": 3},
                                    anything_else="Fine.")

    assert_flat_queries(lambda: client.get(reverse("participation:feedback")), grow)
    assert_flat_queries(lambda: client.get(feedback_url(world)), grow)
    assert_flat_queries(lambda: client.get(reverse("cases:mine")), grow)
