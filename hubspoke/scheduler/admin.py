import django_tasks_db.admin  # noqa: F401  (registers DBTaskResult first, so it can be replaced here)
from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from hubspoke.scheduler.models import ScheduledRun


class AdministratorsMayLook:
    """Read-only, and open to the administration site's administrators (whose permissions
    follow their role, not Django's per-model permissions)."""

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(AdministratorsMayLook, admin.ModelAdmin):
    """When each periodic job last ran; its outcome is the task result named by ``task_id``."""

    list_display = ("due_at", "job", "enqueued_at", "task_id")
    list_filter = ("job",)
    fields = ("job", "due_at", "enqueued_at", "task_id")
    readonly_fields = fields


# The queue's task results (django-tasks' database backend), for seeing what failed and why.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(AdministratorsMayLook, DBTaskResultAdmin):
    show_full_result_count = False
