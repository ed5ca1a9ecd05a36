from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "hubspoke.stories"
    label = "stories"
    verbose_name = "Young people's own stories"
