from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "hubspoke.notifications"
    label = "notifications"
    verbose_name = "Notifications"
