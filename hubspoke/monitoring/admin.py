from django.contrib import admin

from hubspoke.monitoring.models import MonitoringSettings
from hubspoke.network.admin import AuditedModelAdmin


@admin.register(MonitoringSettings)
class MonitoringSettingsAdmin(AuditedModelAdmin):
    """The programme's deadline and disclosure-control rule. Returns themselves are changed only
    by their service's managers, through the product, never here."""

    list_display = ("programme", "returns_from", "deadline_days", "suppress_max", "round_to")
    fields = ("programme", "returns_from", "deadline_days", "suppress_max", "round_to", "percent_min_denominator",
              "measure_min_n")
