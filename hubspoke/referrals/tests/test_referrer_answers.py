"""Partners are not left at a dead end: they see the service's question, answer it in Hubspoke,
and are told (in Hubspoke and by a link-only email) when the service decides."""

import datetime as dt

from django.core import mail
from django.test import Client
from django.urls import reverse

from hubspoke.lib.dates import today
from hubspoke.notifications.models import Notification
from hubspoke.referrals import actions
from hubspoke.referrals.models import DecisionKind, ReferralStatus


def client_of(person):
    client = Client()
    client.force_login(person)
    return client


def ask(world, *, in_hubspoke=True):
    return actions.request_information(
        actor=world.manager_a, referral=world.referral_a, requested_from="PC Example, Northshire Police",
        information_requested="Has she been reported missing this year? How often?",
        due_on=today() + dt.timedelta(days=5), asked_in_hubspoke=in_hubspoke)


def test_the_partner_sees_the_question_answers_it_and_the_manager_is_told(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(world)
    assert Notification.objects.filter(recipient=world.partner_a, kind="referrals.question").exists()
    assert [m.to for m in mail.outbox] == [[world.partner_a.email]]
    assert "does not say who it is about" in mail.outbox[0].body and "Jordan" not in mail.outbox[0].body
    partner = client_of(world.partner_a)
    url = reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid})
    page = partner.get(url)
    assert page.status_code == 200
    assert "Has she been reported missing this year? How often?" in page.content.decode()

    response = partner.post(reverse("referrals:sent_answer", kwargs={"ref": world.referral_a.uuid}), {"answer": ""})
    assert response.status_code == 400 and "Enter your answer" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = partner.post(reverse("referrals:sent_answer", kwargs={"ref": world.referral_a.uuid}),
                                {"answer": "Reported missing three times since March."})
    assert response.status_code == 302
    world.referral_a.refresh_from_db()
    assert world.referral_a.status == ReferralStatus.RECEIVED  # back with the deciders
    confirmation = partner.get(response["Location"]).content.decode()
    assert f"Your answer has been sent to North Hub (referral {world.referral_a.reference})" in confirmation
    answer = world.referral_a.decisions.order_by("-decided_at", "-pk").first()
    assert (answer.kind, answer.decided_by, answer.outcome) == (
        DecisionKind.INFORMATION_PROVIDED, world.partner_a, "Reported missing three times since March.")
    assert [m.to for m in mail.outbox] == [[world.manager_a.email]]
    told = Notification.objects.get(kind="referrals.information_provided")
    assert told.recipient == world.manager_a
    assert Notification.objects.get(kind="referrals.question").resolved_at is not None

    manager = client_of(world.manager_a)
    inbox = manager.get(reverse("referrals:inbox"))
    assert "Referrer answered" in inbox.content.decode()
    detail = manager.get(reverse("referrals:detail", kwargs={"ref": world.referral_a.uuid}))
    assert "Information given by the referrer" in detail.content.decode()
    assert "Reported missing three times since March." in detail.content.decode()
    # The partner's page now shows the question and answer, and no form.
    page = partner.get(url).content.decode()
    assert "Reported missing three times since March." in page and "Send your answer" not in page


def test_a_question_not_asked_in_hubspoke_is_not_shown_nor_answerable(world):
    ask(world, in_hubspoke=False)
    partner = client_of(world.partner_a)
    page = partner.get(reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid})).content.decode()
    assert "Has she been reported missing" not in page and "Send your answer" not in page
    response = partner.post(reverse("referrals:sent_answer", kwargs={"ref": world.referral_a.uuid}),
                            {"answer": "Here it is anyway."})
    assert response.status_code == 400
    assert "not waiting for an answer from you" in response.content.decode()
    world.referral_a.refresh_from_db()
    assert world.referral_a.status == ReferralStatus.AWAITING_INFORMATION


def test_only_the_referring_agencys_partners_can_answer(world):
    ask(world)
    url = reverse("referrals:sent_answer", kwargs={"ref": world.referral_a.uuid})
    for person in (world.manager_a, world.worker_a, world.outsider, world.evaluator):
        assert client_of(person).post(url, {"answer": "Not mine to give."}).status_code == 404


def test_partners_are_told_when_the_service_decides(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.decline_referral(actor=world.manager_a, referral=world.referral_a, decline_reason="below_threshold",
                                 reason_for_referrer="The concerns do not meet our threshold; school will monitor.")
    told = Notification.objects.get(kind="referrals.decided")
    assert told.recipient == world.partner_a
    assert [m.to for m in mail.outbox] == [[world.partner_a.email]]
    assert "Jordan" not in mail.outbox[0].body and "threshold" not in mail.outbox[0].body
    response = client_of(world.partner_a).get(reverse("notifications:open", kwargs={"ref": told.uuid}))
    assert response["Location"] == reverse("referrals:sent_detail", kwargs={"ref": world.referral_a.uuid})
    # Triage resolved the managers' "new referral" notification.
    assert not Notification.objects.filter(kind="referrals.new", resolved_at__isnull=True).exists()
