from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class HubspokeAdminSite(admin.AdminSite):
    """The administration site opens only to staff accounts that hold a current administrator
    membership; ending that membership closes it on the next request. Sign-in goes through
    the normal sign-in page, so the second factor always applies."""

    site_header = "Hubspoke administration"
    site_title = "Hubspoke administration"
    index_title = "The network"

    def has_permission(self, request):
        from hubspoke.network.scoping import is_administrator

        user = request.user
        return bool(user.is_active and user.is_staff and is_administrator(user))

    def login(self, request, extra_context=None):
        from allauth.account.decorators import secure_admin_login

        return secure_admin_login(super().login)(request, extra_context)


class HubspokeAdminConfig(AdminConfig):
    default_site = "hubspoke.admin_site.HubspokeAdminSite"
