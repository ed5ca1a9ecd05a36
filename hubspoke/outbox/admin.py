from django.contrib import admin

from hubspoke.outbox.models import Channel, OutgoingMessage


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(admin.ModelAdmin):
    """Read-only: what was sent, when, and why not. Bodies are not shown (an invitation's body
    holds a set-password link), nor recipients (only how many a text message has reached)."""

    list_display = ("created_at", "key", "channel", "urgent", "status", "attempts", "sent_at")
    list_filter = ("status", "channel", "urgent")
    search_fields = ("=key", "=uuid")
    fields = ("uuid", "key", "channel", "urgent", "subject", "status", "attempts", "delivered", "last_error",
              "created_at", "next_attempt_at", "enqueued_at", "claimed_at", "sent_at")
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description="Numbers reached")
    def delivered(self, obj):
        if obj.channel != Channel.SMS:
            return "—"
        return f"{len(obj.delivered_to)} of {len(obj.recipients)}"

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
