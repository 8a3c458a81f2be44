from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import GuardedDeleteAdminMixin, HistoryAdmin, RevisionAdminMixin, ServiceAdminMixin, opened_revision
from core.formatting import isodate

from . import services
from .models import CalendarAdoption, Meeting, MeetingKind


def _take_saved(obj, saved) -> None:
    """Make the admin's `obj` the row a service saved (its id, uid, normalised fields …)."""
    for field in type(obj)._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False


@admin.register(MeetingKind)
class MeetingKindAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Meeting)
class MeetingAdmin(GuardedDeleteAdminMixin, ServiceAdminMixin, RevisionAdminMixin, HistoryAdmin):
    delete_refusal = services.meeting_delete_refusal
    list_display = ["date", "title", "kind", "location", "year", "state_display"]
    list_filter = ["kind", "status", "year"]
    list_select_related = ["kind"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_on"
    readonly_fields = ["uid", "sequence", "updated_at"]

    @admin.display(description=_("datum"), ordering="starts_on")
    def date(self, meeting):
        return meeting.date_label

    @admin.display(description=_("status"), ordering="status")
    def state_display(self, meeting):
        # Held or not follows today's date; the filter beside the list is the stored status.
        return meeting.state_label

    def service_save(self, obj, *, form, change, acting_user):
        # Through the services, so an edit here raises SEQUENCE like one in the app's own forms.
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.meeting_update(
                meeting=obj, data=data, acting_user=acting_user, expected_revision=opened_revision(form)
            )
        else:
            saved = services.meeting_create(**data, acting_user=acting_user)
        _take_saved(obj, saved)

    def service_delete(self, obj, *, acting_user, expected_revision=None):
        services.meeting_delete(meeting=obj, acting_user=acting_user, expected_revision=expected_revision)


@admin.register(CalendarAdoption)
class CalendarAdoptionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["year", "adopted_on_display", "meeting"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting"]

    @admin.display(description=_("fastställt"), ordering="meeting__starts_on")
    def adopted_on_display(self, adoption):
        return isodate(adoption.adopted_on)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # The board's decision, once recorded (and audited), is a fact: it may be removed, not rewritten.
        return [*readonly, "year", "meeting"] if obj else readonly

    def service_save(self, obj, *, form, change, acting_user):
        if change:
            super().service_save(obj, form=form, change=change, acting_user=acting_user)
            return
        _take_saved(obj, services.calendar_adopt(year=obj.year, meeting=obj.meeting, acting_user=acting_user))
