from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import GuardedDeleteAdminMixin, HistoryAdmin, RowAutocompleteMixin, ServiceAdminMixin

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


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "org_number_label", "founded_on", "term_start_label", "equity_cap_percent"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "org_number", "founded_on"]}),
        (_("Förbundsordning"), {"fields": ["term_start_month", "term_start_day", "equity_cap_percent"]}),
    ]

    @admin.display(description=_("organisationsnummer"), ordering="org_number")
    def org_number_label(self, obj):
        return obj.org_number or _("saknas")

    @admin.display(description=_("mandatperioden börjar"))
    def term_start_label(self, obj):
        return obj.term_start_label

    def has_add_permission(self, request):
        # One installation serves one förbund.
        return super().has_add_permission(request) and not Organisation.objects.exists()


@admin.register(Member)
class MemberAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "active_from", "active_to"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]


@admin.register(Person)
class PersonAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "email", "phone", "user"]
    search_fields = ["name", "email"]
    list_select_related = ["user"]


class BoardSeatInline(RowAutocompleteMixin, admin.TabularInline):
    model = BoardSeat
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["member", "kind", "person", "chair"]


class AuditorInline(RowAutocompleteMixin, admin.TabularInline):
    model = Auditor
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["kind", "person", "appointed_by", "appointed_by_state_jointly", "note"]


@admin.register(MandatePeriod)
class MandatePeriodAdmin(GuardedDeleteAdminMixin, ServiceAdminMixin, HistoryAdmin):
    delete_refusal = services.mandate_period_delete_refusal
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

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.mandate_period_delete(period=obj, acting_user=acting_user)

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
class BoardSeatAdmin(ServiceAdminMixin, HistoryAdmin):
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
class StaffPositionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "person", "percent_of_full_time", "employer", "active_from", "active_to"]
    list_filter = ["role", "employer"]
    list_select_related = ["person", "employer"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Auditor)
class AuditorAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "person", "appointing_body", "period"]
    list_filter = ["period", "kind"]
    list_select_related = ["person", "appointed_by", "period"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("utsedd av"))
    def appointing_body(self, obj):
        return obj.appointing_body


@admin.register(PreparatoryGroupMembership)
class PreparatoryGroupMembershipAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["person", "title", "member", "active_from", "active_to"]
    list_filter = ["member"]
    list_select_related = ["person", "member"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
