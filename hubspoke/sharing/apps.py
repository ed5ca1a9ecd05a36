from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "hubspoke.sharing"
    label = "sharing"
    verbose_name = "Information sharing"

    def ready(self):
        from hubspoke.sharing import plugins

        plugins.register()
