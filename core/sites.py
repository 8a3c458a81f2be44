"""The admin site: a role that works in the admin is enough to enter it, Django's is_staff is not needed."""

from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .roles import ADMIN_ROLES, RoleRequired, can_use_admin, roles_with_permission

# What each of a model admin's pages asks for, by the last part of its URL name.
_PAGE_ACTIONS = {"changelist": "view", "history": "view", "change": "view", "add": "add", "delete": "delete"}


class RoleAdminSite(admin.AdminSite):
    """Let in an active user with a role whose work is in the admin (Förbundschef, Ekonom, Revisor), or staff.

    Removing the role removes the access at the next request. A logged-in user without
    such a role gets the 403 that names the roles, not the admin's login form, whose
    form would refuse them anyway; the admin's login sends to the site's own.
    """

    def has_permission(self, request):
        return can_use_admin(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated and not self.has_permission(request):
                raise self.refusal(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
            raise self.refusal(request)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"), settings.LOGIN_URL)

    def refusal(self, request) -> RoleRequired:
        """Return the refusal for `request`: the admin roles that may open the page it asks for."""
        url_name = getattr(request.resolver_match, "url_name", "") or ""
        for model in self._registry:
            prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
            if url_name.startswith(prefix):
                action = _PAGE_ACTIONS.get(url_name.rsplit("_", 1)[-1], "view")
                permission = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
                allowed = roles_with_permission(permission)
                return RoleRequired(roles=[role for role in ADMIN_ROLES if role in allowed])
        return RoleRequired(roles=ADMIN_ROLES)
