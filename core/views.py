from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.mixins import UserPassesTestMixin
from django.db import transaction
from django.http import HttpResponse
from django.views.generic import ListView

from . import selectors
from .forms import ChangeHistoryFilterForm
from .models import AuditEvent, FieldChange


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
        events = AuditEvent.objects.select_related("user")  # the person's name, in the same query
        action = self.request.GET.get("handelse", "")
        if action in AuditEvent.Action.values:
            events = events.filter(action=action)
        return events

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            actions=AuditEvent.Action.choices, selected=self.request.GET.get("handelse", ""), **kwargs
        )


class ChangeHistoryView(UserPassesTestMixin, ListView):
    """Ändringshistorik: every change to every followed object, newest first, 50 to a page, filtered.

    One query for the page of rows (the person and the content type joined), one to count
    them, one for the list of people and one for the plans of the sections shown (their
    history pages): the same whatever the number of changes (see core.history).
    """

    template_name = "core/change_history.html"
    context_object_name = "changes"
    paginate_by = 50
    page_kwarg = "sida"

    def test_func(self):
        return self.request.user.has_perm("core.view_fieldchange")

    def get_queryset(self):
        self.form = ChangeHistoryFilterForm(self.request.GET or None, types=selectors.change_types())
        if self.form.is_bound and not self.form.is_valid():
            return FieldChange.objects.none()
        data = self.form.cleaned_data if self.form.is_bound else {}
        person = data.get("person")
        return selectors.field_changes(
            type_key=data.get("typ", ""),
            user_id=person.pk if person else None,
            since=data.get("fran"),
            until=data.get("till"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        changes = list(context["changes"])
        pages = selectors.history_pages(changes)
        context.update(
            form=self.form,
            rows=[
                selectors.change_row(change, history_url=pages.get((change.content_type_id, change.object_id), ""))
                for change in changes
            ],
            query=query.urlencode(),
        )
        return context
