from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.urls import reverse

from hubspoke.lib.links import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    """People are invited by an administrator; nobody signs themselves up."""

    def is_open_for_signup(self, request):
        return False

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The password-reset email's link follows the same rule as every other email's
        (``hubspoke.lib.links``). ``key`` is allauth's "<uid>-<token>"."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)), request=self.request)
