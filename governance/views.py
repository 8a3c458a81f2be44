from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from . import selectors
from .permissions import can_change_governance, can_view_governance


class GovernanceViewMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_governance(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_change=can_change_governance(self.request.user), **kwargs)


class OrganisationView(GovernanceViewMixin, TemplateView):
    template_name = "governance/organisation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(members=selectors.member_list(), **kwargs)


class BoardView(GovernanceViewMixin, TemplateView):
    """The board for a chosen term; without a choice, the current term or the latest entered."""

    template_name = "governance/board.html"

    def get_context_data(self, **kwargs):
        periods = selectors.period_list()
        election_year = self.kwargs.get("election_year")
        if election_year is not None:
            period = next((p for p in periods if p.election_year == election_year), None)
            if period is None:
                raise Http404
        else:
            period = selectors.period_default(today=timezone.localdate(), having="seats")
        board = selectors.board_get(period=period) if period else None
        return super().get_context_data(periods=periods, period=period, board=board, **kwargs)


class OfficeView(GovernanceViewMixin, TemplateView):
    template_name = "governance/office.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        period = selectors.period_default(today=today, having="auditors")
        return super().get_context_data(
            staff=selectors.staff_list(on=today),
            period=period,
            auditors=selectors.auditor_list(period=period) if period else [],
            preparatory_group=selectors.preparatory_group_list(on=today),
            **kwargs,
        )
