from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top layer: home pages, navigation and the demo. The only app that imports the
    domain apps (referrals, assessments, cases, monitoring and later ones) side by side."""

    name = "hubspoke.home"
    label = "home"
    verbose_name = "Home"

    def ready(self):
        from hubspoke.cases import queries as case_queries
        from hubspoke.referrals import casework

        # The referrals app sits below cases but needs three answers from it.
        casework.provide(
            has_capacity=case_queries.has_capacity,
            cases_of=case_queries.cases_of_young_person,
            is_allocated=case_queries.works_young_persons_case,
        )
