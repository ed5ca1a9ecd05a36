from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "hubspoke.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self):
        from django.urls import reverse

        from hubspoke.audit import registry
        from hubspoke.cases import access, extracts
        from hubspoke.notifications.registry import register_kind
        from hubspoke.sharing.categories import Category, register_extract

        register_kind("cases.transfer", message="A case is being transferred to your service",
                      group="Transfers to your service",
                      url=lambda ref: reverse("cases:transfer_detail", kwargs={"ref": ref}))
        register_kind("cases.closed_at_risk", message="A case at medium risk or higher has closed",
                      group="Cases closed at medium risk or higher",
                      url=lambda ref: reverse("cases:detail", kwargs={"ref": ref}))
        registry.register_subject("cases.case", label="case", get_for_manager=access.get_case_for_manager)
        register_extract(Category.PLAN, extracts.plan_extract)
        register_extract(Category.MISSING, extracts.missing_extract)
        register_extract(Category.RESTRICTED, extracts.restricted_extract)
