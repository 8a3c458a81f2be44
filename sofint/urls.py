from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from core.forms import LoginForm

admin.site.site_header = _("sofint – administration")
admin.site.site_title = _("sofint")
admin.site.index_title = _("Förbundets uppgifter")

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("core.urls")),
    path("", include("governance.urls")),
    path("", include("plans.urls")),
    path("", include("meetings.urls")),
    path("", include("projects.urls")),
    path("", include("budget.urls")),
    path("", include("goals.urls")),
    path("", include("publishing.urls")),
    path("", include("portal.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "core.errors.permission_denied"
handler500 = "core.errors.server_error"
