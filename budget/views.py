from csp.decorators import csp_exempt
from django.contrib import messages
from django.contrib.auth.mixins import UserPassesTestMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import charts, selectors, services
from .forms import BudgetCopyForm
from .models import Budget
from .permissions import (
    can_change_budget,
    can_copy_budget,
    can_follow_up_budget,
    can_view_budget,
    can_view_budget_of,
    can_view_draft_budgets,
)

CHARTS = {"andelar": charts.contribution_shares_svg, "kostnader": charts.costs_by_category_svg}


class BudgetViewMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_budget(self.request.user)

    def get_budget(self, year: int, *, drafts: bool) -> Budget:
        """Return the budget of `year`, or 404 when there is none or it is a draft the reader may not see."""
        budget = Budget.objects.filter(year=year).first()
        if budget is None or not can_view_budget_of(self.request.user, budget, drafts=drafts):
            raise Http404
        return budget


class BudgetView(BudgetViewMixin, TemplateView):
    """A year's budget, read-only: income beside last year, costs by category, result, equity, overview.

    An adopted budget is shown as it was adopted, with what has changed since beside it.
    """

    template_name = "budget/budget.html"

    def get_context_data(self, **kwargs):
        drafts = can_view_draft_budgets(self.request.user)
        years = selectors.budget_years(drafts=drafts)
        year = self.kwargs.get("year")
        if year is None:
            year = selectors.budget_default_year(today_year=timezone.localdate().year, drafts=drafts)
        budget = self.get_budget(year, drafts=drafts) if year is not None else None
        summary = selectors.budget_summary(budget=budget) if budget else None
        return super().get_context_data(
            years=years,
            summary=summary,
            drafts_hidden=not drafts,
            changes=selectors.budget_changes_since_adoption(budget=budget) if budget else [],
            charts=list(CHARTS),
            can_change=can_change_budget(self.request.user, budget),
            # The years list holds every budget for those who may copy (they read drafts): no query more.
            can_copy=bool(budget) and budget.year + 1 not in years and can_copy_budget(self.request.user),
            follow_ups=selectors.budget_follow_ups(summary=summary) if summary else [],
            can_follow_up=can_follow_up_budget(self.request.user),
            **kwargs,
        )


@method_decorator(csp_exempt(), name="dispatch")
class BudgetChartView(BudgetViewMixin, View):
    """One chart as an SVG image (no scripts in it; shown with <img>)."""

    def get(self, request, year, chart):
        draw = CHARTS.get(chart)
        if draw is None:
            raise Http404
        budget = self.get_budget(year, drafts=can_view_draft_budgets(request.user))
        response = HttpResponse(draw(selectors.budget_summary(budget=budget)), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-cache"
        return response


class BudgetCopyView(BudgetViewMixin, View):
    """Next year's budget from this year's: what will be created (GET), and creating it (POST)."""

    template_name = "budget/copy.html"

    def test_func(self):
        return can_copy_budget(self.request.user)

    def get(self, request, year):
        budget = self.get_budget(year, drafts=True)
        context = {"preview": selectors.budget_copy_preview(budget=budget), "form": BudgetCopyForm()}
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, year):
        budget = self.get_budget(year, drafts=True)
        form = BudgetCopyForm(request.POST)
        with_contributions = form.is_valid() and form.cleaned_data["with_contributions"]
        try:
            new = services.budget_copy_to_next_year(
                budget=budget, with_contributions=with_contributions, acting_user=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("budget:copy", year=year)
        contributions = (
            _("medelstilldelningen är kopierad")
            if with_contributions
            else _("medelstilldelningen är inte kopierad: för in eller läs in medlemsbidragen")
        )
        messages.success(
            request,
            _("Budget %(year)d är skapad som utkast, kopierad från budget %(source)d; %(contributions)s.")
            % {"year": new.year, "source": budget.year, "contributions": contributions},
        )
        return redirect(new)
