import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from hubspoke.accounts.mfa import has_totp, may_skip_mfa

SESSION_STARTED = "hubspoke_session_started"
SESSION_LAST_SEEN = "hubspoke_last_seen"


class SessionLimitsMiddleware:
    """Ends a signed-in session after ``HUBSPOKE_IDLE_TIMEOUT_MINUTES`` without a request, and
    in any case ``HUBSPOKE_SESSION_MAX_HOURS`` after sign-in. The server session is flushed,
    not just the cookie dropped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            last_seen = session.get(SESSION_LAST_SEEN, now)
            idle_limit = settings.HUBSPOKE_IDLE_TIMEOUT_MINUTES * 60
            absolute_limit = settings.HUBSPOKE_SESSION_MAX_HOURS * 3600
            if now - last_seen > idle_limit or now - started > absolute_limit:
                logout(request)
                messages.info(request, "You were signed out to keep records safe. Sign in again to carry on.")
                login_url = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
                if request.headers.get("HX-Request") == "true":
                    # htmx would swap the sign-in page into a fragment; send the whole page there.
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = login_url
                    return response
                return redirect(login_url)
            # Written at most once a minute so that a busy page does not rewrite the session
            # on every request.
            if now - last_seen >= 60 or SESSION_LAST_SEEN not in session:
                session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


# Paths a signed-in person without a second factor may still reach: setting one up, signing
# out, and the static files those pages need.
_MFA_SETUP_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "mfa_reauthenticate",
    "account_reauthenticate",
)


class RequireMFAMiddleware:
    """Nothing is reachable until the account has a TOTP authenticator."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._allowed = None

    def allowed_paths(self):
        if self._allowed is None:
            self._allowed = {reverse(name) for name in _MFA_SETUP_URL_NAMES}
        return self._allowed

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.hubspoke_mfa_ok = False
        if user is not None and user.is_authenticated:
            # Checked on every request (one indexed query), not remembered in the session, so
            # removing the authenticator locks the account down at once.
            request.hubspoke_mfa_ok = may_skip_mfa(user) or has_totp(user)
            if (
                not request.hubspoke_mfa_ok
                and not request.path.startswith(settings.STATIC_URL)
                and request.path not in self.allowed_paths()
                and request.path != "/csp-report/"
            ):
                return redirect("mfa_activate_totp")
        return self.get_response(request)
