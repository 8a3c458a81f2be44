"""Reads for the budget page, the admin and the plan, each in a fixed number of queries."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from core.formatting import share
from governance.models import Organisation
from projects.selectors import unfunded_running_project_names

from . import figures, snapshots
from .figures import BudgetSummary, FollowUpFigures, IncomeRow, SummaryMember
from .models import Budget, BudgetFollowUp, Contribution, CostLine, OverviewYear


def budget_list():
    """Return the budgets, newest first, with income and costs summed in the same query.

    `income_total` and `costs_total` are None when nothing is given (no contributions; no
    line with an amount); `costs_missing` tells that some line has no amount.
    """
    income = (
        Contribution.objects.filter(budget=OuterRef("pk"))
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    costs = (
        CostLine.objects.filter(budget=OuterRef("pk")).values("budget").annotate(total=Sum("amount")).values("total")
    )
    lines = CostLine.objects.filter(budget=OuterRef("pk"))
    return Budget.objects.annotate(
        income_total=Subquery(income, output_field=IntegerField()),
        costs_total=Subquery(costs, output_field=IntegerField()),
        has_lines=Exists(lines),
        costs_missing=Exists(lines.filter(amount__isnull=True)),
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
    """Compute every figure of `budget` from today's rows in a fixed number of queries (five, plus the organisation)."""
    year = budget.year
    contributions = list(
        Contribution.objects.filter(budget__year__in=(year, year - 1)).select_related("member", "budget")
    )
    this_year = [c for c in contributions if c.budget.year == year]
    last_year = [c for c in contributions if c.budget.year == year - 1]
    previous_frame = Budget.objects.filter(year=year - 1).values_list("income_frame", flat=True).first()
    lines = list(CostLine.objects.filter(budget=budget).in_order())
    overview_years = list(OverviewYear.objects.filter(budget=budget).order_by("year"))
    organisation = Organisation.objects.current()

    frame = budget.income_frame
    is_split = bool(this_year)
    split_total = figures.contributions_total(this_year) if is_split else None
    # Before the split is known, the frame the members decided is the year's income.
    income_total = split_total if is_split else frame
    previous_total = figures.contributions_total(last_year) if last_year else previous_frame
    if is_split or frame is None:
        income = figures.income_rows(this_year, last_year)
    else:
        income = [IncomeRow(_("Budgetram"), frame, previous_total, None, is_frame=True)]
    costs_total = figures.costs_total(lines)
    costs_partial = figures.costs_partial(lines)
    forecast_total = figures.forecast_total(lines)
    result = figures.year_result(income=income_total, costs=costs_total)
    closing_equity = None if budget.opening_equity is None or result is None else budget.opening_equity + result
    cap = organisation.equity_cap_percent if organisation else None
    if budget.overview_opening_surplus is not None:
        brought_forward, brought_forward_partial = budget.overview_opening_surplus, False
    else:
        brought_forward, brought_forward_partial = closing_equity, costs_partial
    equity_text = figures.equity_text(
        amount=budget.opening_equity, on=budget.opening_equity_on, source=budget.opening_equity_source
    )

    notes = []
    warnings = []
    if is_split:
        warnings.append(figures.state_share_warning(state=_state_total(this_year), total=split_total))
        warnings.append(figures.frame_warning(frame=frame, contributions=split_total))
    elif frame is not None:
        notes.append(_(figures.SPLIT_NOT_KNOWN))
    if lines:
        if closing_equity is not None and not costs_partial:
            equity, basis = closing_equity, equity_text
        else:
            # The year's end cannot be told yet: the equity entered is judged as it is.
            equity, basis = budget.opening_equity, equity_text
        warnings.append(
            figures.equity_cap_warning(equity=equity, contributions=income_total, cap_percent=cap, basis=basis)
        )
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
            and costs_total is not None
            and forecast_total is not None
            and not costs_partial
            else None
        ),
        result=result,
        opening_equity=budget.opening_equity,
        closing_equity=closing_equity,
        equity_share=share(closing_equity, income_total) if closing_equity is not None and not costs_partial else None,
        equity_cap_percent=cap,
        national_split=figures.national_split_totals(lines),
        overview=figures.overview_columns(
            overview_years,
            budget_year=year,
            brought_forward=brought_forward,
            brought_forward_partial=brought_forward_partial,
        ),
        warnings=warnings,
        members=_members(contributions),
        income_frame=frame,
        is_split=is_split,
        contributions_total=split_total,
        costs_partial=costs_partial,
        notes=notes,
        equity_text=equity_text,
    )


def _state_total(contributions: list[Contribution]) -> int:
    return figures.contributions_total(c for c in contributions if c.member.is_state)


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
    # A line whose amount is not given yet is no proof that the project has no money: only 0 kr is.
    funded_by_lines = {line.project_id for line in lines if line.project_id and line.amount != 0}
    return [
        _("Insatsen %(name)s pågår %(year)d men har inga medel i budgeten.") % {"name": name, "year": year}
        for name in unfunded_running_project_names(year=year, funded_project_ids=funded_by_lines)
    ]


def budget_summary_for_year(*, year: int) -> BudgetSummary | None:
    budget = Budget.objects.filter(year=year).first()
    return budget_summary(budget=budget) if budget else None


# --- Follow-ups ---------------------------------------------------------------------------------


def budget_follow_ups(*, summary: BudgetSummary) -> list[FollowUpFigures]:
    """Return the follow-ups of the summary's budget, the latest first, against its costs as shown (one query)."""
    follow_ups = (
        BudgetFollowUp.objects.filter(budget_id=summary.budget.pk).select_related("budget").order_by("-made_on")
    )
    return [
        figures.follow_up_figures(
            follow_up, budget_costs=summary.costs_total, budget_costs_partial=summary.costs_partial
        )
        for follow_up in follow_ups
    ]


def follow_up_for_year(*, year: int) -> FollowUpFigures | None:
    """Return the latest follow-up of the budget for `year`, or None when there is none (two queries at most).

    The budget's costs it is compared with are those adopted (the snapshot) for an adopted
    budget, and those of today's lines for a draft.
    """
    follow_up = (
        BudgetFollowUp.objects.filter(budget__year=year).select_related("budget").order_by("-made_on", "-pk").first()
    )
    return follow_up_figures_of(follow_up=follow_up) if follow_up is not None else None


def follow_up_figures_of(*, follow_up: BudgetFollowUp) -> FollowUpFigures:
    """Return what `follow_up` shows, against its budget's costs as adopted (or today's lines for a draft)."""
    budget = follow_up.budget
    if follow_up.budgeted_costs is not None:
        costs, partial = follow_up.budgeted_costs, False
    elif budget.is_adopted and budget.adopted_snapshot:
        costs = budget.adopted_snapshot.get("costs_total")
        partial = bool(budget.adopted_snapshot.get("costs_partial", False))
    else:
        # No line, or none with an amount: the budget's costs are not known (Sum ignores the missing).
        lines = CostLine.objects.filter(budget=budget).aggregate(
            total=Sum("amount"), missing=Count("pk", filter=Q(amount__isnull=True))
        )
        costs, partial = lines["total"], bool(lines["missing"])
    return figures.follow_up_figures(follow_up, budget_costs=costs, budget_costs_partial=partial)
