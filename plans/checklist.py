"""The checklist before a plan goes to the board: what to put right, how many, and where it is fixed.

Most of it is the year turning over. A plan copied from last year's keeps its text and
its data blocks, and the blocks show the new year's data: a board only if a term covers
the year, target groups only if the year has a priority order, insatser only if they
have money for the year. Each item names what is wrong, counts it, and links to the page
where it is put right. Sending a version with open items takes an acknowledgement, and
the version keeps the list (plans.services.plan_send_to_board).
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from budget.models import Budget
from budget.selectors import budget_summary_for_year, follow_up_for_year
from core.formatting import isodate
from goals.models import ForbundGoal
from governance.selectors import preparatory_group_for_year, staff_for_year, term_of_year, term_problems
from meetings.models import CalendarAdoption, Meeting
from projects.models import Goal, Project, ProjectYear, TargetGroupPriority
from projects.selectors import member_warnings

from .models import REFERENCES, Block, Plan
from .selectors import TreeNode, body_layout, flatten, section_tree


class Area(models.TextChoices):
    """The part of the förbund's work an item belongs to, in the order the list shows them."""

    TEXT = "text", gettext_lazy("Planens text")
    BOARD = "board", gettext_lazy("Styrelsen")
    CALENDAR = "calendar", gettext_lazy("Kalendariet")
    TARGET_GROUPS = "target_groups", gettext_lazy("Målgrupperna")
    PROJECTS = "projects", gettext_lazy("Insatserna")
    BUDGET = "budget", gettext_lazy("Budgeten")


@dataclass(frozen=True)
class Item:
    """One thing to put right: `url` is where (with `fix` as the link's text), `count` how many it is about.

    `named` are the things it is about that have a page of their own, as (name, url) pairs.
    """

    message: str
    area: str
    url: str = ""
    fix: str = ""
    count: int = 1
    named: tuple[tuple[str, str], ...] = field(default=())

    def __str__(self):
        return self.message


@dataclass
class Checklist:
    items: list[Item]

    def __bool__(self):
        return bool(self.items)

    def __len__(self):
        return len(self.items)

    @property
    def messages(self) -> list[str]:
        return [item.message for item in self.items]

    @property
    def groups(self) -> list[tuple[str, list[Item]]]:
        """The items by area, as (area's name, items) in the order of Area."""
        by_area: dict[str, list[Item]] = {}
        for item in self.items:
            by_area.setdefault(item.area, []).append(item)
        return [(area.label, by_area[area]) for area in Area if area in by_area]


def plan_readiness(plan: Plan, *, tree: list[TreeNode] | None = None) -> list[str]:
    """Return, as sentences, what should be put right before the plan goes to the board (empty: ready)."""
    return plan_checklist(plan, tree=tree).messages


def plan_checklist(plan: Plan, *, tree: list[TreeNode] | None = None) -> Checklist:
    """Return the checklist of `plan` in a fixed number of queries (a few per plan year).

    Pass the plan's `tree` (from section_tree) when the caller has it already.
    """
    items = []
    if plan.years_problem:
        items.append(
            Item(
                " ".join([plan.years_problem, _("Rätta åren eller ta bort planen.") if plan.is_draft else ""]).strip(),
                Area.TEXT,
                url=reverse("plans:years", args=[plan.pk]) if plan.is_draft else "",
                fix=_("Ändra åren"),
            )
        )
    tree = section_tree(plan) if tree is None else tree
    nodes = flatten(tree)
    if not nodes:
        items.append(Item(_("Planen har inga avsnitt."), Area.TEXT, reverse("plans:editor", args=[plan.pk]),
                          _("Lägg till ett avsnitt")))  # fmt: skip
    items.extend(_text_items(plan, nodes))
    if not plan.years_problem:  # the data of a year that cannot be is not read
        kinds = {block.kind for node in nodes for block in node.section.blocks.all()}
        shown = {block.project_id for node in nodes for block in node.section.blocks.all() if block.project_id}
        for year in plan.year_list:
            items.extend(_year_items(plan, year, kinds=kinds, shown_project_ids=shown))
    return Checklist(items)


def _section_url(plan: Plan, node: TreeNode) -> str:
    return reverse("plans:section", args=[plan.pk, node.section.pk])


def _text_items(plan: Plan, nodes: list[TreeNode]) -> list[Item]:
    """What the sections' texts and blocks need: empty sections, blocks without their insats or meeting, old years."""
    items = []
    parents = {node.section.parent_id for node in nodes}
    # A plan copied from last year's still speaks of last year until the text is revised (or of the
    # year before, when last year's was itself a copy never revised).
    old_years = (plan.first_year - 1, plan.first_year - 2) if plan.copied_from_id else ()
    for node in nodes:
        section = node.section
        label = {"number": node.number, "title": section.title}
        url, fix = _section_url(plan, node), _("Öppna avsnittet")
        blocks = list(section.blocks.all())
        if not section.body.strip() and not blocks and section.pk not in parents:
            items.append(Item(_("Avsnitt %(number)s %(title)s är tomt.") % label, Area.TEXT, url, fix))
        items.extend(Item(message, Area.TEXT, url, fix) for message in _reference_problems(plan, blocks, label))
        for number in body_layout(section.body, blocks=len(blocks))[1]:
            message = _(
                "Avsnitt %(number)s %(title)s: texten placerar datablock %(block)d, som avsnittet inte har "
                "(eller redan placerat)."
            ) % {**label, "block": number}
            items.append(Item(message, Area.TEXT, url, fix))
        old_year = next((year for year in old_years if mentions(section.body, year)), None)
        if old_year is not None:
            message = _(
                "Avsnitt %(number)s %(title)s nämner fortfarande %(year)s; kontrollera att texten gäller %(plan)s."
            ) % {**label, "year": old_year, "plan": plan.years}
            items.append(Item(message, Area.TEXT, url, fix))
    return items


def mentions(text: str, year: int) -> bool:
    """Whether `text` names `year` as a year (2018, not 20180 or 2018-nummer)."""
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


def _reference_problems(plan: Plan, blocks, label: dict) -> list[str]:
    """Name the blocks of a section that should show one insats or meeting and show none, or a meeting of another year.

    Pass blocks fetched with their meeting (section_tree does).
    """
    problems = []
    for block in blocks:
        meeting = block.meeting if block.meeting_id else None
        if meeting is not None and not plan.first_year - 1 <= meeting.starts_on.year <= plan.last_year:
            problems.append(
                _("Avsnitt %(number)s %(title)s: datablock %(block)d visar mötet %(meeting)s, som inte hör till "
                  "planens år; välj ett annat möte om det ska vara ett av årets.")
                % {**label, "block": block.number, "meeting": f"{isodate(meeting.starts_on)} {meeting.title}"}
            )  # fmt: skip
        if not block.reference_missing:
            continue
        is_project = REFERENCES[block.kind][0] == "project"
        what = _("insatsen") if is_project else _("mötet")
        if block.reference_label:
            problems.append(
                _(
                    "Avsnitt %(number)s %(title)s: %(what)s i datablock %(block)d (%(label)s) finns inte längre i "
                    "sofint; välj en annan eller ta bort blocket."
                )
                % {**label, "what": what, "block": block.number, "label": block.reference_label}
            )
        else:
            message = (
                _("Avsnitt %(number)s %(title)s: välj vilken insats datablock %(block)d ska visa.")
                if is_project
                else _("Avsnitt %(number)s %(title)s: välj vilket möte datablock %(block)d ska visa.")
            )
            problems.append(message % {**label, "block": block.number})
    return problems


def _year_items(plan: Plan, year: int, *, kinds: set[str], shown_project_ids: set[int]) -> list[Item]:
    """What the data of `year` leaves empty, stale or to be checked, for the blocks the plan has."""
    items = []
    for problem in term_problems(year=year):
        items.append(Item(problem.message, Area.BOARD, problem.url, _("Öppna styrelsen"), problem.count))
    items.extend(_empty_block_items(year, kinds))
    items.extend(_calendar_items(year))
    if Block.TARGET_GROUPS in kinds and not TargetGroupPriority.objects.filter(year=year).exists():
        items.append(
            Item(
                _("Det finns inga prioriterade målgrupper för %(year)d; planens block om målgrupper blir tomt.")
                % {"year": year},
                Area.TARGET_GROUPS,
                reverse("projects:target_groups") + f"?next={plan.get_absolute_url()}",
                _("Ange årets målgrupper"),
            )
        )
    items.extend(_project_items(plan, year, kinds=kinds, shown_project_ids=shown_project_ids))
    items.extend(_budget_items(year))
    return items


def _empty_block_items(year: int, kinds: set[str]) -> list[Item]:
    """The plan's blocks about the office, the audit, the preparatory group, the förbund's goals and last
    year's follow-up that would come out empty for `year`."""
    items = []
    values = {"year": year, "last": year - 1}
    if Block.OFFICE in kinds and not staff_for_year(year=year):
        items.append(Item(_("Ingen i kansliet är inlagd för %(year)d; planens block om kansliet blir tomt.") % values,
                          Area.BOARD, reverse("admin:governance_staffposition_changelist"),
                          _("Ange kansliets tjänster")))  # fmt: skip
    if Block.AUDIT in kinds:
        period = term_of_year(year=year).period
        if period is not None and not period.auditors.exists():
            items.append(
                Item(_("Inga revisorer är inlagda för mandatperioden %(term)s; planens block om revisionen blir "
                       "tomt.") % {"term": period.term}, Area.BOARD,
                     reverse("admin:governance_mandateperiod_change", args=[period.pk]), _("Ange revisorerna"))
            )  # fmt: skip
    if Block.PREPARATORY_GROUP in kinds and not preparatory_group_for_year(year=year):
        items.append(Item(_("Beredningsgruppen har inga medlemmar för %(year)d; planens block om den blir tomt.")
                          % values, Area.BOARD, reverse("admin:governance_preparatorygroupmembership_changelist"),
                          _("Ange beredningsgruppen")))  # fmt: skip
    if Block.FORBUND_GOALS in kinds and not ForbundGoal.objects.for_year(year).exists():
        items.append(Item(_("Förbundet har inga mål för %(year)d; planens block om förbundets mål blir tomt.")
                          % values, Area.PROJECTS, reverse("goals:year", args=[year]),
                          _("Ange eller kopiera förbundets mål")))  # fmt: skip
    if Block.BUDGET_FOLLOW_UP in kinds and follow_up_for_year(year=year - 1) is None:
        items.append(Item(_("Det finns ingen uppföljning av budget %(last)d; planens block om den blir tomt.")
                          % values, Area.BUDGET, reverse("budget:year", args=[year - 1]),
                          _("Öppna budget %(last)d") % values))  # fmt: skip
    return items


def _calendar_items(year: int) -> list[Item]:
    url = reverse("meetings:year", args=[year])
    entries = Meeting.objects.for_year(year)
    if not entries.exists():
        if Meeting.objects.for_year(year - 1).exists():
            start = reverse("meetings:year_copy", args=[year - 1])
            fix = _("Kopiera kalendariet %(last)d till %(year)d") % {"last": year - 1, "year": year}
        else:
            start, fix = url, _("Lägg in kalendariet")
        return [Item(_("Kalendariet för %(year)d saknas.") % {"year": year}, Area.CALENDAR, start, fix)]
    items = []
    outside = list(
        entries.exclude(starts_on__year=year).order_by("starts_on", "pk").values_list("starts_on", "title", "pk")[:3]
    )
    if outside:
        count = entries.exclude(starts_on__year=year).count()  # always, so the queries do not grow with the data
        listed = ", ".join(f"{isodate(on)} {title}" for on, title, _pk in outside) + (" …" if count > 3 else "")
        message = ngettext(
            "Kalendariet för %(year)d har %(count)d post med ett datum utanför %(year)d (%(listed)s); "
            "kontrollera att den hör till årets kalendarium.",
            "Kalendariet för %(year)d har %(count)d poster med datum utanför %(year)d (%(listed)s); "
            "kontrollera att de hör till årets kalendarium.",
            count,
        ) % {"year": year, "count": count, "listed": listed}
        named = tuple((f"{isodate(on)} {title}", reverse("meetings:meeting", args=[pk])) for on, title, pk in outside)
        items.append(Item(message, Area.CALENDAR, url, _("Öppna kalendariet"), count, named))
    if not CalendarAdoption.objects.filter(year=year).exists():
        items.append(
            Item(
                _("Kalendariet för %(year)d är inte fastställt av styrelsen.") % {"year": year},
                Area.CALENDAR,
                reverse("meetings:year_adopt", args=[year]),
                _("Registrera beslutet"),
            )
        )
    return items


PROJECT_TEXT_FIELDS = ("name", "short_description", "description", "follow_up_text", "period_note")


def _project_items(plan: Plan, year: int, *, kinds: set[str], shown_project_ids: set[int]) -> list[Item]:
    """The insatser the plan shows for `year`: none at all, or ones whose period, money or text is last year's."""
    items = []
    lists_funded = bool(kinds & {Block.PROJECTS, Block.GOAL_ATTAINMENT})
    funded = Project.objects.running_in(year)
    carry_url = reverse("projects:carry_over", args=[year]) + f"?next={plan.get_absolute_url()}"
    carry_fix = _("Fortsätt insatser %(year)d") % {"year": year}
    if lists_funded and not funded.exists():
        items.append(
            Item(
                _("Inga insatser har pengar för %(year)d; planens översikt över insatserna blir tom.") % {"year": year},
                Area.PROJECTS,
                carry_url,
                carry_fix,
            )
        )
    shown = Project.objects.filter(pk__in=shown_project_ids)
    if lists_funded:
        shown = shown | funded
    projects = list(
        shown.distinct()
        .prefetch_related(
            Prefetch("years", queryset=ProjectYear.objects.filter(year=year), to_attr="money_of_year"),
            Prefetch("goals", queryset=Goal.objects.only("pk", "project_id", "text"), to_attr="goal_texts"),
        )
        .order_by("name", "pk")
    )
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    outside = [p for p in projects if (p.starts_on and p.starts_on > last) or (p.ends_on and p.ends_on < first)]
    if outside:
        items.append(
            Item(
                ngettext(
                    "%(count)d insats i planen har en period som inte omfattar %(year)d: %(names)s.",
                    "%(count)d insatser i planen har en period som inte omfattar %(year)d: %(names)s.",
                    len(outside),
                )
                % {"count": len(outside), "year": year, "names": ", ".join(_with_period(p) for p in outside)},
                Area.PROJECTS,
                carry_url,
                carry_fix,
                len(outside),
                tuple((project.name, reverse("projects:update", args=[project.pk])) for project in outside),
            )
        )
    unfunded = [p for p in projects if not any(row.granted for row in p.money_of_year)]
    if unfunded:
        items.append(
            Item(
                ngettext(
                    "%(count)d insats i planen saknar beviljade pengar för %(year)d: %(names)s.",
                    "%(count)d insatser i planen saknar beviljade pengar för %(year)d: %(names)s.",
                    len(unfunded),
                )
                % {"count": len(unfunded), "year": year, "names": ", ".join(p.name for p in unfunded)},
                Area.PROJECTS,
                carry_url,
                carry_fix,
                len(unfunded),
                tuple((project.name, project.get_absolute_url()) for project in unfunded),
            )
        )
    for project in projects:
        texts = [getattr(project, name) for name in PROJECT_TEXT_FIELDS] + [goal.text for goal in project.goal_texts]
        count = sum(1 for text in texts if mentions(text, year - 1))
        if count:
            items.append(
                Item(
                    ngettext(
                        "Insatsen %(name)s nämner %(old)d i en text; kontrollera att den gäller %(year)d.",
                        "Insatsen %(name)s nämner %(old)d i %(count)d texter; kontrollera att de gäller %(year)d.",
                        count,
                    )
                    % {"name": project.name, "old": year - 1, "count": count, "year": year},
                    Area.PROJECTS,
                    reverse("projects:update", args=[project.pk]),
                    _("Ändra insatsen"),
                    count,
                )
            )
    unmeasured = (
        _("Insatsen %(name)s saknar mätbart mål.")
        if plan.first_year == plan.last_year
        else _("Insatsen %(name)s saknar mätbart mål för %(year)d.")
    )
    items.extend(
        Item(unmeasured % {"name": p.name, "year": year}, Area.PROJECTS, p.get_absolute_url(), _("Lägg till ett mål"))
        for p in _unmeasured(year)
    )
    # The two-member rule is a warning with its reason.
    items.extend(
        Item(warning, Area.PROJECTS, reverse("projects:list"), _("Öppna insatserna"))
        for warning in member_warnings(year=year)
    )
    return items


def _with_period(project: Project) -> str:
    return f"{project.name} ({project.period_label()})"


def _unmeasured(year: int) -> list[Project]:
    return list(
        Project.objects.running_in(year)
        .exclude(goals__measure__gt="", goals__target__isnull=False)
        .only("pk", "name")
        .distinct()
        .order_by("name", "pk")
    )


def _budget_items(year: int) -> list[Item]:
    summary = budget_summary_for_year(year=year)
    if summary is None:
        return [
            Item(_("Det finns ingen budget för %(year)d.") % {"year": year}, Area.BUDGET, *_budget_start(year))
        ]  # fmt: skip
    url = reverse("budget:year", args=[year])
    return [
        Item(_("Budget %(year)d: %(warning)s") % {"year": year, "warning": warning}, Area.BUDGET, url,
             _("Öppna budgeten"))
        for warning in summary.warnings
    ]  # fmt: skip


def _budget_start(year: int) -> tuple[str, str]:
    """Where the year's budget is begun, and the link's text: the copy of last year's when there is one."""
    if Budget.objects.filter(year=year - 1).exists():
        values = {"last": year - 1, "year": year}
        return reverse("budget:copy", args=[year - 1]), _("Kopiera budget %(last)d till %(year)d") % values
    return reverse("budget:index"), _("Skapa budgeten")
