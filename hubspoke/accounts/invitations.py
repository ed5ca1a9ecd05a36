"""Inviting a person: they receive a link to choose their own password, then must set up their
second factor at first sign-in. Nobody ever sends or types a password for someone else."""

import uuid

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from hubspoke.lib.links import absolute_url
from hubspoke.outbox import actions as outbox


def invitation_link(*, user, request=None) -> str:
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return absolute_url(path, request=request)


def send_invitation(*, user, request=None) -> None:
    """Email ``user`` a fresh invitation through the outbox, sent once the caller's transaction
    commits (call it inside that transaction). Each call is an invitation of its own."""
    context = {
        "user": user,
        "link": invitation_link(user=user, request=request),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    outbox.enqueue_email(
        key=f"accounts.invitation:{user.uuid}:{uuid.uuid4()}",
        to=[user.email],
        subject="You have been invited to Hubspoke",
        body=render_to_string("accounts/email/invitation.txt", context),
    )
