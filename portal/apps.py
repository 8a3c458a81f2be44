from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The roof over the domain apps: the start page, the account, the demo data and the backup."""

    name = "portal"
    verbose_name = _("Startsida och konto")
