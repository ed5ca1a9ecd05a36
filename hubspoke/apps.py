from django.contrib.admin.apps import AdminConfig


class HubspokeAdminConfig(AdminConfig):
    """The administration site, replaced by Hubspoke's (see admin_site.py)."""

    default_site = "hubspoke.admin_site.HubspokeAdminSite"

    def ready(self):
        super().ready()  # registers every app's admin classes
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from django.contrib import admin
        from django.contrib.auth.models import Group

        # Second-factor secrets and sign-in addresses are never edited by hand, and roles are
        # memberships, not Django groups.
        for model in (Authenticator, EmailAddress, Group):
            if admin.site.is_registered(model):
                admin.site.unregister(model)
