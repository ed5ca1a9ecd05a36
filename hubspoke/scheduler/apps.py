from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "hubspoke.scheduler"
    label = "scheduler"
    verbose_name = "Schedule"
