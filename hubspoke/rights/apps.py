from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "hubspoke.rights"
    label = "rights"
    verbose_name = "Subject access requests"
