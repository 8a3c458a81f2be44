from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Verksamhetsplaner")

    def ready(self):
        from meetings.documents import register_document_provider

        from .selectors import meeting_documents

        register_document_provider(meeting_documents)
