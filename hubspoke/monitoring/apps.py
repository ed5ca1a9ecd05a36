from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "hubspoke.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring returns"
