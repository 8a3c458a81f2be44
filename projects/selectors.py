"""Reads for the project pages and exports, each in a fixed number of queries."""

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from core.models import AuditEvent
from governance.models import Organisation

from .models import (
    FollowUpReport,
    Goal,
    GoalResult,
    Project,
    ProjectOwner,
    ProjectYear,
    StatusChange,
    TargetGroupPriority,
    status_history_in_order,
)
from .targets import Attainment


@dataclass
class GoalRow:
    """A goal with its latest measured value and what that value means."""

    goal: Goal
    latest: GoalResult | None
    attainment: Attainment


@dataclass
class MatrixProject:
    project: Project
    rows: list[GoalRow]


@dataclass
class Matrix:
    year: int
    projects: list[MatrixProject]
    totals: Counter = field(default_factory=Counter)

    @property
    def rows(self) -> list[tuple[Project, GoalRow]]:
        return [(entry.project, row) for entry in self.projects for row in entry.rows]


def _latest(results) -> GoalResult | None:
    """Return the result from the report whose period ends last (the later recorded one on a tie)."""
    results = [result for result in results if result.value is not None]
    if not results:
        return None
    return max(results, key=lambda result: (result.report.period_end, result.report.period_start, result.report.pk))


def _goal_rows(goals) -> list[GoalRow]:
    rows = []
    for goal in goals:
        latest = _latest(goal.results.all())
        rows.append(GoalRow(goal, latest, goal.evaluate(latest)))
    return rows


OWNERS = Prefetch("owner_rows", queryset=ProjectOwner.objects.select_related("member").order_by("position", "pk"))


def forbund_name() -> str:
    """Return the förbund's name, for a project the förbund owns itself ("Samordningsförbundet SOFINT")."""
    organisation = Organisation.objects.current()
    return organisation.name if organisation else "förbundet"


def _with_forbund_name(projects: list[Project]) -> list[Project]:
    """Give each project the förbund's name (one query, only when a project is the förbund's own)."""
    if any(project.owned_by_forbund for project in projects):
        name = forbund_name()
        for project in projects:
            project.forbund_name = name
    return projects


def project_list(
    *, status: str = "", year: int | None = None, kind: str = "", owner: int | None = None
) -> list[Project]:
    """Return the projects that pass the filters, with owners, members, money per year and state (state_on)."""
    projects = (
        Project.objects.with_final_report()
        .select_related("leader")
        .prefetch_related(OWNERS, "participants", Prefetch("years", queryset=ProjectYear.objects.order_by("year")))
    )
    if status:
        projects = projects.filter(status=status)
    if year:
        projects = projects.active_in(year)
    if kind:
        projects = projects.filter(kind=kind)
    if owner:
        projects = projects.filter(owner_rows__member=owner).distinct()
    projects = _with_forbund_name(list(projects))
    for project in projects:
        project.granted_in_year = granted_money(project.years.all(), year=year) if year else None
    return projects


def project_year_list() -> list[int]:
    """Return the years any project touches, newest first, for the year filters."""
    years = set(ProjectYear.objects.values_list("year", flat=True).distinct())
    for starts_on, ends_on in Project.objects.values_list("starts_on", "ends_on"):
        if starts_on:
            years.update(range(starts_on.year, (ends_on or starts_on).year + 1))
    return sorted(years, reverse=True)


@dataclass
class ProjectPage:
    project: Project
    goals: list[GoalRow]
    reports: list[FollowUpReport]
    years: list[ProjectYear]
    changes: list[StatusChange]

    @property
    def member_warning(self) -> str:
        return self.project.member_warning

    @property
    def short_goals(self) -> list[GoalRow]:
        return [row for row in self.goals if row.goal.term == Goal.Term.SHORT]

    @property
    def long_goals(self) -> list[GoalRow]:
        return [row for row in self.goals if row.goal.term == Goal.Term.LONG]

    @property
    def granted_total(self) -> int | None:
        return granted_money(self.years)


def project_get(*, project_id: int) -> ProjectPage:
    """Return a project with its goals (and their latest values), reports, money and status history."""
    project = (
        Project.objects.with_final_report()
        .select_related("leader")
        .prefetch_related(
            OWNERS,
            "participants",
            Prefetch("target_groups"),
            Prefetch("years", queryset=ProjectYear.objects.select_related("decision_meeting").order_by("year")),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.select_related("meeting", "changed_by").order_by("changed_at", "pk"),
            ),
            Prefetch(
                "reports",
                queryset=FollowUpReport.objects.select_related("meeting").order_by("-period_end", "-pk"),
            ),
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("results", queryset=GoalResult.objects.select_related("report"))
                ),
            ),
        )
        .get(pk=project_id)
    )
    _with_forbund_name([project])
    return ProjectPage(
        project=project,
        goals=_goal_rows(project.goals.all()),
        reports=list(project.reports.all()),
        years=list(project.years.all()),
        changes=status_history_in_order(project.status_changes.all()),
    )


def report_get(*, report_id: int) -> tuple[FollowUpReport, list[GoalRow]]:
    """Return a report with each goal of its project and the value this report measured."""
    report = FollowUpReport.objects.select_related("project", "meeting", "recorded_by").get(pk=report_id)
    results = {result.goal_id: result for result in report.results.select_related("report")}
    rows = []
    for goal in report.project.goals.all():
        result = results.get(goal.pk)
        rows.append(GoalRow(goal, result, goal.evaluate(result)))
    return report, rows


def attainment_matrix(*, year: int) -> Matrix:
    """Return every project funded in `year` with each goal's attainment from that year's latest value."""
    year_results = GoalResult.objects.filter(report__period_end__year=year).select_related("report")
    projects = (
        Project.objects.running_in(year)
        .with_final_report()
        .prefetch_related(
            OWNERS,
            Prefetch("goals", queryset=Goal.objects.prefetch_related(Prefetch("results", queryset=year_results))),
        )
    )
    matrix = Matrix(year=year, projects=[])
    for project in _with_forbund_name(list(projects)):
        rows = _goal_rows(project.goals.all())
        matrix.projects.append(MatrixProject(project, rows))
        matrix.totals.update(row.attainment.colour for row in rows if row.attainment != Attainment.NOT_MEASURABLE)
    return matrix


@dataclass
class NationalRow:
    """One insats's figures for the national follow-up (Uppföljning Finsam): aggregated counts only."""

    project: Project
    budget: int | None
    spent: int | None
    planned_women: int | None
    planned_men: int | None
    actual_women: int | None
    actual_men: int | None
    report: FollowUpReport | None


def national_followup(*, year: int) -> list[NationalRow]:
    """Return, per insats funded in `year`, budget, outcome and planned and actual participants by gender.

    Actual participants come from the year's last report (the helårsrapport when there
    is one): a report counts the participants of the period it covers.
    """
    projects = Project.objects.running_in(year).prefetch_related(
        OWNERS,
        Prefetch("years", queryset=ProjectYear.objects.filter(year=year)),
        Prefetch(
            "reports", queryset=FollowUpReport.objects.filter(period_end__year=year).order_by("-period_end", "-pk")
        ),
    )
    rows = []
    for project in _with_forbund_name(list(projects)):
        money = next(iter(project.years.all()), None)
        report = next(iter(project.reports.all()), None)
        rows.append(
            NationalRow(
                project=project,
                budget=money.granted if money else None,
                spent=money.spent if money else None,
                planned_women=money.planned_women if money else None,
                planned_men=money.planned_men if money else None,
                actual_women=report.participants_women if report else None,
                actual_men=report.participants_men if report else None,
                report=report,
            )
        )
    return rows


def target_group_priorities() -> list[tuple[int, list[TargetGroupPriority]]]:
    """Return each year's priority order of target groups, newest year first."""
    priorities = TargetGroupPriority.objects.select_related("target_group").order_by("-year", "position")
    return [(year, list(entries)) for year, entries in groupby(priorities, key=lambda entry: entry.year)]


def granted_money(years: Iterable[ProjectYear], *, year: int | None = None) -> int | None:
    """Return the money granted to a project in `year`, or in all its years together when `year` is None.

    `years` are the project's money rows (ProjectYear), as already fetched. None means
    nothing is entered (for that year): not the same as 0 kr granted.
    """
    rows = [row for row in years if year is None or row.year == year]
    return sum(row.granted for row in rows) if rows else None


def funded_project_list(*, year: int) -> list[Project]:
    """Return the projects the förbund pays for in `year` (Project.FUNDED_STATUSES), as project_list has them."""
    return [project for project in project_list(year=year) if project.status in Project.FUNDED_STATUSES]


def ended_without_final_report(*, on: datetime.date) -> list[Project]:
    """Return the granted or running projects whose period ended before `on` with no slutrapport, by end.

    One query. The förbundschef's start page lists them; each shows "Avslutad (period slut …)"
    until its slutrapport is recorded (Project.state_on).
    """
    return list(Project.objects.ended_without_final_report(on=on))


def project_choices():
    """Return every project by name (a queryset, for a form's choice field)."""
    return Project.objects.order_by("name", "pk")


def member_warnings(*, year: int) -> list[str]:
    """Return, for each project funded in `year` that names fewer than two members taking part, the reason.

    The two-member rule for individinriktade insatser is a warning (Project.member_warning),
    never a refusal; the plan's readiness list shows it.
    """
    projects = (
        Project.objects.running_in(year)
        .filter(kind__in=(Project.Kind.INDIVIDUAL, Project.Kind.BOTH))
        .prefetch_related(OWNERS, "participants")
        .order_by("name", "pk")
    )
    return [f"{project.name}: {project.member_warning}" for project in projects if project.member_warning]


def unmeasured_project_names(*, year: int) -> list[str]:
    """Return the names of the projects funded in `year` that have no measurable goal."""
    unmeasured = (
        Project.objects.running_in(year)
        .exclude(goals__measure__gt="", goals__target__isnull=False)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return list(unmeasured.distinct())


def unfunded_running_project_names(*, year: int, funded_project_ids: set[int]) -> list[str]:
    """Return the names of the projects running in `year` with no money granted for it, except `funded_project_ids`.

    The budget names those it does not fund by a cost line either.
    """
    granted = ProjectYear.objects.filter(year=year, granted__gt=0).values("project")
    return list(
        Project.objects.running_in(year)
        .filter(status=Project.Status.RUNNING)
        .exclude(pk__in=granted)
        .exclude(pk__in=funded_project_ids)
        .order_by("name")
        .values_list("name", flat=True)
    )


# --- Carrying running projects into the next year (the plan's year-change checklist links here) -------

# A project that continues is one the board has granted or that runs; a finished one does not go on.
CARRY_OVER_STATUSES = (Project.Status.GRANTED, Project.Status.RUNNING)


@dataclass
class CarryOverCandidate:
    """A project funded last year that has no money for `year` yet, as the carry-over page lists it."""

    project: Project
    year: int
    last_granted: int
    goal_count: int

    @property
    def period_ends_before(self) -> bool:
        """Tell whether the project's period ends before `year` (its end must then be moved on)."""
        return self.project.ends_on is not None and self.project.ends_on.year < self.year


def projects_to_carry_over(*, year: int) -> list[CarryOverCandidate]:
    """Return the granted or running projects with money for `year` - 1 and no year row for `year` (one query)."""
    last_year = ProjectYear.objects.filter(project=OuterRef("pk"), year=year - 1, granted__gt=0)
    this_year = ProjectYear.objects.filter(project=OuterRef("pk"), year=year)
    goals = Goal.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(n=Count("pk"))
    projects = (
        Project.objects.filter(Exists(last_year), ~Exists(this_year), status__in=CARRY_OVER_STATUSES)
        .annotate(
            last_granted=Subquery(last_year.values("granted")[:1]),
            goal_count=Coalesce(Subquery(goals.values("n")[:1]), 0),
        )
        .order_by("name", "pk")
    )
    return [
        CarryOverCandidate(project=project, year=year, last_granted=project.last_granted, goal_count=project.goal_count)
        for project in projects
    ]


# The audit events that tell a project's money and period apart from its status (history page).
MONEY_AND_PERIOD_ACTIONS = (AuditEvent.Action.GRANT_CHANGED, AuditEvent.Action.PROJECT_CARRIED_OVER)
MONEY_AND_PERIOD_SHOWN = 50


def project_money_and_period_events(*, project: Project) -> list[AuditEvent]:
    """Return the latest recorded changes of `project`'s money per year and period, newest first (one query)."""
    return list(
        AuditEvent.objects.filter(action__in=MONEY_AND_PERIOD_ACTIONS, details__project=project.pk)[
            :MONEY_AND_PERIOD_SHOWN
        ]
    )
