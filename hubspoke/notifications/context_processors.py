"""The "Notifications" link in every page's header, with the person's unread count. The count
is one query, made only when a page that shows the header is rendered, and never for someone
signed out (or not yet past the second-factor step, who has nowhere else to go)."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from hubspoke.notifications import queries


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(request, "hubspoke_mfa_ok", False):
        return {}
    url = reverse("notifications:list")
    return {
        "notifications_nav": {
            "url": url,
            "current": request.path.startswith(url),
            "unread": SimpleLazyObject(lambda: queries.unread_count(user)),
        }
    }
