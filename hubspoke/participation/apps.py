from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "hubspoke.participation"
    label = "participation"
    verbose_name = "Young people's participation"

    def ready(self):
        from hubspoke.participation import plugins

        plugins.register()
