from django.contrib import admin

from hubspoke.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the database refuses changes anyway; this keeps the buttons away."""

    list_display = ("occurred_at", "action", "actor", "actor_role", "subject_kind", "subject_ref")
    # Exact matches only: the table grows to tens of millions of rows, and filters or
    # substring searches would scan all of them.
    search_fields = ("=subject_ref", "=request_id")
    list_select_related = ("actor",)
    show_full_result_count = False  # counting tens of millions of rows on every page is slow

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
