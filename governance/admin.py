from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

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
from .services import board_seats_validate, mandate_period_create


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
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
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "org_number", "active_from", "active_to"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "user"]
    search_fields = ["name", "email"]
    list_select_related = ["user"]


class BoardSeatFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seats = [
            form.instance
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not self._should_delete_form(form)
        ]
        board_seats_validate(seats)


class BoardSeatInline(admin.TabularInline):
    model = BoardSeat
    formset = BoardSeatFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["member", "kind", "person", "chair"]


class AuditorInline(admin.TabularInline):
    model = Auditor
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["kind", "person", "appointed_by", "appointed_by_state_jointly", "note"]


@admin.register(MandatePeriod)
class MandatePeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "election_year", "starts_on", "ends_on"]
    readonly_fields = ["starts_on", "ends_on"]
    inlines = [BoardSeatInline, AuditorInline]

    def get_readonly_fields(self, request, obj=None):
        # The election year decides the dates; it is fixed once seats hang on it.
        return [*self.readonly_fields, "election_year"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = mandate_period_create(organisation=Organisation.objects.current(), election_year=obj.election_year)
        obj.pk, obj.starts_on, obj.ends_on = created.pk, created.starts_on, created.ends_on
        obj._state.adding = False


@admin.register(BoardSeat)
class BoardSeatAdmin(admin.ModelAdmin):
    list_display = ["holder_name", "kind", "member", "chair", "period"]
    list_filter = ["period", "kind", "member"]
    list_select_related = ["person", "member", "period"]
    search_fields = ["person__name", "member__name"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("namn"), ordering="person__name")
    def holder_name(self, obj):
        return obj.holder_name


@admin.register(StaffPosition)
class StaffPositionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "person", "percent_of_full_time", "employer", "active_from", "active_to"]
    list_filter = ["role", "employer"]
    list_select_related = ["person", "employer"]
    search_fields = ["title", "person__name"]
    autocomplete_fields = ["person"]


@admin.register(Auditor)
class AuditorAdmin(admin.ModelAdmin):
    list_display = ["kind", "person", "appointing_body", "period"]
    list_filter = ["period", "kind"]
    list_select_related = ["person", "appointed_by", "period"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("utsedd av"))
    def appointing_body(self, obj):
        return obj.appointing_body


@admin.register(PreparatoryGroupMembership)
class PreparatoryGroupMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "member", "active_from", "active_to"]
    list_filter = ["member"]
    list_select_related = ["person", "member"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person"]
