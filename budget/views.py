from csp.decorators import csp_exempt
from django.contrib.auth.mixins import UserPassesTestMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import TemplateView

from . import charts, selectors
from .models import Budget
from .permissions import can_change_budget, can_view_budget

CHARTS = {"andelar": charts.contribution_shares_svg, "kostnader": charts.costs_by_category_svg}


class BudgetViewMixin(UserPassesTestMixin):
    def test_func(self):
        return can_view_budget(self.request.user)


class BudgetView(BudgetViewMixin, TemplateView):
    """A year's budget, read-only: income beside last year, costs by category, result, equity, overview."""

    template_name = "budget/budget.html"

    def get_context_data(self, **kwargs):
        years = selectors.budget_years()
        year = self.kwargs.get("year")
        if year is None:
            year = selectors.budget_default_year(today_year=timezone.localdate().year)
        budget = Budget.objects.filter(year=year).first() if year is not None else None
        if year is not None and budget is None:
            raise Http404
        summary = selectors.budget_summary(budget=budget) if budget else None
        return super().get_context_data(
            years=years,
            summary=summary,
            charts=list(CHARTS),
            can_change=can_change_budget(self.request.user, budget),
            **kwargs,
        )


@method_decorator(csp_exempt(), name="dispatch")
class BudgetChartView(BudgetViewMixin, View):
    """One chart as an SVG image (no scripts in it; shown with <img>)."""

    def get(self, request, year, chart):
        draw = CHARTS.get(chart)
        budget = Budget.objects.filter(year=year).first()
        if draw is None or budget is None:
            raise Http404
        response = HttpResponse(draw(selectors.budget_summary(budget=budget)), content_type="image/svg+xml")
        response["Cache-Control"] = "private, no-cache"
        return response
