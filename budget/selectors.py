"""Reads for the budget page, the admin and the plan, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _

from core.domain import year_in_range
from core.formatting import kr, share, shares, shift_years
from governance.models import Member, Organisation
from projects.models import Project
from projects.selectors import funded_project_list, unfunded_running_project_names

from . import figures, snapshots
from .figures import BudgetSummary, FollowUpFigures, IncomeRow, SummaryMember
from .models import Budget, BudgetFollowUp, Contribution, CostCategory, CostLine, NationalSplit, OverviewYear


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


# --- Next year's budget from this year's ----------------------------------------------------------


@dataclass
class CopyLine:
    """A cost line as the copy will create it, with what the reader should check."""

    category: CostCategory
    position: int
    text: str  # as it will read: the budget's year moved on ("Medel till projekt 2019")
    source_text: str  # as it reads in the budget copied
    amount: int | None
    national_split: str  # as stored: empty follows the category
    split_label: str
    project: Project | None
    project_note: str = ""

    @property
    def text_changed(self) -> bool:
        return self.text != self.source_text


@dataclass
class CopyCategory:
    category: CostCategory
    lines: list[CopyLine] = field(default_factory=list)

    @property
    def total(self) -> int | None:
        return figures.known_sum(line.amount for line in self.lines)

    @property
    def total_partial(self) -> bool:
        return any(line.amount is None for line in self.lines)


@dataclass
class CopyOverviewYear:
    """A year of the new budget's overview: taken from the budget copied, or new with its figures not given."""

    year: int
    contributions: int | None = None
    personnel: int | None = None
    board_and_audit: int | None = None
    office: int | None = None
    activities: int | None = None
    is_new: bool = False

    FIGURES = ("contributions", "personnel", "board_and_audit", "office", "activities")


@dataclass
class CopyContribution:
    member: Member
    amount: int
    share: Decimal | None = None


@dataclass
class BudgetCopyPreview:
    """What copying `source` to the next year creates (budget_copy_to_next_year writes exactly this)."""

    source: Budget
    year: int
    existing: Budget | None
    categories: list[CopyCategory]
    overview: list[CopyOverviewYear]
    opening_equity: int | None
    opening_equity_on: datetime.date | None
    opening_equity_source: str
    equity_note: str
    source_opening_equity: int | None
    source_result: int | None
    contributions: list[CopyContribution]
    contributions_left_out: list[str]
    not_copied: list[str]

    @property
    def lines(self) -> list[CopyLine]:
        return [line for category in self.categories for line in category.lines]

    @property
    def costs_total(self) -> int | None:
        return figures.known_sum(line.amount for line in self.lines)

    @property
    def costs_partial(self) -> bool:
        return any(line.amount is None for line in self.lines)

    @property
    def contributions_total(self) -> int:
        return sum(row.amount for row in self.contributions)

    @property
    def project_notes(self) -> list[str]:
        return [
            _("Insatsen %(project)s (raden ”%(line)s”): %(note)s.")
            % {"project": line.project.name, "line": line.text, "note": line.project_note}
            for line in self.lines
            if line.project_note
        ]

    @property
    def is_possible(self) -> bool:
        return self.existing is None and year_in_range(self.year)


def _member_in_year(member: Member, year: int) -> bool:
    return (member.active_from is None or member.active_from.year <= year) and (
        member.active_to is None or member.active_to.year >= year
    )


def _project_note(project: Project, *, funded: dict[int, Project], year: int) -> str:
    """Say why a line's project needs a look in `year`'s budget: not funded then, or no money granted yet."""
    if project.pk in funded:
        if funded[project.pk].granted_in_year:
            return ""
        return _("inga beviljade medel för %(year)d ännu") % {"year": year}
    if project.ends_on is not None and project.ends_on.year < year:
        reason = _("perioden slutar %(date)s") % {"date": project.ends_on.isoformat()}
    elif project.starts_on is not None and project.starts_on.year > year:
        reason = _("perioden börjar %(date)s") % {"date": project.starts_on.isoformat()}
    else:
        reason = _("status %(status)s") % {"status": str(project.get_status_display()).lower()}
    return _("finansieras inte %(year)d (%(reason)s); länken behålls") % {"year": year, "reason": reason}


def budget_copy_preview(*, budget: Budget) -> BudgetCopyPreview:
    """Return what a copy of `budget` to the next year would create, in a fixed number of queries.

    Lines keep their text (the budget's year moved on), amount, national split and project;
    the overview moves one year on; the opening equity is the budget's closing figure. What is
    a decision or a record of how the year went (the adoption, the frame, outcomes, forecasts,
    follow-ups) is the new year's own and is not copied.
    """
    year = budget.year + 1
    existing = Budget.objects.filter(year=year).first()
    lines = list(CostLine.objects.filter(budget=budget).in_order().select_related("project"))
    funded = {project.pk: project for project in funded_project_list(year=year)}
    categories: dict[int, CopyCategory] = {}
    for line in lines:
        note = _project_note(line.project, funded=funded, year=year) if line.project_id is not None else ""
        categories.setdefault(line.category_id, CopyCategory(line.category)).lines.append(
            CopyLine(
                category=line.category,
                position=line.position,
                text=shift_years(line.text, first=budget.year, last=budget.year, by=1),
                source_text=line.text,
                amount=line.amount,
                national_split=line.national_split,
                split_label=str(NationalSplit(line.split).label),
                project=line.project,
                project_note=note,
            )
        )

    stored_overview = {row.year: row for row in OverviewYear.objects.filter(budget=budget).order_by("year")}
    overview = []
    for source_year in stored_overview:
        row = stored_overview.get(source_year + 1)
        if row is None:
            overview.append(CopyOverviewYear(year=source_year + 1, is_new=True))
        else:
            overview.append(
                CopyOverviewYear(year=row.year, **{name: getattr(row, name) for name in CopyOverviewYear.FIGURES})
            )

    summary = budget_summary(budget=budget)
    equity, equity_on, equity_source, equity_note = None, None, "", ""
    if summary.closing_equity is None:
        equity_note = _(
            "Eget kapital vid årets början lämnas tomt (uppgift saknas): budget %(year)d har inget beräknat "
            "utgående eget kapital."
        ) % {"year": budget.year}
    elif summary.costs_partial:
        equity_note = _(
            "Eget kapital vid årets början lämnas tomt (uppgift saknas): budget %(year)d har kostnadsrader utan "
            "belopp, så dess utgående eget kapital är bara känt som högst %(amount)s."
        ) % {"year": budget.year, "amount": kr(summary.closing_equity)}
    else:
        equity = summary.closing_equity
        equity_on = datetime.date(year, 1, 1)
        equity_source = _("budget %(year)d, beräknat utgående eget kapital") % {"year": budget.year}

    contributions, left_out = [], []
    for row in Contribution.objects.filter(budget=budget).select_related("member"):
        if _member_in_year(row.member, year):
            contributions.append(CopyContribution(member=row.member, amount=row.amount))
        else:
            left_out.append(row.member.name)
    contributions.sort(key=lambda row: (row.member.kind, -row.amount, row.member.name))
    for row, row_share in zip(contributions, shares([row.amount for row in contributions]), strict=True):
        row.share = row_share

    not_copied = [
        _("Fastställandet: budget %(year)d blir ett utkast som styrelsen fastställer för sig.") % {"year": year},
        _("Utfall och prognos på kostnadsraderna, och budgetuppföljningarna: de gäller %(year)d.")
        % {"year": budget.year},
    ]
    if budget.income_frame is not None:
        not_copied.append(
            _("Budgetramen (%(frame)s) och beslutet om den: medlemmarna beslutar ramen för varje år.")
            % {"frame": kr(budget.income_frame)}
        )
    if budget.overview_opening_surplus is not None:
        not_copied.append(
            _(
                "Överskottet från tidigare år i flerårsöversikten: översikten utgår från %(year)ds utgående "
                "eget kapital."
            )
            % {"year": year}
        )
    if budget.followup_on is not None:
        not_copied.append(_("Datumet för utfallet (utfall till och med)."))
    return BudgetCopyPreview(
        source=budget,
        year=year,
        existing=existing,
        categories=sorted(categories.values(), key=lambda block: block.category.position),
        overview=overview,
        opening_equity=equity,
        opening_equity_on=equity_on,
        opening_equity_source=equity_source,
        equity_note=equity_note,
        source_opening_equity=summary.opening_equity,
        source_result=summary.result,
        contributions=contributions,
        contributions_left_out=left_out,
        not_copied=not_copied,
    )
