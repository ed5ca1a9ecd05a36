from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "hubspoke.exchange"
    label = "exchange"
    verbose_name = "Knowledge exchange"

    def ready(self):
        from hubspoke.exchange import plugins

        plugins.register()
