from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url


class HubspokeAdminSite(admin.AdminSite):
    """The administration site opens only to staff accounts that hold a current administrator
    membership; ending that membership closes it on the next request. Anyone else who is signed
    in gets the ordinary 404, as for a page that does not exist; signed out, the normal sign-in
    page, so the second factor always applies."""

    site_header = "Hubspoke administration"
    site_title = "Hubspoke administration"
    index_title = "The network"

    def has_permission(self, request):
        from hubspoke.network.scoping import is_administrator

        user = request.user
        return bool(user.is_active and user.is_staff and is_administrator(user))

    def admin_view(self, view, cacheable=False):
        """Every change made here (people, roles, services) needs a sign-in or re-entered
        password within the last few minutes; looking, and signing out, do not."""
        from allauth.account.decorators import reauthentication_required

        if view != self.logout:
            view = reauthentication_required(view, allow_get=True)
        inner = super().admin_view(view, cacheable)

        def refuse_everyone_else(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise self._not_found(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(refuse_everyone_else, inner)

    def _not_found(self, request):
        from hubspoke.audit.guard import deny_not_found

        return deny_not_found(request=request, kind="admin.site", ref=request.path[:64])

    def logout(self, request, extra_context=None):
        """Signing out here is signing out of Hubspoke."""
        from allauth.account.views import LogoutView

        return LogoutView.as_view()(request)

    def password_change(self, request, extra_context=None):
        return redirect("account_change_password")

    def password_change_done(self, request, extra_context=None):
        return redirect("accounts:security")

    def login(self, request, extra_context=None):
        """Never show Django's own sign-in form: it would skip the second factor. Anonymous
        people go to Hubspoke's sign-in page; signed-in people without the role get 404."""
        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise self._not_found(request)
        return redirect_to_login(request.get_full_path(), resolve_url(settings.LOGIN_URL))
