import re

from django.core import mail
from django.urls import reverse

from hubspoke.accounts.models import User
from hubspoke.audit.models import AuditEvent


def test_adding_a_person_invites_them_to_choose_a_password(signed_in, world, client, django_capture_on_commit_callbacks):
    admin_client = signed_in("admin", recent=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:accounts_user_add"),
                                     {"email": "New.Worker@Test.Hubspoke.invalid", "full_name": "New Worker"})
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="new.worker@test.hubspoke.invalid")
    assert not person.has_usable_password()
    assert AuditEvent.objects.filter(action="accounts.user.created", subject_ref=str(person.uuid)).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [person.email]
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)

    # The invited person follows the link (in their own browser) and chooses a password...
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": "a-brand-new-passphrase-7", "password2": "a-brand-new-passphrase-7"})
    assert response.status_code == 302
    # ...then signs in, and must set up a second factor before anything else.
    client.post(reverse("account_login"), {"login": person.email, "password": "a-brand-new-passphrase-7"})
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_changes_in_the_administration_site_need_a_recent_sign_in(signed_in, world):
    admin_client = signed_in("admin")
    assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200
    response = admin_client.post(reverse("admin:accounts_user_add"), {"email": "x@test.hubspoke.invalid", "full_name": "X"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not User.objects.filter(email="x@test.hubspoke.invalid").exists()


def test_role_changes_in_the_administration_site_are_audited(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    membership = world.memberships["worker_a"]
    url = reverse("admin:network_membership_change", args=[membership.pk])
    response = admin_client.post(url, {
        "person": world.worker_a.pk, "role": "spoke_worker", "spoke": world.spoke_a2.pk,
        "starts_on": "2025-01-06", "ends_on": "", "caseload_capacity": "12",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.filter(action="network.membership.changed").latest("id")
    assert event.actor == world.admin
    assert set(event.detail["fields"]) >= {"Spoke", "Caseload capacity"}


def test_the_administration_site_never_offers_its_own_sign_in_form(client, world):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_administrators_cannot_grant_themselves_a_role(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    response = admin_client.post(reverse("admin:network_membership_add"), {
        "person": world.admin.pk, "role": "service_manager", "service": world.service_a.pk,
        "starts_on": "2025-01-06",
    })
    assert response.status_code == 200
    assert "Another administrator must add or change your own roles" in response.content.decode()
    assert not world.admin.memberships.filter(role="service_manager").exists()


def test_nobody_sets_a_password_for_someone_else(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    url = reverse("admin:auth_user_password_change", args=[world.worker_a.pk])
    assert admin_client.get(url).status_code == 403


def test_second_factor_secrets_are_not_in_the_administration_site(signed_in, world):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib import admin
    from django.contrib.auth.models import Group

    for model in (Authenticator, EmailAddress, Group):
        assert not admin.site.is_registered(model), model


def test_signing_out_of_the_administration_site_needs_no_password(signed_in, world, client):
    admin_client = signed_in("admin")  # not recently authenticated
    response = admin_client.post(reverse("admin:logout"))
    assert response.status_code == 302 and "reauthenticate" not in response["Location"]
    assert admin_client.get(reverse("home")).status_code == 302  # signed out


def test_refused_visits_to_the_administration_site_are_audited(signed_in, world):
    client = signed_in("manager_a")
    assert client.get(reverse("admin:index")).status_code == 404
    assert AuditEvent.objects.filter(action="audit.access.denied", actor=world.manager_a,
                                     subject_kind="admin.site").exists()


def test_an_invitation_links_to_the_host_that_served_the_administration_site(
    signed_in, world, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["hubspoke.example.net"]
    settings.HUBSPOKE_BASE_URL = ""
    admin_client = signed_in("admin", recent=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:accounts_user_add"),
                                     {"email": "host.worker@test.hubspoke.invalid", "full_name": "Host Worker"},
                                     HTTP_HOST="hubspoke.example.net")
    assert response.status_code == 302
    assert re.search(r"http\S+", mail.outbox[-1].body).group(0).startswith("http://hubspoke.example.net/")


def test_an_invitation_links_to_the_configured_base_url_whatever_the_host(
    signed_in, world, settings, django_capture_on_commit_callbacks
):
    settings.ALLOWED_HOSTS = ["hubspoke.example.net"]
    settings.HUBSPOKE_BASE_URL = "https://hubspoke.example.org"
    admin_client = signed_in("admin", recent=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:accounts_user_add"),
                                     {"email": "base.worker@test.hubspoke.invalid", "full_name": "Base Worker"},
                                     HTTP_HOST="hubspoke.example.net")
    assert response.status_code == 302
    assert re.search(r"http\S+", mail.outbox[-1].body).group(0).startswith("https://hubspoke.example.org/")


def test_every_database_constraint_has_a_plain_message():
    """A constraint that fails validation (in the administration site, or an action's
    full_clean) shows its own words, never "Constraint “…” is violated."."""
    from django.apps import apps
    from django.db.models import BaseConstraint

    default = str(BaseConstraint.default_violation_error_message)
    constraints = [(model._meta.label, c) for model in apps.get_models() if model.__module__.startswith("hubspoke.")
                   for c in model._meta.constraints]
    assert len(constraints) > 30
    unplain = [f"{label}: {c.name}" for label, c in constraints
               if c.violation_error_message in (None, default) or c.name in c.violation_error_message]
    assert not unplain, unplain


def test_a_broken_rule_in_the_administration_site_reads_as_plain_words(signed_in, world):
    admin_client = signed_in("admin", recent=True)
    response = admin_client.post(reverse("admin:network_spoke_add"), {
        "name": "Late Spoke", "service": world.service_a.pk, "host_agency": "",
        "local_authority": world.spoke_a1.local_authority.pk, "model": world.spoke_a1.model.pk,
        "starts_on": "2026-06-01", "ends_on": "2026-05-01",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "The spoke&#x27;s end date must be the same as or after its start date" in page
    assert "Constraint" not in page and "network_spoke_dates_ordered" not in page
    response = admin_client.post(reverse("admin:network_localauthority_add"), {
        "name": "Westshire", "ons_code": "W123", "region": "south_west",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the ONS code as E followed by 8 numbers, like E10000002" in page and "Constraint" not in page


def test_a_new_invitation_from_the_list_is_one_email_each_sent_after_the_change(
    signed_in, world, django_capture_on_commit_callbacks
):
    from hubspoke.outbox.models import OutgoingMessage, Status

    admin_client = signed_in("admin", recent=True)
    people = [world.worker_a, world.partner_a]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:accounts_user_changelist"), {
            "action": "send_new_invitation", "_selected_action": [p.pk for p in people],
        })
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    sent = OutgoingMessage.objects.filter(key__startswith="accounts.invitation:")
    assert sent.count() == 2 and set(sent.values_list("status", flat=True)) == {Status.SENT}
    assert AuditEvent.objects.filter(action="accounts.user.invited", subject_ref=str(world.worker_a.uuid)).exists()
