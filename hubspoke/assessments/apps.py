from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "hubspoke.assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from django.urls import reverse

        from hubspoke.assessments import access, extracts
        from hubspoke.audit import registry
        from hubspoke.notifications.registry import register_kind
        from hubspoke.sharing.categories import Category, register_extract

        registry.register_subject(
            "assessments.assessment", label="assessment", get_for_manager=access.get_assessment_for_manager
        )
        register_kind(
            "assessments.countersign",
            message="An assessment needs your countersignature",
            group="Assessments to countersign",
            url=lambda ref: reverse("assessments:detail", kwargs={"ref": ref}),
        )
        register_extract(Category.RISK, extracts.risk_extract)
