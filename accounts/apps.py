from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # django-axes names its admin section "Axes", untranslated.
        apps.get_app_config("axes").verbose_name = _("Login lockouts")
