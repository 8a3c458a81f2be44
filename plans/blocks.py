"""Live data blocks: what a section embeds from the rest of the app.

Each block has a template in templates/plans/blocks/ and a function that gathers its
context for a plan in a fixed number of queries. The web preview and the PDF render a
block with the same template; a version sent to the board stores the rendered HTML, so
later changes to the data never reach it.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.loader import render_to_string

from governance import selectors as governance

from .models import Block, Plan


@dataclass(frozen=True)
class BlockSpec:
    key: str
    context: Callable[[Plan, str, dict], dict]

    @property
    def template(self) -> str:
        return f"plans/blocks/{self.key}.html"

    @property
    def label(self) -> str:
        return str(Block(self.key).label)


def _plan_day(plan: Plan) -> datetime.date:
    # Mid-year: with a term start of 1 April the first quarter still has last term's board.
    return datetime.date(plan.first_year, 7, 1)


def organisation_context(plan, param, shared):
    day = _plan_day(plan)
    return {"organisation": governance.organisation_get(), "members": governance.member_list(on=day)}


def board_context(plan, param, shared):
    period = governance.period_for_date(_plan_day(plan))
    return {"period": period, "board": governance.board_get(period=period) if period else None}


def office_context(plan, param, shared):
    return {"staff": governance.staff_list(on=_plan_day(plan))}


def audit_context(plan, param, shared):
    period = governance.period_for_date(_plan_day(plan))
    return {"period": period, "auditors": governance.auditor_list(period=period) if period else []}


def calendar_context(plan, param, shared):
    from meetings.selectors import year_calendar

    return {"calendar": year_calendar(year=plan.first_year, years=[])}


def _budget_summary(plan, shared):
    from budget.selectors import budget_summary_for_year

    if "budget" not in shared:
        shared["budget"] = budget_summary_for_year(year=plan.first_year)
    return shared["budget"]


def budget_context(plan, param, shared):
    from budget import charts

    summary = _budget_summary(plan, shared)
    context = {"summary": summary}
    # The same SVG charts as the budget page, inline, so the PDF needs nothing from elsewhere.
    if summary is not None and param != "utan-diagram":
        if summary.income_total:
            context["shares_chart"] = charts.as_data_uri(charts.contribution_shares_svg(summary))
        if summary.categories:
            context["costs_chart"] = charts.as_data_uri(charts.costs_by_category_svg(summary))
    return context


def target_groups_context(plan, param, shared):
    from projects.selectors import target_group_priorities

    return {"priorities": dict(target_group_priorities()).get(plan.first_year, [])}


def projects_context(plan, param, shared):
    from projects.models import Project
    from projects.selectors import project_list

    year = plan.first_year
    projects = [project for project in project_list(year=year) if project.status in Project.FUNDED_STATUSES]
    for project in projects:
        project.granted_in_year = sum(row.granted for row in project.years.all() if row.year == year)
    return {"projects": projects, "year": year}


def project_context(plan, param, shared):
    from projects.models import Project
    from projects.selectors import project_get

    project_id = Project.objects.filter(name__iexact=param.strip()).values_list("pk", flat=True).first()
    page = project_get(project_id=project_id) if project_id else None
    granted = sum(row.granted for row in page.years if row.year == plan.first_year) if page else 0
    return {"page": page, "param": param, "granted": granted, "year": plan.first_year}


def goal_attainment_context(plan, param, shared):
    from projects.selectors import attainment_matrix

    return {"matrix": attainment_matrix(year=plan.first_year)}


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
        BlockSpec(Block.BUDGET_INCOME, budget_context),
        BlockSpec(Block.BUDGET_COSTS, budget_context),
        BlockSpec(Block.BUDGET_OVERVIEW, budget_context),
    ]
}


def render_block(key: str, plan: Plan, *, param: str = "", cache: dict | None = None) -> str:
    """Render block `key` for `plan`.

    `cache` is shared by the sections of one document: a block used twice, or blocks that
    read the same data (the three budget tables), fetch it once.
    """
    spec = BLOCKS[key]
    cache = {} if cache is None else cache
    contexts = cache.setdefault("contexts", {})
    if (key, param) not in contexts:
        contexts[key, param] = spec.context(plan, param, cache.setdefault("shared", {}))
    return render_to_string(spec.template, {"plan": plan, "block_label": spec.label, **contexts[key, param]})


class _RowText(HTMLParser):
    """Collect the text of each table row (or paragraph) of a rendered block."""

    ROW_TAGS = {"tr", "p", "li", "dt", "dd", "caption"}

    def __init__(self):
        super().__init__()
        self.rows, self.cells, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.ROW_TAGS:
            self._flush()
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.ROW_TAGS:
            self._flush()
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.cells.append(text)

    def _flush(self):
        if self.cells:
            self.rows.append(" · ".join(self.cells))
        self.cells = []


def block_figures(html: str) -> list[str]:
    """Return a block's content as one line per table row, for comparing versions."""
    parser = _RowText()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.rows
