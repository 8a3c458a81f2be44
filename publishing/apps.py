from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """What the förbund has chosen to publish on the open web, for everyone, without a login.

    Above the domain apps: it reads the documents they keep (now the adopted plans) and
    never changes them.
    """

    name = "publishing"
    verbose_name = _("Publicerat")
