from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Partner accounts and users"

    def ready(self) -> None:
        from accounts.audit import audit_register

        audit_register()
