from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hubspoke.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from hubspoke.cases import home
        from hubspoke.network.home import register as register_home

        register_home(home.items)
        from hubspoke.audit import registry
        from hubspoke.cases import access, demo, demo_assessments, demo_casework, queries
        from hubspoke.network.demo import register_extension
        from hubspoke.referrals import policy

        register_extension(demo.seed_cases)
        register_extension(demo_casework.seed_contacts)
        register_extension(demo_assessments.seed_assessments)
        policy.set_capacity_check(queries.has_capacity)
        policy.set_case_lookup(queries.cases_of_young_person)
        policy.set_allocation_check(queries.works_young_persons_case)
        from django.urls import reverse

        from hubspoke.notifications.registry import register_kind

        register_kind("cases.transfer", message="A case is being transferred to your service",
                      group="Transfers to your service",
                      url=lambda ref: reverse("cases:transfer_detail", kwargs={"ref": ref}))
        register_kind("cases.closed_at_risk", message="A case at medium risk or higher has closed",
                      group="Cases closed at medium risk or higher",
                      url=lambda ref: reverse("cases:detail", kwargs={"ref": ref}))
        registry.register_subject("cases.case", label="case", get_for_manager=access.get_case_for_manager)
