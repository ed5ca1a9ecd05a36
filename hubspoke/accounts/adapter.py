import uuid
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.urls import reverse

from hubspoke.lib.links import absolute_url
from hubspoke.outbox import actions as outbox


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request):
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The password-reset email's link follows the same rule as every other email's
        (``hubspoke.lib.links``). ``key`` is allauth's "<uid>-<token>"."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)), request=self.request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (a password reset) as allauth renders them, sent through the outbox
        like every other email: the page does not wait for the mail server. Each is its own."""
        message = self.render_mail(template_prefix, email, {
            "request": self.request, "email": email, "current_site": get_current_site(self.request), **context,
        })
        with transaction.atomic():
            outbox.enqueue_email(key=f"accounts.{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
                                 to=message.to, subject=message.subject, body=message.body)
