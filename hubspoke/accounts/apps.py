from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hubspoke.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from hubspoke.accounts import receivers  # noqa: F401  (session clock on sign-in)
