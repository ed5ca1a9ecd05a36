"""allauth's forms with the GOV.UK Design System's wording for errors: say what to do, in the
words of the field ("Enter your email address"), not "This field is required"."""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

CODE_REQUIRED = "Enter the 6-digit code from your authenticator app"


def _require(form, **messages):
    for name, message in messages.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


class LoginForm(account_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, login="Enter your email address", password="Enter your password")
        self.fields["login"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.org"
        )


class ResetPasswordForm(account_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, email="Enter your email address")


class ResetPasswordKeyForm(account_forms.ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, password1="Enter a new password", password2="Enter the new password again")


class ChangePasswordForm(account_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, oldpassword="Enter your current password", password1="Enter a new password",
                 password2="Enter the new password again")


class ReauthenticateForm(account_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, password="Enter your password")


class AuthenticateForm(mfa_forms.AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, code=CODE_REQUIRED)


class MFAReauthenticateForm(mfa_forms.ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, code=CODE_REQUIRED)


class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _require(self, code=CODE_REQUIRED)
