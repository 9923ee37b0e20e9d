from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ngoaivu.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và đơn vị"

    def ready(self) -> None:
        from ngoaivu.accounts import signals  # noqa: F401 - connects the signed-in session tracking
