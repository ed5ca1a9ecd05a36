from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "hubspoke.referrals"
    label = "referrals"
    verbose_name = "Referrals"
