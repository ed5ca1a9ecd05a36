from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "hubspoke.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from hubspoke.assessments import demo
        from hubspoke.network.demo import register_extension

        register_extension(demo.seed_tools)
