import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from hubspoke.accounts.models import User
from hubspoke.audit.models import AuditEvent
from hubspoke.network import scoping

pytestmark = pytest.mark.django_db(transaction=False)


def test_first_administrator_of_a_new_installation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_administrator", "Admin@Example.invalid", "First Admin", "--programme", "New Programme")
    person = User.objects.get(email="admin@example.invalid")
    assert person.is_staff and not person.has_usable_password()
    assert scoping.is_administrator(person)
    assert AuditEvent.objects.filter(action="network.membership.created", actor=None).exists()
    assert mail.outbox[0].to == ["admin@example.invalid"]


def test_running_it_again_adds_no_second_role(django_capture_on_commit_callbacks):
    for _ in range(2):
        call_command("create_administrator", "a@example.invalid", "A", "--programme", "P")
    assert User.objects.get(email="a@example.invalid").memberships.count() == 1


def test_programme_must_be_named_when_ambiguous():
    with pytest.raises(CommandError, match="--programme"):
        call_command("create_administrator", "a@example.invalid", "A")


def test_the_invitation_links_to_the_configured_base_url(settings, django_capture_on_commit_callbacks):
    settings.HUBSPOKE_BASE_URL = "https://hubspoke.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_administrator", "a@example.invalid", "A", "--programme", "P")
    assert "https://hubspoke.example.org/" in mail.outbox[0].body


def test_production_without_a_base_url_refuses_before_making_anyone(settings):
    settings.HUBSPOKE_BASE_URL = ""
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="HUBSPOKE_BASE_URL"):
        call_command("create_administrator", "a@example.invalid", "A", "--programme", "P")
    assert not User.objects.filter(email="a@example.invalid").exists()
