from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "hubspoke.retention"
    label = "retention"
    verbose_name = "Retention and disposal"

    def ready(self):
        from hubspoke.retention import plugins

        plugins.register()
