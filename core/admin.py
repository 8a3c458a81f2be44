from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from .models import AuditEvent
from .services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: it is written by the app's services and never edited."""

    list_display = ["at", "username", "action", "summary"]
    list_filter = ["action"]
    search_fields = ["summary", "username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, recording every change of a user's roles in the audit trail."""

    def save_related(self, request, form, formsets, change):
        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.groups.values_list("name", flat=True))
        if before != after:
            audit_record(
                acting_user=request.user,
                action=AuditEvent.Action.ROLE_CHANGED,
                summary=_("%(user)s: %(before)s → %(after)s")
                % {
                    "user": form.instance.username,
                    "before": ", ".join(sorted(before)) or _("ingen roll"),
                    "after": ", ".join(sorted(after)) or _("ingen roll"),
                },
                details={"user": form.instance.pk, "added": sorted(after - before), "removed": sorted(before - after)},
            )
