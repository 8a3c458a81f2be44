from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Grund")

    def ready(self):
        from core.domain import IdConverter, YearConverter

        register_converter(YearConverter, "year")
        register_converter(IdConverter, "id")
