from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.urls import register_converter
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # the app "core"; RoleAdminConfig below is named in INSTALLED_APPS by itself
    name = "core"
    verbose_name = _("Grund")

    def ready(self):
        from core.domain import IdConverter, YearConverter

        register_converter(YearConverter, "year")
        register_converter(IdConverter, "id")
        _name_link_rows()

        from simple_history.signals import post_create_historical_record

        from core.history import on_historical_record

        post_create_historical_record.connect(on_historical_record, dispatch_uid="core.history.field_changes")


def _name_link_rows():
    """Give the rows Django makes for a many-to-many field Swedish names.

    Django names them from the models' class names ("Project-targetgroup relation:
    Project_target_groups object (2)"), which the admin shows on a delete confirmation.
    """
    from django.apps import apps

    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if not opts.auto_created or opts.app_label not in _DOMAIN_APP_LABELS:
            continue
        source, target = (field for field in opts.fields if field.is_relation)
        names = {"from": source.related_model._meta.verbose_name, "to": target.related_model._meta.verbose_name}
        opts.verbose_name = format_lazy(_("koppling {from} – {to}"), **names)
        opts.verbose_name_plural = format_lazy(_("kopplingar {from} – {to}"), **names)
        model.__str__ = _link_row_text(source.name, target.name)


def _link_row_text(source: str, target: str):
    def text(row) -> str:
        return f"{getattr(row, source)} – {getattr(row, target)}"

    return text


_DOMAIN_APP_LABELS = ("governance", "meetings", "projects", "budget", "plans", "goals", "core")


class RoleAdminConfig(admin_apps.AdminConfig):
    """Django's admin with sofint's site (core.sites.RoleAdminSite): a role is enough to enter it."""

    default = False
    default_site = "core.sites.RoleAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin import helpers
        from django.contrib.admin.templatetags import admin_list

        # Django writes a yes/no icon's text as "True", "False" or "None", in English, in lists and
        # read-only forms; the admin looks the function up here each time it draws one.
        admin_list._boolean_icon = _boolean_icon
        # An amount (every 64-bit integer column in sofint is kronor) shown as text, on a read-only
        # page or in a list column, is grouped as everywhere else: 1 855 250, not 1855250.
        for module in (helpers, admin_list):
            module.display_for_field = _amount_grouping(module.display_for_field)


def _amount_grouping(display_for_field):
    def display(value, field, empty_value_display, *args, **kwargs):
        from django.db import models

        from core.formatting import number

        if isinstance(field, models.BigIntegerField) and not field.primary_key and isinstance(value, int):
            return number(value)
        return display_for_field(value, field, empty_value_display, *args, **kwargs)

    return display


def _boolean_icon(value):
    from django.templatetags.static import static
    from django.utils.html import format_html

    icon, text = {True: ("yes", _("Ja")), False: ("no", _("Nej")), None: ("unknown", _("Okänt"))}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)
