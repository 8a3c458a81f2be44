from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User

from . import services
from .models import AuditEvent


class ServiceAdminMixin:
    """The one shape in which an admin writes: every save and delete goes through a service, with who acts.

    Override `service_save` and `service_delete` to call the app's own services; the
    defaults call `core.services.row_save` and `row_delete`, for rows whose rules are all
    their own. Inline rows go through `service_save_inline` and `service_delete_inline`
    (by default the same two). The revision a form was opened at (core.revisions) is
    passed on as `expected_revision`, so a stale save is refused by the service.
    """

    def service_save(self, obj, *, form, change: bool, acting_user) -> None:
        services.row_save(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision: int | None = None) -> None:
        services.row_delete(row=obj, acting_user=acting_user, expected_revision=expected_revision)

    def service_save_inline(self, obj, *, form, formset, acting_user) -> None:
        self.service_save(obj, form=form, change=obj.pk is not None, acting_user=acting_user)

    def service_delete_inline(self, obj, *, form, formset, acting_user) -> None:
        self.service_delete(obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def save_model(self, request, obj, form, change):
        self.service_save(obj, form=form, change=change, acting_user=request.user)

    def delete_model(self, request, obj):
        self.service_delete(obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.service_delete(obj, acting_user=request.user)

    def save_formset(self, request, form, formset, change):
        forms_by_row = {id(row_form.instance): row_form for row_form in formset.forms}
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.service_delete_inline(obj, form=forms_by_row.get(id(obj)), formset=formset, acting_user=request.user)
        for obj in instances:
            self.service_save_inline(obj, form=forms_by_row.get(id(obj)), formset=formset, acting_user=request.user)
        formset.save_m2m()


def opened_revision(form) -> int | None:
    """Return the revision the row of `form` was opened at, when the form carries one (core.revisions)."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    return cleaned.get("revision")


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
    """Django's user admin, changing a user's roles through the service that records it in the audit trail."""

    def save_related(self, request, form, formsets, change):
        # Taken out of the form so that its save_m2m leaves the groups to the service.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.user_roles_set(user=form.instance, groups=groups, acting_user=request.user)
