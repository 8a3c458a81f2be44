from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("konto/", views.ProfileView.as_view(), name="profile"),
    path("konto/losenord/", views.PasswordChangeView.as_view(), name="password_change"),
    path("tillganglighet/", views.AccessibilityStatementView.as_view(), name="accessibility"),
]
