from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hubspoke.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from hubspoke.cases import demo, queries
        from hubspoke.network.demo import register_extension
        from hubspoke.referrals import policy

        register_extension(demo.seed_cases)
        policy.set_capacity_check(queries.has_capacity)
