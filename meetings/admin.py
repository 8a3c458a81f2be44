from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.formatting import isodate

from . import services
from .models import CalendarAdoption, Meeting, MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "kind", "location", "year", "status"]
    list_filter = ["kind", "status", "year"]
    list_select_related = ["kind"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_on"
    readonly_fields = ["uid", "sequence", "updated_at"]

    @admin.display(description=_("datum"), ordering="starts_on")
    def date(self, meeting):
        return meeting.date_label

    def save_model(self, request, obj, form, change):
        # Through the services, so an edit here raises SEQUENCE like one in the app's own forms.
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.meeting_update(meeting=obj, data=data)
        else:
            saved = services.meeting_create(**data)
        obj.pk, obj.sequence, obj.uid, obj.updated_at = saved.pk, saved.sequence, saved.uid, saved.updated_at


@admin.register(CalendarAdoption)
class CalendarAdoptionAdmin(admin.ModelAdmin):
    list_display = ["year", "adopted_on_display", "meeting"]
    list_select_related = ["meeting"]
    raw_id_fields = ["meeting"]

    @admin.display(description=_("fastställt"), ordering="meeting__starts_on")
    def adopted_on_display(self, adoption):
        return isodate(adoption.adopted_on)
