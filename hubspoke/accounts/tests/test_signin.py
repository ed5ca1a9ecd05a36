import datetime as dt

import time_machine
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.cache import cache
from django.urls import reverse

from hubspoke.accounts.models import User
from hubspoke.audit.models import AuditEvent
from hubspoke.conftest import make_person

PASSWORD = "a-long-test-password-42"


def totp_now(secret: str) -> str:
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter))


def sign_in(client, email, password=PASSWORD, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


def test_sign_in_needs_password_then_totp_code(client, world):
    response = sign_in(client, world.manager_a.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    # Not signed in yet: home still sends to sign-in.
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(world.totp_secrets["manager_a"])})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.signin.succeeded", actor=world.manager_a).exists()


def test_wrong_totp_code_does_not_sign_in(client, world):
    sign_in(client, world.manager_a.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_account_without_second_factor_reaches_nothing_but_setup(client, db, django_capture_on_commit_callbacks):
    person = make_person("new_starter")
    assert sign_in(client, person.email)["Location"] == reverse("home")
    for name in ("home", "network:service_list", "accounts:security"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), name
    # Straight after signing in, setting up the authenticator does not ask for the password again.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    # allauth announces a new authenticator once its transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_now(secret)})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.mfa.added", actor=person).exists()
    assert client.get(reverse("home")).status_code == 200


def test_demo_accounts_skip_the_second_factor_only_in_demo_mode(client, db, settings):
    person = make_person("demo_person")
    User.objects.filter(pk=person.pk).update(is_demo=True)
    person.refresh_from_db()
    client.force_login(person)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")
    settings.HUBSPOKE_DEMO = True
    assert client.get(reverse("home")).status_code == 200


def test_failed_sign_in_is_audited_without_the_password(client, world):
    response = sign_in(client, world.manager_a.email, "wrong-password-entirely")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert world.manager_a.email in response.content.decode()  # what was typed is kept
    event = AuditEvent.objects.get(action="accounts.signin.failed")
    assert event.detail == {"identifier": world.manager_a.email}
    assert "wrong-password" not in str(event.detail)


def test_repeated_failures_lock_one_account_but_not_the_team(client, world):
    cache.clear()
    for _ in range(5):
        sign_in(client, world.manager_a.email, "wrong-password-entirely")
    # The right password is now refused for this account for a while...
    response = sign_in(client, world.manager_a.email)
    assert response.status_code == 200
    assert "Too many failed" in response.content.decode()
    # ...but a colleague at the same address can still sign in.
    response = sign_in(client, world.worker_a.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    cache.clear()


def test_one_address_guessing_many_accounts_does_not_lock_out_the_office(client, world):
    cache.clear()
    for n in range(60):  # far more failures than any per-address limit would allow
        sign_in(client, f"guess{n}@test.hubspoke.invalid", "wrong-password-entirely")
    response = sign_in(client, world.worker_a.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    cache.clear()


def test_behind_a_trusted_proxy_the_real_address_is_audited(client, world, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    sign_in(client, world.manager_a.email, "wrong-password-entirely", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert AuditEvent.objects.get(action="accounts.signin.failed").ip_address == "203.0.113.7"


def test_nobody_can_sign_themselves_up(client, db):
    client.post(reverse("account_signup"), {"email": "x@test.hubspoke.invalid", "password1": "a-very-long-pass-1"})
    assert not User.objects.filter(email="x@test.hubspoke.invalid").exists()


def test_sign_out_ends_the_server_session(client, world):
    client.force_login(world.manager_a)
    session_key = client.session.session_key
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("home")).status_code == 302


def test_idle_session_ends_after_thirty_minutes(client, world):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client.force_login(world.manager_a)
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
        assert client.get(reverse("home")).status_code == 302


def test_active_session_ends_after_twelve_hours(client, world):
    with time_machine.travel(dt.datetime(2026, 3, 2, 7, 0, tzinfo=dt.UTC), tick=False) as traveller:
        client.force_login(world.manager_a)
        for _ in range(12 * 3):  # a request every 20 minutes all day
            assert client.get(reverse("home")).status_code == 200
            traveller.shift(dt.timedelta(minutes=20))
        traveller.shift(dt.timedelta(minutes=1))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_signed_in_pages_are_never_cached(client, world):
    client.force_login(world.manager_a)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"]


def test_removing_the_authenticator_locks_the_account_at_once(client, world):
    from allauth.mfa.models import Authenticator

    client.force_login(world.manager_a)
    assert client.get(reverse("home")).status_code == 200
    Authenticator.objects.filter(user=world.manager_a).delete()
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_people_cannot_change_their_own_sign_in_address(client, world):
    client.force_login(world.manager_a)
    response = client.get("/accounts/email/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:security")


def test_asking_for_a_password_reset_does_not_block_second_factor_setup(client, db):
    person = make_person("forgetful")
    client.post(reverse("account_reset_password"), {"email": person.email})
    sign_in(client, person.email)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200 and "form" in response.context


def test_password_reset_sends_a_link_and_says_the_same_for_unknown_addresses(client, world,
                                                                            django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        known = client.post(reverse("account_reset_password"), {"email": world.manager_a.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@test.hubspoke.invalid"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    recipients = [m.to for m in mail.outbox]
    assert [world.manager_a.email] in recipients
    assert ["nobody@test.hubspoke.invalid"] not in recipients  # no misleading "sign up" email
    assert mail.outbox[0].subject.startswith("Hubspoke: ")
    assert "Hello from Hubspoke" in mail.outbox[0].body


def test_password_reset_link_follows_the_configured_base_url(client, world, settings,
                                                             django_capture_on_commit_callbacks):
    from django.core import mail

    settings.HUBSPOKE_BASE_URL = "https://hubspoke.example.org"
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        response = client.post(reverse("account_reset_password"), {"email": world.manager_a.email})
    assert response.status_code == 302 and len(mail.outbox) == 1
    assert "https://hubspoke.example.org/accounts/password/reset/key/" in mail.outbox[0].body


def test_wrong_second_factor_code_is_audited(client, world):
    sign_in(client, world.manager_a.email)
    client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert AuditEvent.objects.filter(action="accounts.mfa.failed", subject_ref=str(world.manager_a.uuid)).exists()


def test_something_typed_that_is_not_an_email_is_not_kept(db):
    from django.contrib.auth.signals import user_login_failed

    # What a sign-in with a password typed into the email box would report.
    user_login_failed.send(sender=User, credentials={"email": "correct horse battery staple"}, request=None)
    event = AuditEvent.objects.get(action="accounts.signin.failed")
    assert event.detail == {"identifier": "(not an email address)"}


def test_password_change_is_audited(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.manager_a)
    from hubspoke.conftest import mark_recently_authenticated

    mark_recently_authenticated(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_change_password"), {
            "oldpassword": PASSWORD, "password1": "another-long-passphrase-9", "password2": "another-long-passphrase-9",
        })
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.password.changed", actor=world.manager_a).exists()


def test_totp_secrets_are_encrypted_at_rest(world):
    from allauth.mfa.models import Authenticator

    stored = Authenticator.objects.get(user=world.manager_a, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("fernet:")
    assert world.totp_secrets["manager_a"] not in stored


def test_empty_sign_in_says_what_to_do(client, db):
    body = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()
    assert "Enter your email address" in body and "Enter your password" in body
    assert "This field is required" not in body


def test_empty_second_factor_code_says_what_to_do(client, world):
    sign_in(client, world.manager_a.email)
    body = client.post(reverse("mfa_authenticate"), {"code": ""}).content.decode()
    assert "Enter the 6-digit code from your authenticator app" in body
