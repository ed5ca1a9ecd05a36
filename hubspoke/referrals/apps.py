from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "hubspoke.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self):
        from hubspoke.audit import registry
        from hubspoke.referrals import access, notifications

        registry.register_subject(
            "referrals.referral", label="referral", get_for_manager=access.get_referral_for_manager
        )
        registry.register_subject(
            "referrals.youngperson", label="young person", get_for_manager=access.get_young_person_for_manager
        )
        notifications.register_kinds()
