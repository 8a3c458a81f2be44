from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.db import transaction
from django.http import HttpResponse
from django.views.generic import ListView

from .models import AuditEvent


@login_not_required
@transaction.non_atomic_requests
def ping(request):
    """Answer without touching the database: the load test's bare view and a liveness check.

    Not wrapped in ATOMIC_REQUESTS' transaction, which would open a database connection.
    """
    return HttpResponse("ok", content_type="text/plain")


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
