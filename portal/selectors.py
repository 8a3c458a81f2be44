"""The start page: what each role opens on, gathered in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from budget.models import Budget
from budget.selectors import BudgetSummary, budget_default_year, budget_summary_for_year
from core.models import AuditEvent
from core.roles import AUDITOR, BOARD, DIRECTOR, FINANCE
from meetings.documents import MeetingDocument
from meetings.models import Meeting
from meetings.selectors import meeting_documents
from plans.models import Plan, PlanVersion
from plans.selectors import plan_readiness
from projects.selectors import attainment_matrix
from projects.targets import Attainment


@dataclass
class Dashboard:
    roles: set[str]
    plan: Plan | None = None
    plan_readiness: list[str] = field(default_factory=list)
    latest_version: PlanVersion | None = None
    red_goals: list = field(default_factory=list)  # (project, goal row) pairs from the attainment matrix
    attainment_year: int | None = None
    budget: BudgetSummary | None = None
    next_board_meeting: Meeting | None = None
    next_board_documents: list[MeetingDocument] = field(default_factory=list)
    last_import: AuditEvent | None = None
    adopted_versions: list[PlanVersion] = field(default_factory=list)
    adopted_budgets: list[Budget] = field(default_factory=list)
    recent_events: list[AuditEvent] = field(default_factory=list)


def dashboard_get(*, user, today: datetime.date) -> Dashboard:
    """Return the start page of `user`: a section for each of their roles."""
    roles = set(user.groups.values_list("name", flat=True))
    board = Dashboard(roles=roles)
    # The plan being worked on: the latest that is not adopted, else the latest.
    plans = list(Plan.objects.order_by("-first_year")[:5])
    board.plan = next((plan for plan in plans if not plan.is_adopted), plans[0] if plans else None)
    if DIRECTOR in roles and board.plan is not None and not board.plan.is_adopted:
        board.plan_readiness = plan_readiness(board.plan)
    if roles & {DIRECTOR, BOARD} and board.plan is not None:
        board.latest_version = (
            PlanVersion.objects.filter(plan=board.plan).defer("pdf", "document").order_by("-number").first()
        )
    if roles & {DIRECTOR, FINANCE}:
        year = budget_default_year(today_year=today.year)
        board.budget = budget_summary_for_year(year=year) if year else None
    if DIRECTOR in roles:
        board.attainment_year = board.budget.budget.year if board.budget else today.year
        matrix = attainment_matrix(year=board.attainment_year)
        board.red_goals = [(project, row) for project, row in matrix.rows if row.attainment == Attainment.MISSED]
    if BOARD in roles or DIRECTOR in roles:
        board.next_board_meeting = Meeting.objects.upcoming(today=today).board().select_related("kind").first()
        if board.next_board_meeting is not None:
            board.next_board_documents = meeting_documents(meeting=board.next_board_meeting)
    if FINANCE in roles:
        board.last_import = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).first()
    if AUDITOR in roles:
        board.adopted_versions = list(
            PlanVersion.objects.filter(is_adoption=True).select_related("plan").defer("pdf", "document")[:10]
        )
        board.adopted_budgets = list(Budget.objects.adopted().order_by("-year")[:10])
        board.recent_events = list(AuditEvent.objects.all()[:10])
    return board
