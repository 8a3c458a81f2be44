from csp.decorators import csp_exempt
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import TemplateView

from . import charts, selectors
from .models import Budget
from .permissions import (
    can_change_budget,
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
