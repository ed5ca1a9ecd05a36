from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "hubspoke.rights"
    label = "rights"
    verbose_name = "Subject access requests"

    def ready(self):
        from hubspoke.rights import plugins

        plugins.register()
