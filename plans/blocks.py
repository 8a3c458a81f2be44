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
    context: Callable[[Plan], dict]

    @property
    def template(self) -> str:
        return f"plans/blocks/{self.key}.html"

    @property
    def label(self) -> str:
        return str(Block(self.key).label)


def _plan_day(plan: Plan) -> datetime.date:
    # Mid-year: with a term start of 1 April the first quarter still has last term's board.
    return datetime.date(plan.first_year, 7, 1)


def organisation_context(plan):
    day = _plan_day(plan)
    return {"organisation": governance.organisation_get(), "members": governance.member_list(on=day)}


def board_context(plan):
    period = governance.period_for_date(_plan_day(plan))
    return {"period": period, "board": governance.board_get(period=period) if period else None}


def office_context(plan):
    return {"staff": governance.staff_list(on=_plan_day(plan))}


def audit_context(plan):
    period = governance.period_for_date(_plan_day(plan))
    return {"period": period, "auditors": governance.auditor_list(period=period) if period else []}


def calendar_context(plan):
    from meetings.selectors import year_calendar

    return {"calendar": year_calendar(year=plan.first_year, years=[])}


def pending_context(plan):
    return {"pending": True}


BLOCKS: dict[str, BlockSpec] = {
    spec.key: spec
    for spec in [
        BlockSpec(Block.ORGANISATION, organisation_context),
        BlockSpec(Block.BOARD, board_context),
        BlockSpec(Block.OFFICE, office_context),
        BlockSpec(Block.AUDIT, audit_context),
        BlockSpec(Block.CALENDAR, calendar_context),
        BlockSpec(Block.TARGET_GROUPS, pending_context),
        BlockSpec(Block.PROJECTS, pending_context),
        BlockSpec(Block.PROJECT, pending_context),
        BlockSpec(Block.GOAL_ATTAINMENT, pending_context),
        BlockSpec(Block.BUDGET_INCOME, pending_context),
        BlockSpec(Block.BUDGET_COSTS, pending_context),
        BlockSpec(Block.BUDGET_OVERVIEW, pending_context),
    ]
}


def render_block(key: str, plan: Plan, *, cache: dict | None = None) -> str:
    """Render block `key` for `plan`; `cache` shares contexts between sections of one document."""
    spec = BLOCKS[key]
    if cache is not None and key in cache:
        context = cache[key]
    else:
        context = spec.context(plan)
        if cache is not None:
            cache[key] = context
    return render_to_string(spec.template, {"plan": plan, "block_label": spec.label, **context})


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
