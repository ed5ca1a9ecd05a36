from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "hubspoke.engagement"
    label = "engagement"
    verbose_name = "Work with professionals and the local system"

    def ready(self):
        from hubspoke.engagement import plugins

        plugins.register()
