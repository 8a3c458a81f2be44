from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from meetings.documents import register_document_provider


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Verksamhetsplaner")

    def ready(self):
        # Imported here, not at the top: Django imports an AppConfig module while it builds
        # the app registry, and plans.selectors imports models (plans' own and, through the
        # other apps' selectors, theirs), which cannot load until the registry is ready.
        # ready() is where Django lets an app do that. The provider lets a meeting's page
        # list the plan versions sent to it without meetings importing plans.
        from .selectors import meeting_documents

        register_document_provider(meeting_documents)
