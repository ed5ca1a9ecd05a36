from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hubspoke.accounts"
    label = "accounts"
    verbose_name = "Accounts"
