from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hubspoke.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from hubspoke.cases import demo
        from hubspoke.network.demo import register_extension

        register_extension(demo.seed_cases)
