"""The start page: what each role opens on, gathered in a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.models import Budget
from budget.selectors import BudgetSummary, budget_default_year, budget_summary_for_year
from core.models import AuditEvent
from core.roles import AUDITOR, BOARD, DIRECTOR, FINANCE, can_use_admin, role_names
from governance.models import MandatePeriod, Member, Organisation, StaffPosition
from meetings.documents import MeetingDocument
from meetings.models import Meeting
from meetings.selectors import meeting_documents
from plans.checklist import Checklist, plan_checklist
from plans.models import Plan, PlanVersion
from projects.models import Project
from projects.selectors import attainment_matrix, ended_without_final_report
from projects.targets import Attainment


@dataclass
class Dashboard:
    roles: set[str]
    plan: Plan | None = None
    plan_readiness: Checklist | None = None  # the plan's checklist, for the förbundschef
    latest_version: PlanVersion | None = None
    red_goals: list = field(default_factory=list)  # (project, goal row) pairs from the attainment matrix
    attainment_year: int | None = None
    # Granted or running projects whose period has ended with no slutrapport (the förbundschef's).
    ended_projects: list[Project] = field(default_factory=list)
    budget: BudgetSummary | None = None
    next_board_meeting: Meeting | None = None
    next_board_documents: list[MeetingDocument] = field(default_factory=list)
    last_import: AuditEvent | None = None
    adopted_versions: list[PlanVersion] = field(default_factory=list)
    adopted_budgets: list[Budget] = field(default_factory=list)
    recent_events: list[AuditEvent] = field(default_factory=list)


def dashboard_get(*, user, today: datetime.date) -> Dashboard:
    """Return the start page of `user`: a section for each of their roles."""
    roles = set(role_names(user))
    board = Dashboard(roles=roles)
    # The plan being worked on: the latest that is not adopted, else the latest.
    plans = list(Plan.objects.order_by("-first_year")[:5])
    board.plan = next((plan for plan in plans if not plan.is_adopted), plans[0] if plans else None)
    if DIRECTOR in roles and board.plan is not None and not board.plan.is_adopted:
        board.plan_readiness = plan_checklist(board.plan)
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
        board.ended_projects = ended_without_final_report(on=today)
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


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    title: str
    status: str  # what is there, in words: "7 medlemmar"
    done: bool
    url: str = ""  # where it is done, when the user's role may open it
    action: str = ""  # the link's text


@dataclass
class Checklist:
    items: list[ChecklistItem]

    @property
    def done(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def done_count(self) -> int:
        return sum(item.done for item in self.items)


def _count(number: int, one: str, many: str) -> str:
    return ngettext(one, many, number) % {"n": number}


def getting_started_get(*, user, today: datetime.date) -> Checklist | None:
    """Return the "Kom igång" checklist of `user`'s roles, or None when it has nothing for them.

    The förbundschef sets up the förbund (all seven items); the ekonom the budget. Each
    item links only where the user's role may go (its model permission, and the admin
    only when the role enters it). A fixed number of queries, whatever the data.
    """
    roles = set(user.groups.values_list("name", flat=True))
    if not roles & {DIRECTOR, FINANCE} and not user.is_superuser:
        return None
    director = DIRECTOR in roles or user.is_superuser
    admin = can_use_admin(user)

    def link(permission: str, name: str, *args) -> str:
        needs_admin = name.startswith("admin:")
        return reverse(name, args=args) if user.has_perm(permission) and (admin or not needs_admin) else ""

    items = []
    years = (today.year, today.year + 1)
    if director:
        organisation = Organisation.objects.current()
        if organisation is None:
            status, url = _("Förbundet är inte uppsatt."), ""
        else:
            number = organisation.org_number or _("saknas")
            status = _("%(name)s, organisationsnummer %(number)s.") % {"name": organisation.name, "number": number}
            url = link("governance.change_organisation", "admin:governance_organisation_change", organisation.pk)
        items.append(
            ChecklistItem(
                "forbundet",
                _("Förbundet"),
                status,
                done=bool(organisation and organisation.org_number),
                url=url,
                action=_("Ange namn och organisationsnummer"),
            )
        )
        kinds = Counter(Member.objects.values_list("kind", flat=True))
        members = sum(kinds.values())
        state = kinds[Member.Kind.FORSAKRINGSKASSAN] + kinds[Member.Kind.ARBETSFORMEDLINGEN]
        local = kinds[Member.Kind.REGION] + kinds[Member.Kind.KOMMUN]
        items.append(
            ChecklistItem(
                "medlemmar",
                _("Medlemmar"),
                _count(members, "%(n)d medlem", "%(n)d medlemmar")
                + " "
                + _("(staten och minst en region eller kommun behövs)."),
                done=bool(state and local),
                url=link("governance.add_member", "admin:governance_member_changelist"),
                action=_("För in medlemmarna"),
            )
        )
        period = (
            MandatePeriod.objects.filter(ends_on__gte=today)
            .annotate(seat_count=Count("seats"))
            .order_by("starts_on")
            .first()
        )
        seats = period.seat_count if period else 0
        board_status = (
            _("Mandatperioden %(first)s–%(last)s: %(seats)s.")
            % {
                "first": period.starts_on.year,
                "last": period.ends_on.year,
                "seats": _count(seats, "%(n)d plats", "%(n)d platser"),
            }
            if period
            else _("Ingen mandatperiod för i år eller framåt.")
        )
        items.append(
            ChecklistItem(
                "styrelsen",
                _("Styrelsen"),
                board_status,
                done=bool(seats),
                url=link("governance.add_mandateperiod", "admin:governance_mandateperiod_changelist"),
                action=_("Lägg upp mandatperioden och styrelsens platser"),
            )
        )
        staff = StaffPosition.objects.exclude(active_to__lt=today).count()
        items.append(
            ChecklistItem(
                "kansliet",
                _("Kansliet"),
                _count(staff, "%(n)d tjänst", "%(n)d tjänster") + ".",
                done=bool(staff),
                url=link("governance.add_staffposition", "admin:governance_staffposition_changelist"),
                action=_("För in kansliets tjänster"),
            )
        )
        meeting_years = Counter(Meeting.objects.filter(year__in=years).values_list("year", flat=True))
        items.append(
            ChecklistItem(
                "kalendern",
                _("Kalendern"),
                ", ".join(f"{year}: " + _count(meeting_years[year], "%(n)d möte", "%(n)d möten") for year in years)
                + ".",
                done=bool(meeting_years),
                url=link("meetings.add_meeting", "meetings:year", today.year),
                action=_("Lägg in årets möten"),
            )
        )
    budget_years = sorted(Budget.objects.filter(year__in=years).values_list("year", flat=True))
    items.append(
        ChecklistItem(
            "budgeten",
            _("Budgeten"),
            _("Budget för %(years)s.") % {"years": " och ".join(map(str, budget_years))}
            if budget_years
            else _("Ingen budget för %(this)s eller %(next)s.") % {"this": years[0], "next": years[1]},
            done=bool(budget_years),
            url=link("budget.view_budget", "budget:year", budget_years[0])
            if budget_years
            else link("budget.add_budget", "admin:budget_budget_add"),
            action=_("Lägg upp budgeten"),
        )
    )
    if director:
        plans = Plan.objects.count()
        items.append(
            ChecklistItem(
                "planen",
                _("Den första verksamhetsplanen"),
                _count(plans, "%(n)d plan", "%(n)d planer") + ".",
                done=bool(plans),
                url=link("plans.view_plan", "plans:list") if plans else link("plans.change_plan", "plans:create"),
                action=_("Börja skriva planen"),
            )
        )
    return Checklist(items)
