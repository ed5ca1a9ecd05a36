"""The second-factor rule: every account has TOTP before anything else is reachable."""

from allauth.mfa.models import Authenticator
from django.conf import settings


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def may_skip_mfa(user) -> bool:
    """Demo accounts skip the second factor only while the demo flag is on; production mode
    refuses that flag at start-up."""
    return bool(settings.HUBSPOKE_DEMO and getattr(user, "is_demo", False) and not settings.PRODUCTION)
