"""Reads for the budget page, the admin and the plan, each in a fixed number of queries."""

from django.db.models import IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.formatting import share
from governance.models import Organisation
from projects.selectors import unfunded_running_project_names

from . import figures, snapshots
from .figures import BudgetSummary, SummaryMember
from .models import Budget, Contribution, CostLine, OverviewYear


def budget_list():
    """Return the budgets, newest first, with income and costs summed in the same query."""
    income = (
        Contribution.objects.filter(budget=OuterRef("pk"))
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    costs = (
        CostLine.objects.filter(budget=OuterRef("pk")).values("budget").annotate(total=Sum("amount")).values("total")
    )
    return Budget.objects.annotate(
        income_total=Coalesce(Subquery(income, output_field=IntegerField()), Value(0)),
        costs_total=Coalesce(Subquery(costs, output_field=IntegerField()), Value(0)),
    ).order_by("-year")


def budget_years(*, drafts: bool = True) -> list[int]:
    """Return the years that have a budget, newest first (adopted ones only, unless `drafts`)."""
    budgets = Budget.objects.all() if drafts else Budget.objects.adopted()
    return list(budgets.order_by("-year").values_list("year", flat=True))


def budget_default_year(*, today_year: int, drafts: bool = True) -> int | None:
    """Return this year's budget if there is one, else the latest (of the adopted ones only, unless `drafts`)."""
    years = budget_years(drafts=drafts)
    if today_year in years:
        return today_year
    return years[0] if years else None


def budget_summary(*, budget: Budget) -> BudgetSummary:
    """Return what `budget` shows: as it was adopted (no query) when it is adopted, else as its rows are now."""
    if budget.is_adopted and budget.adopted_snapshot:
        return snapshots.summary_from_snapshot(budget=budget, snapshot=budget.adopted_snapshot)
    return budget_summary_live(budget=budget)


def budget_summary_live(*, budget: Budget) -> BudgetSummary:
    """Compute every figure of `budget` from today's rows in a fixed number of queries (four, plus the organisation)."""
    year = budget.year
    contributions = list(
        Contribution.objects.filter(budget__year__in=(year, year - 1)).select_related("member", "budget")
    )
    this_year = [c for c in contributions if c.budget.year == year]
    last_year = [c for c in contributions if c.budget.year == year - 1]
    lines = list(CostLine.objects.filter(budget=budget).in_order())
    overview_years = list(OverviewYear.objects.filter(budget=budget).order_by("year"))
    organisation = Organisation.objects.current()

    income = figures.income_rows(this_year, last_year)
    income_total = figures.contributions_total(this_year)
    previous_total = figures.contributions_total(last_year) if last_year else None
    state_total = figures.contributions_total(c for c in this_year if c.member.is_state)
    costs_total = figures.costs_total(lines)
    forecast_total = figures.forecast_total(lines)
    result = figures.year_result(income=income_total, costs=costs_total)
    closing_equity = budget.opening_equity + result
    cap = organisation.equity_cap_percent if organisation else None
    brought_forward = budget.overview_opening_surplus if budget.overview_opening_surplus is not None else closing_equity

    warnings = [figures.state_share_warning(state=state_total, total=income_total)]
    if lines:
        warnings.append(figures.equity_cap_warning(equity=closing_equity, contributions=income_total, cap_percent=cap))
    else:
        # Without costs the result is the whole income; its equity says nothing yet.
        warnings.append(_("Budgeten har inga kostnadsrader ännu, så resultat och eget kapital är inte meningsfulla."))
    warnings.extend(_unfunded_running_projects(year=year, lines=lines))
    warnings = [warning for warning in warnings if warning]
    return BudgetSummary(
        budget=budget,
        previous_year=year - 1,
        income=income,
        income_total=income_total,
        previous_income_total=previous_total,
        categories=figures.category_blocks(lines),
        costs_total=costs_total,
        outcome_total=figures.outcome_total(lines),
        forecast_total=forecast_total,
        forecast_text=(
            figures.forecast_text(budget=costs_total, forecast=forecast_total)
            if any(line.forecast is not None for line in lines)
            else None
        ),
        result=result,
        opening_equity=budget.opening_equity,
        closing_equity=closing_equity,
        equity_share=share(closing_equity, income_total),
        equity_cap_percent=cap,
        national_split=figures.national_split_totals(lines),
        overview=figures.overview_columns(overview_years, budget_year=year, brought_forward=brought_forward),
        warnings=warnings,
        members=_members(contributions),
    )


def _members(contributions: list[Contribution]) -> list[SummaryMember]:
    members = {row.member_id: row.member for row in contributions}
    return [
        SummaryMember(id=member.pk, name=member.name, kind=member.kind, kind_label=str(member.get_kind_display()))
        for member in sorted(members.values(), key=lambda member: member.pk)
    ]


def budget_changes_since_adoption(*, budget: Budget) -> list[str]:
    """Say what `budget` would show differently from its adoption were it drawn from today's rows (a draft: nothing)."""
    if not (budget.is_adopted and budget.adopted_snapshot):
        return []
    live = snapshots.summary_snapshot(budget_summary_live(budget=budget))
    return snapshots.snapshot_changes(adopted=budget.adopted_snapshot, live=live)


def _unfunded_running_projects(*, year: int, lines: list[CostLine]) -> list[str]:
    """Warn for each project running in `year` with neither money granted for it nor a budget line."""
    funded_by_lines = {line.project_id for line in lines if line.project_id and line.amount}
    return [
        _("Insatsen %(name)s pågår %(year)d men har inga medel i budgeten.") % {"name": name, "year": year}
        for name in unfunded_running_project_names(year=year, funded_project_ids=funded_by_lines)
    ]


def budget_summary_for_year(*, year: int) -> BudgetSummary | None:
    budget = Budget.objects.filter(year=year).first()
    return budget_summary(budget=budget) if budget else None
