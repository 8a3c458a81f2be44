from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("handelselogg/", views.AuditLogView.as_view(), name="audit_log"),
    path("ping/", views.ping, name="ping"),
]
