"""Sign-in, sign-out and second-factor events, audited and logged as security events."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from hubspoke.audit.actions import record


@receiver(auth_signals.user_logged_in)
def signed_in(sender, request, user, **kwargs):
    record(action="accounts.signin.succeeded", actor=user, subject=user, request=request)


@receiver(auth_signals.user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(action="accounts.signout.completed", actor=user, subject=user, request=request)


@receiver(auth_signals.user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    # Only the identifier typed is kept, never the password (Django already masks it); and only
    # if it looks like an email address, in case a password was typed into the wrong box.
    identifier = str(credentials.get("email") or credentials.get("username") or "")[:254].lower()
    if "@" not in identifier or " " in identifier:
        identifier = "(not an email address)"
    record(action="accounts.signin.failed", request=request, detail={"identifier": identifier})


@receiver(mfa_signals.authentication_failed)
def second_factor_failed(sender, request, user, reauthentication=False, **kwargs):
    record(action="accounts.mfa.failed", actor=None, subject=user, request=request,
           detail={"reauthentication": bool(reauthentication)})


@receiver(account_signals.password_changed)
def password_changed(sender, request, user, **kwargs):
    record(action="accounts.password.changed", actor=user, subject=user, request=request)


@receiver(account_signals.password_reset)
def password_reset(sender, request, user, **kwargs):
    record(action="accounts.password.reset", actor=None, subject=user, request=request)


@receiver(account_signals.password_set)
def password_set(sender, request, user, **kwargs):
    record(action="accounts.password.set", actor=user, subject=user, request=request)


@receiver(mfa_signals.authenticator_added)
def authenticator_added(sender, request, user, authenticator, **kwargs):
    record(action="accounts.mfa.added", actor=user, subject=user, request=request, detail={"type": authenticator.type})


@receiver(mfa_signals.authenticator_removed)
def authenticator_removed(sender, request, user, authenticator, **kwargs):
    record(
        action="accounts.mfa.removed", actor=user, subject=user, request=request, detail={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_reset)
def authenticator_reset(sender, request, user, authenticator, **kwargs):
    record(action="accounts.mfa.reset", actor=user, subject=user, request=request, detail={"type": authenticator.type})
