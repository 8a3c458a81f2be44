from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceAdminMixin, opened_revision
from core.revisions import RevisionFormMixin, StaleWriteError, stale_write_message
from core.services import row_save

from . import services
from .models import (
    Auditor,
    BoardSeat,
    MandatePeriod,
    Member,
    Organisation,
    Person,
    PreparatoryGroupMembership,
    StaffPosition,
)

# The request attribute that carries a service's refusal into the page built again to show it.
_REFUSAL = "_service_refusal"


class ServiceFormAdminMixin(ServiceAdminMixin):
    """Write through the services (core.admin.ServiceAdminMixin) and show a service's refusal on the form.

    The admin checks its forms before it saves; a service checks the rules across rows,
    under its locks, while it saves. A ValidationError raised then has rolled back the
    admin's transaction: the page is built again from what was sent, with the service's
    message on the form, instead of a server error. A stale save is answered 409 Conflict.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST":
                raise
            refusal = error
        setattr(request, _REFUSAL, refusal)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if isinstance(refusal, StaleWriteError):
            response.status_code = 409
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        if refusal is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                show_refusal(self, refusal)
                return cleaned

        return RefusedForm


def show_refusal(form, refusal: ValidationError) -> None:
    """Put a service's ValidationError on `form`: on the field it names when the form has one."""
    if isinstance(refusal, StaleWriteError):
        row = refusal.row
        if hasattr(form, "add_stale_write_error") and type(row) is form._meta.model and row.pk == form.instance.pk:
            form.add_stale_write_error(refusal)
        else:  # a row of an inline: say which, without the values of a form not at hand
            form.add_error(None, stale_write_message(error=refusal, sent={}))
    elif hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


class RevisionAdminForm(RevisionFormMixin, forms.ModelForm):
    """An admin form that carries, in a hidden field, the revision its row was opened at (core.revisions)."""


class RevisionAdminMixin:
    """Carry a `Revisioned` row's revision on its admin form (or inline), so a stale save is refused."""

    form = RevisionAdminForm

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # Only on a form that can save: a read-only page would show the counter.
        return [*fields, "revision"] if self.has_change_permission(request, obj) else fields

    def get_exclude(self, request, obj=None):
        # The form's own field (the revision it was opened at) stands in for the model's, which only services set.
        return [*(super().get_exclude(request, obj) or []), "revision"]


@admin.register(Organisation)
class OrganisationAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "org_number", "founded_on", "term_start_label", "equity_cap_percent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "org_number", "founded_on"]}),
        (_("Förbundsordning"), {"fields": ["term_start_month", "term_start_day", "equity_cap_percent"]}),
    ]

    @admin.display(description=_("mandatperioden börjar"))
    def term_start_label(self, obj):
        return obj.term_start_label

    def has_add_permission(self, request):
        # One installation serves one förbund.
        return super().has_add_permission(request) and not Organisation.objects.exists()


@admin.register(Member)
class MemberAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "active_from", "active_to"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]


@admin.register(Person)
class PersonAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "phone", "user"]
    search_fields = ["name", "email"]
    list_select_related = ["user"]


class BoardSeatInline(admin.TabularInline):
    model = BoardSeat
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["member", "kind", "person", "chair"]


class AuditorInline(admin.TabularInline):
    model = Auditor
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["kind", "person", "appointed_by", "appointed_by_state_jointly", "note"]


@admin.register(MandatePeriod)
class MandatePeriodAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "election_year", "starts_on", "ends_on"]
    readonly_fields = ["starts_on", "ends_on"]
    inlines = [BoardSeatInline, AuditorInline]

    def get_readonly_fields(self, request, obj=None):
        # The election year decides the dates; it is fixed once seats hang on it.
        return [*self.readonly_fields, "election_year"] if obj else self.readonly_fields

    def service_save(self, obj, *, form, change, acting_user):
        if change:
            super().service_save(obj, form=form, change=change, acting_user=acting_user)
            return
        created = services.mandate_period_create(
            organisation=Organisation.objects.current(), election_year=obj.election_year, acting_user=acting_user
        )
        obj.pk, obj.starts_on, obj.ends_on = created.pk, created.starts_on, created.ends_on
        obj._state.adding = False

    def service_save_inline(self, obj, *, form, formset, acting_user):
        # An auditor: not the default, which would call this admin's service_save for the row.
        row_save(row=obj, acting_user=acting_user, expected_revision=opened_revision(form))

    def save_formset(self, request, form, formset, change):
        if formset.model is not BoardSeat:
            super().save_formset(request, form, formset, change)
            return
        # The rules hold across the seats of a term: the whole board is checked and saved at once.
        seats = formset.save(commit=False)
        services.board_seats_save(
            period=form.instance, seats=seats, removed=formset.deleted_objects, acting_user=request.user
        )


@admin.register(BoardSeat)
class BoardSeatAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["holder_name", "kind", "member", "chair", "period"]
    list_filter = ["period", "kind", "member"]
    list_select_related = ["person", "member", "period"]
    search_fields = ["person__name", "member__name"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("namn"), ordering="person__name")
    def holder_name(self, obj):
        return obj.holder_name

    def service_save(self, obj, *, form, change, acting_user):
        services.board_seat_save(seat=obj, acting_user=acting_user)


@admin.register(StaffPosition)
class StaffPositionAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "person", "percent_of_full_time", "employer", "active_from", "active_to"]
    list_filter = ["role", "employer"]
    list_select_related = ["person", "employer"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Auditor)
class AuditorAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "person", "appointing_body", "period"]
    list_filter = ["period", "kind"]
    list_select_related = ["person", "appointed_by", "period"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("utsedd av"))
    def appointing_body(self, obj):
        return obj.appointing_body


@admin.register(PreparatoryGroupMembership)
class PreparatoryGroupMembershipAdmin(ServiceFormAdminMixin, admin.ModelAdmin):
    list_display = ["person", "title", "member", "active_from", "active_to"]
    list_filter = ["member"]
    list_select_related = ["person", "member"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
