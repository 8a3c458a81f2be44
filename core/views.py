from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView

from governance import selectors as governance
from meetings.views import subscription_context, upcoming_context

from .forms import PasswordChangeForm
from .models import AuditEvent
from .roles import ROLE_DESCRIPTIONS
from .selectors import dashboard_get


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        period = governance.period_for_date(today) or next(iter(governance.period_list()), None)
        return super().get_context_data(
            today=today,
            period=period,
            member_count=len(governance.member_list(on=today)),
            dashboard=dashboard_get(user=self.request.user, today=today),
            **upcoming_context(self.request, today=today),
            **kwargs,
        )


class ProfileView(TemplateView):
    template_name = "core/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        roles = [(group.name, ROLE_DESCRIPTIONS.get(group.name, "")) for group in user.groups.all()]
        return super().get_context_data(roles=roles, **subscription_context(self.request), **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Ditt lösenord är bytt."))
        return response


@login_not_required
@transaction.non_atomic_requests
def ping(request):
    """Answer without touching the database: the load test's bare view and a liveness check.

    Not wrapped in ATOMIC_REQUESTS' transaction, which would open a database connection.
    """
    return HttpResponse("ok", content_type="text/plain")


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(TemplateView):
    """The accessibility statement that the law on digital public services asks for; open to all."""

    template_name = "core/accessibility.html"


class AuditLogView(UserPassesTestMixin, ListView):
    """The audit trail for auditors and the förbundschef, newest first, 50 to a page."""

    template_name = "core/audit_log.html"
    context_object_name = "events"
    paginate_by = 50
    page_kwarg = "sida"

    def test_func(self):
        return self.request.user.has_perm("core.view_auditevent")

    def get_queryset(self):
        events = AuditEvent.objects.all()
        action = self.request.GET.get("handelse", "")
        if action in AuditEvent.Action.values:
            events = events.filter(action=action)
        return events

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            actions=AuditEvent.Action.choices, selected=self.request.GET.get("handelse", ""), **kwargs
        )
