import time

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth import signals
from django.dispatch import receiver

from hubspoke.accounts.middleware import SESSION_LAST_SEEN, SESSION_STARTED


@receiver(signals.user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The absolute session limit counts from sign-in.

    A full sign-in (password, then the second factor) also counts as a recent authentication
    for step-up checks: without this, a new person who has just typed their password would be
    asked for it again before they could set up their authenticator app."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_LAST_SEEN] = now
    records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
    if isinstance(records, list) and records:
        records[-1] = {**records[-1], "reauthenticated": True}
        request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
