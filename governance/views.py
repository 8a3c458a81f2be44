from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from . import selectors, services
from .permissions import can_change_governance, can_view_governance
from .terms import is_election_year


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
        today = timezone.localdate()
        # What the latest term's end means is said on its own page (and the default one, which shows it
        # when it is the current or the last entered): "har löpt ut", "löper ut", and the offer of the next.
        status = selectors.term_status(today=today, periods=periods) if period and period == periods[0] else None
        return super().get_context_data(
            periods=periods,
            period=period,
            board=board,
            status=status,
            has_ended=period is not None and period.ends_on < today,
            not_started=period is not None and period.starts_on > today,
            **kwargs,
        )


class TermCreateView(GovernanceViewMixin, TemplateView):
    """Show the term after an election as it would be created, with the last term's seats vacant; then create it."""

    template_name = "governance/term_create.html"

    def test_func(self):
        return can_change_governance(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        # The rights first (UserPassesTestMixin), then the year: who may not create terms learns nothing.
        self.organisation = None
        return super().dispatch(request, *args, **kwargs)

    def get_organisation(self):
        if self.organisation is None:
            self.organisation = selectors.organisation_get()
            if self.organisation is None or not is_election_year(self.kwargs["election_year"]):
                raise Http404
        return self.organisation

    def get_context_data(self, **kwargs):
        election_year = self.kwargs["election_year"]
        kwargs.setdefault(
            "refusal",
            services.mandate_period_create_refusal(organisation=self.get_organisation(), election_year=election_year),
        )
        return super().get_context_data(
            plan=selectors.next_term_plan(organisation=self.get_organisation(), election_year=election_year), **kwargs
        )

    def post(self, request, election_year):
        try:
            period = services.mandate_period_create(
                organisation=self.get_organisation(),
                election_year=election_year,
                acting_user=request.user,
                copy_seats=True,
            )
        except ValidationError as error:
            return self.render_to_response(self.get_context_data(refusal=" ".join(error.messages)))
        vacant = period.seats.count()
        if vacant:
            message = ngettext(
                "Mandatperioden %(period)s är skapad med %(count)d vakant plats. Fyll i vem som har den.",
                "Mandatperioden %(period)s är skapad med %(count)d vakanta platser. Fyll i vem som har varje plats.",
                vacant,
            ) % {"period": period, "count": vacant}
        else:
            message = _("Mandatperioden %(period)s är skapad, utan styrelseplatser. Lägg in dem under Ändra styrelsen.")
            message %= {"period": period}
        messages.success(request, message)
        return redirect("governance:board_period", election_year=election_year)


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
