from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "hubspoke.outbox"
    label = "outbox"
    verbose_name = "Outbox"
