from django.apps import AppConfig
from django.db.models import Field
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from directory.lookups import AnyOf

        Field.register_lookup(AnyOf)
