from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "hubspoke.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self):
        from hubspoke.audit import receivers  # noqa: F401  (connects sign-in and MFA signals)
