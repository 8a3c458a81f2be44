from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import selectors, services
from .domain import MAX_ID_DIGITS
from .keys import holds
from .models import AuditEvent
from .revisions import BAD_REVISION, Revisioned, RevisionFormMixin, StaleWriteError, revision_parse, stale_write_message
from .roles import ROLES

STALE_WRITE_NOTE = gettext_lazy(
    "Någon annan har sparat ändringar medan du redigerade. Ingenting av det du skickade har sparats: "
    "se det som är markerat nedan, ladda om sidan och gör om din ändring."
)


class RowAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that shows again only sent values that can be row ids.

    Re-rendering a refused form looks the sent value up with an `__in` query, and SQLite
    fails on an integer wider than 64 bits instead of finding nothing.
    """

    def optgroups(self, name, value, attr=None):
        rows = [sent for sent in value if sent is None or str(sent) == "" or _is_row_id(str(sent))]
        return super().optgroups(name, rows, attr)


def _is_row_id(text: str) -> bool:
    return text.isdigit() and len(text) <= MAX_ID_DIGITS


class RowAutocompleteMixin:
    """Give a model admin's or inline's autocomplete fields the `RowAutocompleteSelect` widget."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RowAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class GuardedDeleteAdminMixin:
    """For rows a service may refuse to delete: the confirmation page says the refusal
    beforehand, and the bulk delete (which could not say which row may not go) is removed.

    Set `delete_refusal` to the service's function that returns the refusal text, or "".
    """

    delete_refusal = None

    def render_delete_form(self, request, context):
        refusal = type(self).delete_refusal(context["object"])
        if refusal:
            self.message_user(request, refusal, messages.WARNING)
        return super().render_delete_form(request, context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ServiceAdminMixin(RowAutocompleteMixin):
    """The one shape in which an admin writes: every save and delete goes through a service, with who acts.

    Override `service_save` and `service_delete` to call the app's own services; the
    defaults call `core.services.row_save` and `row_delete`, for rows whose rules are all
    their own. Inline rows go through `service_save_inline` and `service_delete_inline`
    (by default the same two). The revision a form was opened at (core.revisions) is
    passed on as `expected_revision`, so a stale save is refused by the service.

    A save the service refuses as stale (`StaleWriteError`) is answered here, the same way
    in every admin: the admin's transaction has rolled back, so nothing of the submission
    is saved; the page is shown again as the user sent it, with the saved value next to
    the sent one on the refused row (`stale_write_message`), and the status is 409. No
    form locks or reads anything for this: the service is the one that finds the conflict.
    A refused delete leads back to the row's page, which shows it as it is now.
    """

    def service_save(self, obj, *, form, change: bool, acting_user) -> None:
        services.row_save(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete(self, obj, *, acting_user, expected_revision: int | None = None) -> None:
        services.row_delete(row=obj, acting_user=acting_user, expected_revision=expected_revision)

    def service_save_inline(self, obj, *, form, formset, acting_user) -> None:
        # Not `service_save`: an admin that overrides it for its own row would save the inline's rows through it.
        services.row_save(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def service_delete_inline(self, obj, *, form, formset, acting_user) -> None:
        services.row_delete(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def save_model(self, request, obj, form, change):
        self.service_save(obj, form=form, change=change, acting_user=request.user)

    def delete_model(self, request, obj):
        # The confirmation page carries the revision it showed (`row_revision`); a delete without one is not compared.
        # A tampered one never gets here (delete_view refuses it).
        expected_revision = revision_parse(request.POST.get("revision", ""))
        self.service_delete(obj, acting_user=request.user, expected_revision=expected_revision)

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

    # --- A stale write the service refused -------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleWriteError as error:
            # The admin's own transaction has rolled back by now. Show the page again from the
            # same POST; the forms turn `request.stale_write` into their errors, so none saves.
            request.stale_write, request.stale_write_shown = error, False
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if not request.stale_write_shown:  # the refused row is not on this page
                self.message_user(request, stale_write_message(error=error, sent={}), messages.ERROR)
            if response.status_code == 200:
                response.status_code = 409
            return response
        except ValidationError as error:
            # A rule across rows, checked by the service while it saved: shown on the form, nothing saved.
            if request.method != "POST":
                raise
            request.service_refusal = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "stale_write", None) is not None:
            return _form_showing_stale_write(form, request)
        if getattr(request, "service_refusal", None) is not None:
            return _form_showing_refusal(form, request.service_refusal)
        return form

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if getattr(request, "stale_write", None) is not None:
                formset = _formset_showing_stale_write(formset, request)
            yield formset, inline

    def render_delete_form(self, request, context):
        if isinstance(context.get("object"), Revisioned):
            context["row_revision"] = context["object"].revision
        return super().render_delete_form(request, context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "POST":
            try:
                revision_parse(request.POST.get("revision", ""))
            except ValueError:
                self.message_user(request, BAD_REVISION, messages.ERROR)
                opts = self.opts
                return HttpResponseRedirect(
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
                )
        try:
            return super().delete_view(request, object_id, extra_context)
        except StaleWriteError as error:
            self.message_user(request, stale_write_message(error=error, sent={}, deleting=True), messages.ERROR)
            opts = self.opts
            if error.current is None:
                return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))
        except ValidationError as error:
            # The service refused the delete (an adopted or decided row): nothing is deleted, the row's page says why.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            opts = self.opts
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id]))


def _is_refused_row(instance, error: StaleWriteError) -> bool:
    row = error.row
    return (
        instance.pk is not None and instance.pk == row.pk and instance._meta.concrete_model is row._meta.concrete_model
    )


def _stale_write_error(request, form, *, deleting: bool = False) -> ValidationError:
    request.stale_write_shown = True
    message = stale_write_message(error=request.stale_write, sent=form.cleaned_data, deleting=deleting)
    return ValidationError(message, code="conflict")


def _form_showing_stale_write(form_class, request):
    """Return `form_class` showing the refused write of `request` on its row, or the general note on another."""

    def clean(self):
        cleaned_data = super(form, self).clean()
        if _is_refused_row(self.instance, request.stale_write):
            self.add_error(None, _stale_write_error(request, self))
        else:  # the page's main form: says why nothing was saved, and keeps it from saving
            self.add_error(None, ValidationError(STALE_WRITE_NOTE, code="conflict"))
        return cleaned_data

    form = type(form_class.__name__, (form_class,), {"clean": clean, "__module__": form_class.__module__})
    return form


def _formset_showing_stale_write(formset_class, request):
    """Return `formset_class` showing the refused write of `request` on the form of its row."""

    def clean(self):
        super(formset, self).clean()
        for row_form in self.forms:
            if not hasattr(row_form, "cleaned_data") or not _is_refused_row(row_form.instance, request.stale_write):
                continue
            if self.can_delete and self._should_delete_form(row_form):
                # A form marked for deletion is not validated by the formset: its error is the formset's.
                raise _stale_write_error(request, row_form, deleting=True)
            row_form.add_error(None, _stale_write_error(request, row_form))

    formset = type(formset_class.__name__, (formset_class,), {"clean": clean, "__module__": formset_class.__module__})
    return formset


def _form_showing_refusal(form_class, refusal: ValidationError):
    """Return `form_class` showing a service's refusal: on the field it names when the form has one."""

    def clean(self):
        cleaned_data = super(form, self).clean()
        if hasattr(refusal, "error_dict"):
            for field, errors in refusal.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, refusal)
        return cleaned_data

    form = type(form_class.__name__, (form_class,), {"clean": clean, "__module__": form_class.__module__})
    return form


class EditOnlyFieldsMixin:
    """Leave out, on a read-only page, the form's own fields (`edit_only_fields`) that only help to edit.

    A read-only admin page shows each field as text, under a label Django makes from the
    field's name when the form is not there to give one ("Adopt on", "Target text: None").
    """

    edit_only_fields: tuple[str, ...] = ()

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return [field for field in fields if field not in self.edit_only_fields]


class RevisionAdminForm(RevisionFormMixin, forms.ModelForm):
    """An admin form that carries, in a hidden field, the revision its row was opened at (core.revisions)."""


class RevisionAdminMixin:
    """Carry a `Revisioned` row's revision on its admin form (or inline), so that a stale save is refused."""

    form = RevisionAdminForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # Only on a form that can save: a read-only page would show the counter.
        return [*fields, "revision"] if self.has_change_permission(request, obj) else fields

    def get_exclude(self, request, obj=None):
        # The form's own field (the revision it was opened at) stands in for the model's, which only services set.
        return [*(super().get_exclude(request, obj) or []), "revision"]


def opened_revision(form) -> int | None:
    """Return the revision the row of `form` was opened at, when the form carries one (core.revisions)."""
    cleaned = getattr(form, "cleaned_data", None) or {}
    return cleaned.get("revision")


def _without(fields, name):
    return [field for field in fields if field != name]


HISTORY_KINDS = {"+": gettext_lazy("Skapad"), "~": gettext_lazy("Ändrad"), "-": gettext_lazy("Borttagen")}


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin's history of a row, to read (who changed what, when, before → after), never to revert from.

    Each record shows the fields it changed as the change history stored them when it
    was written (`core.history`: values already in Swedish), read for the whole page in
    one query; simple-history's own diff (English labels, raw values, a diff per row) is
    not computed. simple-history's revert form saves with only the view-history
    permission checked, and a revert would bypass the services and their lock: refused.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # simple-history filters by the id before it asks whether the row exists: "abc" raised (a 500).
        if not holds(self.opts.pk, unquote(object_id)):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # Only the person is shown: not the related rows simple-history joins for its own diff.
        return history_manager.filter(**{pk_name: object_id}).select_related("history_user")

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        changes = selectors.changes_by_record(model=self.model, history_ids=[r.history_id for r in records])
        for record in records:
            record.sofint_changes = changes.get(record.history_id, [])
            record.sofint_kind = HISTORY_KINDS.get(record.history_type, record.history_type)
            record.sofint_who = selectors.person_name(record.history_user)

    def render_history_view(self, request, template, context, **kwargs):
        admin_form = context.get("adminform")
        if admin_form is not None:  # one earlier version: every field to read, none to fill in
            names = [name for name in flatten_fieldsets(admin_form.fieldsets) if name != "revision"]
            fieldsets = [(title, {**options, "fields": _without(options["fields"], "revision")})
                         for title, options in admin_form.fieldsets]  # fmt: skip
            context["adminform"] = helpers.AdminForm(admin_form.form, fieldsets, {}, names, model_admin=self)
        return super().render_history_view(request, template, context, **kwargs)

    def history_view_title(self, request, obj):
        return gettext("Historik för %s") % obj

    def history_form_view_title(self, request, obj):
        return gettext("Tidigare version av %s") % obj


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
    """Django's user admin, changing a user's roles through the service that records it in the audit trail.

    The förbundschef gives the förbund's people their accounts (core.roles: view, add and
    change of users): she sees and sets only the account, the name, the e-mail, whether it
    is active and the four roles. Superuser, staff status and single permissions stay with
    superusers, and so do superusers' accounts; an account is closed by making it
    inactive, never deleted, since the audit trail names it.
    """

    ROLE_FIELDSETS = (
        (None, {"fields": ("username", "password")}),
        (gettext_lazy("Personuppgifter"), {"fields": ("first_name", "last_name", "email")}),
        (gettext_lazy("Roll och åtkomst"), {"fields": ("is_active", "groups")}),
        (gettext_lazy("Viktiga datum"), {"fields": ("last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.ROLE_FIELDSETS

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ("last_login", "date_joined")

    def get_list_display(self, request):
        if request.user.is_superuser:
            return super().get_list_display(request)
        return ("username", "first_name", "last_name", "email", "is_active")

    def get_list_filter(self, request):
        return super().get_list_filter(request) if request.user.is_superuser else ("is_active", "groups")

    def get_queryset(self, request):
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLES).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        # Taken out of the form so that its save_m2m leaves the groups to the service.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            services.user_roles_set(user=form.instance, groups=groups, acting_user=request.user)
