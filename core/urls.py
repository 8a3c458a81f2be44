from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("handelselogg/", views.AuditLogView.as_view(), name="audit_log"),
    path("andringshistorik/", views.ChangeHistoryView.as_view(), name="change_history"),
    path("ping/", views.ping, name="ping"),
]
