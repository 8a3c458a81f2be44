"""Live data blocks: what a section embeds from the rest of the app.

Each block has a template in templates/plans/blocks/ and a function that gathers its
context in a fixed number of queries: `context(plan, block, shared) -> dict`, where
`plan` is the plan as seen for one of its years (`plan.first_year == plan.last_year ==
that year`; `plan.span_years` is the whole plan's "2007–2008"), `block` the SectionBlock
(kind, param, project_id, meeting_id; `block.block_param` is `param`) and `shared` a
dict for that year shared by the blocks of one document. A plan of several years shows
each block once per year, under the year; years that show the same are shown once.
The web preview and the PDF render a block with the same template; a version sent to
the board stores the rendered HTML, so later changes to the data never reach it.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from budget import charts
from budget.selectors import budget_summary_for_year, follow_up_for_year
from goals.selectors import forbund_goals_for_year
from governance import selectors as governance
from meetings.models import Meeting
from meetings.selectors import meeting_get, year_calendar
from projects import selectors as projects

from .models import Block, Plan, SectionBlock


@dataclass(frozen=True)
class BlockSpec:
    key: str
    context: Callable[[Plan, SectionBlock, dict], dict]

    @property
    def template(self) -> str:
        return f"plans/blocks/{self.key}.html"

    @property
    def label(self) -> str:
        return str(Block(self.key).label)


def _year_term(plan: Plan, shared: dict) -> governance.YearTerm:
    """The board term the plan year falls under, fetched once per document and year.

    The plan names, for each of its years, the board and the auditors of the term running
    on the förbund's term start day in that year, and the members on that day.
    """
    if "term" not in shared:
        shared["term"] = governance.term_of_year(year=plan.first_year)
    return shared["term"]


def _span_year_list(plan: Plan) -> list[int]:
    """Return every year of the whole plan that `plan` (seen for one of its years) belongs to."""
    first, _dash, last = str(getattr(plan, "span_years", plan.years)).partition("–")
    return list(range(int(first), int(last or first) + 1))


def organisation_context(plan, section, shared):
    term = _year_term(plan, shared)
    return {"organisation": term.organisation, "members": governance.member_list(on=term.day)}


def board_context(plan, section, shared):
    year_term = _year_term(plan, shared)
    period = year_term.period
    board = governance.board_get(period=period) if period else None
    # No term covering the year: name the year, the last term and when it ended, and what to create.
    # The plan's years under the missing term are named together: a span plan shows the block once for them.
    missing = "" if period else governance.term_missing(year_term=year_term, years=_span_year_list(plan))
    return {"period": period, "term": year_term.term, "board": board, "missing": missing}


def office_context(plan, section, shared):
    # Every post of the year, with its changes during it ("80 % till och med 2019-06-30, därefter 60 %").
    return {"staff": governance.staff_for_year(year=plan.first_year), "year": plan.first_year}


def preparatory_group_context(plan, section, shared):
    return {"memberships": governance.preparatory_group_for_year(year=plan.first_year), "year": plan.first_year}


def audit_context(plan, section, shared):
    period = _year_term(plan, shared).period
    return {"period": period, "auditors": governance.auditor_list(period=period) if period else []}


def calendar_context(plan, section, shared):
    return {"calendar": year_calendar(year=plan.first_year, years=[])}


def _budget_summary(plan, shared):
    if "budget" not in shared:
        shared["budget"] = budget_summary_for_year(year=plan.first_year)
    return shared["budget"]


def budget_context(plan, section, shared):
    summary = _budget_summary(plan, shared)
    context = {"summary": summary}
    # The same SVG charts as the budget page, inline, so the PDF needs nothing from elsewhere.
    if summary is not None and section.block_param != "utan-diagram":
        if summary.income_total:
            context["shares_chart"] = charts.as_data_uri(charts.contribution_shares_svg(summary))
        if summary.categories:
            context["costs_chart"] = charts.as_data_uri(charts.costs_by_category_svg(summary))
    return context


def target_groups_context(plan, section, shared):
    if "priorities" not in shared:
        shared["priorities"] = dict(projects.target_group_priorities())
    priorities = shared["priorities"].get(plan.first_year, [])
    described = any(priority.target_group.description.strip() for priority in priorities)
    return {"priorities": priorities, "descriptions": described and section.param != "utan-beskrivning"}


def _with_state(project, shared):
    """The project with the status it shows on the document's day (Project.state_on) as `shown_state`."""
    project.shown_state = project.state_on(shared["on"])
    return project


def projects_context(plan, section, shared):
    funded = [_with_state(project, shared) for project in projects.funded_project_list(year=plan.first_year)]
    return {"projects": funded, "year": plan.first_year}


def project_context(plan, section, shared):
    page = projects.project_get(project_id=section.project_id) if section.project_id else None
    if page is not None:
        _with_state(page.project, shared)
    granted = projects.granted_money(page.years, year=plan.first_year) if page else None
    # The insats the block showed before it was deleted (or a name typed before the block
    # named its insats by key, that matched none: migrations 0003, 0008).
    return {"page": page, "param": section.reference_label, "granted": granted, "year": plan.first_year}


def meeting_context(plan, section, shared):
    try:
        meeting = meeting_get(meeting_id=section.meeting_id) if section.meeting_id else None
    except Meeting.DoesNotExist:  # deleted since the document's blocks were read
        meeting = None
    return {"meeting": meeting, "reference_label": section.reference_label}


def goal_attainment_context(plan, section, shared):
    return {"matrix": projects.attainment_matrix(year=plan.first_year)}


BLOCKS: dict[str, BlockSpec] = {
    spec.key: spec
    for spec in [
        BlockSpec(Block.ORGANISATION, organisation_context),
        BlockSpec(Block.BOARD, board_context),
        BlockSpec(Block.OFFICE, office_context),
        BlockSpec(Block.AUDIT, audit_context),
        BlockSpec(Block.CALENDAR, calendar_context),
        BlockSpec(Block.TARGET_GROUPS, target_groups_context),
        BlockSpec(Block.PROJECTS, projects_context),
        BlockSpec(Block.PROJECT, project_context),
        BlockSpec(Block.GOAL_ATTAINMENT, goal_attainment_context),
        BlockSpec(
            Block.FORBUND_GOALS, lambda plan, section, shared: {"goals": forbund_goals_for_year(year=plan.first_year)}
        ),
        BlockSpec(Block.BUDGET_INCOME, budget_context),
        BlockSpec(Block.BUDGET_COSTS, budget_context),
        BlockSpec(Block.BUDGET_OVERVIEW, budget_context),
        BlockSpec(
            Block.BUDGET_FOLLOW_UP,
            lambda plan, section, shared: {
                "follow_up": follow_up_for_year(year=plan.first_year - 1),
                "follow_up_year": plan.first_year - 1,
            },
        ),
        BlockSpec(Block.MEETING, meeting_context),
        BlockSpec(Block.PREPARATORY_GROUP, preparatory_group_context),
    ]
}


def plan_year(plan: Plan, year: int) -> Plan:
    """Return `plan` as seen for one of its years: an unsaved copy whose first and last year are `year`."""
    seen = copy.copy(plan)
    seen.span_years = plan.years
    seen.first_year = seen.last_year = year
    return seen


def render_block_year(block: SectionBlock, plan: Plan, *, year: int, cache: dict) -> str:
    """Render `block` for one `year` of `plan`.

    `cache` is shared by the blocks of one document: a block used twice, or blocks that
    read the same data (the three budget tables, the board's term), fetch it once a year.
    """
    spec = BLOCKS[block.kind]
    contexts = cache.setdefault("contexts", {})
    key = (year, block.kind, block.param, block.project_id, block.meeting_id, block.reference_label)
    seen = plan_year(plan, year)
    if key not in contexts:
        shared = cache.setdefault("shared", {}).setdefault(year, {})
        shared.setdefault("on", cache.get("on") or timezone.localdate())  # the document's day
        contexts[key] = spec.context(seen, block, shared)
    return render_to_string(spec.template, {"plan": seen, "block_label": spec.label, **contexts[key]})


def render_block(block: SectionBlock, plan: Plan, *, cache: dict | None = None) -> str:
    """Render `block` for every year of `plan`: once per year under the year, or once when the years show the same."""
    cache = {} if cache is None else cache
    rendered = [(year, render_block_year(block, plan, year=year, cache=cache)) for year in plan.year_list]
    groups: list[list] = []  # [first year, last year, html] of consecutive years that show the same
    for year, html in rendered:
        if groups and groups[-1][2] == html:
            groups[-1][1] = year
        else:
            groups.append([year, year, html])
    if len(groups) == 1:
        return groups[0][2]
    return format_html_join(
        "",
        '<div class="block-year" data-year="{}"><p class="block-year-caption">{}</p>{}</div>',
        (
            (first, _("År %(years)s") % {"years": str(first) if first == last else f"{first}–{last}"}, html)
            for first, last, html in groups
        ),
    )
