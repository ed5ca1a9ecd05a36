from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "hubspoke.stories"
    label = "stories"
    verbose_name = "Young people's own stories"

    def ready(self):
        from hubspoke.stories import plugins

        plugins.register()
