from django.contrib import admin

from .models import Meeting, MeetingKind


@admin.register(MeetingKind)
class MeetingKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "title", "kind", "location", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["kind"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_on"
