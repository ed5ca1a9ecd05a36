"""Getting one notification for the person it was sent to, or a 404 that looks exactly like a
missing one: another person's notification is never theirs to open."""

from hubspoke.audit.guard import deny_not_found
from hubspoke.notifications.models import Notification
from hubspoke.notifications.queries import notifications_of


def get_notification_for(request, ref) -> Notification:
    notification = notifications_of(request.user).filter(uuid=ref).first()
    if notification is None:
        raise deny_not_found(request=request, kind="notifications.notification", ref=ref)
    return notification
