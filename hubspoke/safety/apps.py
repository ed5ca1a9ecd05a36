from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "hubspoke.safety"
    label = "safety"
    verbose_name = "Worker safety and support"

    def ready(self):
        from hubspoke.safety import plugins

        plugins.register()
