from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # the app "core"; RoleAdminConfig below is named in INSTALLED_APPS by itself
    name = "core"
    verbose_name = _("Grund")

    def ready(self):
        from core.domain import IdConverter, YearConverter

        register_converter(YearConverter, "year")
        register_converter(IdConverter, "id")

        from simple_history.signals import post_create_historical_record

        from core.history import on_historical_record

        post_create_historical_record.connect(on_historical_record, dispatch_uid="core.history.field_changes")


class RoleAdminConfig(admin_apps.AdminConfig):
    """Django's admin with sofint's site (core.sites.RoleAdminSite): a role is enough to enter it."""

    default = False
    default_site = "core.sites.RoleAdminSite"
