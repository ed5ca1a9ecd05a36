from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from hubspoke.notifications import access, actions, queries, registry

PAGE_SIZE = 50


@require_GET
def notification_list(request):
    """The signed-in person's own notifications, newest first; wording and links come from each
    kind's registration, so the page reads nothing but the notifications themselves."""
    page = Paginator(queries.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = queries.needing_you_by_kind(request.user)
    rows = []
    for notification in page:
        kind = registry.kind(notification.kind)
        rows.append({
            "notification": notification,
            "message": kind.message if kind else "Something in Hubspoke needs your attention",
            "linked": kind is not None,
            # Rows that still need the person come first, by kind; {% regroup %} heads each.
            "group": (kind.heading if kind else "Other") if notification.needs_you else "",
            "group_count": counts.get(notification.kind, 0) if notification.needs_you else 0,
        })
    return render(request, "notifications/list.html", {"page": page, "rows": rows,
                                                       "needing_you": sum(counts.values())})


@require_GET
def open_notification(request, ref):
    """Mark the notification read and go to the record it is about. That page checks access
    again: someone who has lost access since gets its usual 404."""
    notification = access.get_notification_for(request, ref)
    actions.mark_read(user=request.user, notification=notification)
    kind = registry.kind(notification.kind)
    if kind is None:
        return redirect("notifications:list")
    return redirect(kind.url(notification.subject_ref))


@require_POST
def mark_all_read(request):
    if actions.mark_all_read(user=request.user):
        messages.success(request, "All your notifications are marked as read.")
    return redirect("notifications:list")
