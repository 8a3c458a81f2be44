"""Live data blocks: what a section embeds from the rest of the app.

Each block has a template in templates/plans/blocks/ and a function that gathers its
context for a plan in a fixed number of queries. The web preview and the PDF render a
block with the same template; a version sent to the board stores the rendered HTML, so
later changes to the data never reach it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from django.template.loader import render_to_string

from budget import charts
from budget.selectors import budget_summary_for_year, follow_up_for_year
from goals.selectors import forbund_goals_for_year
from governance import selectors as governance
from meetings.selectors import year_calendar
from projects import selectors as projects

from .models import Block, Plan, Section


@dataclass(frozen=True)
class BlockSpec:
    key: str
    context: Callable[[Plan, Section, dict], dict]

    @property
    def template(self) -> str:
        return f"plans/blocks/{self.key}.html"

    @property
    def label(self) -> str:
        return str(Block(self.key).label)


def _year_term(plan: Plan, shared: dict) -> governance.YearTerm:
    """The board term the plan year falls under, fetched once per document.

    The plan names the board and the auditors of the term running on the förbund's term
    start day in its first year, and the members and the office on that day.
    """
    if "term" not in shared:
        shared["term"] = governance.term_of_year(year=plan.first_year)
    return shared["term"]


def organisation_context(plan, section, shared):
    term = _year_term(plan, shared)
    return {"organisation": term.organisation, "members": governance.member_list(on=term.day)}


def board_context(plan, section, shared):
    period = _year_term(plan, shared).period
    return {"period": period, "board": governance.board_get(period=period) if period else None}


def office_context(plan, section, shared):
    return {"staff": governance.staff_list(on=_year_term(plan, shared).day)}


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
    return {"priorities": dict(projects.target_group_priorities()).get(plan.first_year, [])}


def projects_context(plan, section, shared):
    return {"projects": projects.funded_project_list(year=plan.first_year), "year": plan.first_year}


def project_context(plan, section, shared):
    page = projects.project_get(project_id=section.project_id) if section.project_id else None
    granted = projects.granted_money(page.years, year=plan.first_year) if page else None
    # A name typed before the block named its insats by a key, that matched none (migration 0003).
    return {"page": page, "param": section.block_param, "granted": granted, "year": plan.first_year}


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
    ]
}


def render_block(section: Section, plan: Plan, *, cache: dict | None = None) -> str:
    """Render the data block of `section` for `plan`.

    `cache` is shared by the sections of one document: a block used twice, or blocks that
    read the same data (the three budget tables, the board's term), fetch it once.
    """
    spec = BLOCKS[section.block]
    cache = {} if cache is None else cache
    contexts = cache.setdefault("contexts", {})
    key = (section.block, section.block_param, section.project_id)
    if key not in contexts:
        contexts[key] = spec.context(plan, section, cache.setdefault("shared", {}))
    return render_to_string(spec.template, {"plan": plan, "block_label": spec.label, **contexts[key]})


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
