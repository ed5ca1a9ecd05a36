from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "hubspoke.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring returns"

    def ready(self):
        from hubspoke.monitoring import demo, home
        from hubspoke.network.demo import register_extension
        from hubspoke.network.home import register as register_home

        register_home(home.items)
        register_extension(demo.seed_returns)
