from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin

from .models import Plan, PlanVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Plans are written in the app's own editor, where the lock and revisions are kept.

    The admin shows them for reference only: nothing is added, changed or deleted here.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    fields = ["number", "sent_at", "sent_by", "meeting", "is_adoption", "pdf_pages"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin, HistoryAdmin):
    list_display = ["title", "status", "adopted_on"]
    list_filter = ["status"]
    fields = [
        "first_year", "last_year", "given_title", "subtitle", "document_date", "status", "adopted_on", "adopted_at",
        "adoption_reference", "adopted_at_date", "adopted_at_title", "adopted_at_kind", "copied_from",
    ]  # fmt: skip
    readonly_fields = ["adopted_at_date", "adopted_at_title", "adopted_at_kind", "copied_from"]
    inlines = [PlanVersionInline]

    @admin.display(description=_("plan"))
    def title(self, obj):
        return obj.title


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["plan", "number", "sent_at", "meeting", "is_adoption", "pdf_pages"]
    list_filter = ["is_adoption"]
    list_select_related = ["plan", "meeting"]
    fields = [
        "plan", "number", "sent_at", "sent_by", "meeting", "meeting_on", "meeting_title", "is_adoption", "pdf_pages",
    ]  # fmt: skip
    readonly_fields = ["meeting_on", "meeting_title"]


# The render queue's task rows (django_tasks_db) are the worker's bookkeeping, not the förbund's
# data: what a user needs to know about a PDF is on its waiting page (plans.PdfJob).
if apps.is_installed("django_tasks_db"):
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
