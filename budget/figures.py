"""The budget's computed figures: pure functions over the rows, no database.

The seed and the law decide what is computed: the income total and each party's
share (the state's two agencies as one line), totals per category, result, closing
equity, equity against the cap, the overview's results and accumulated result, and
the forecast's deviation from the budget.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.formatting import HUNDRED, kr, percent, share, shares
from governance.models import Member

from .models import Budget, CostCategory, CostLine, NationalSplit, OverviewYear

STATE_LABEL = "Försäkringskassan/Arbetsförmedlingen"


@dataclass
class IncomeRow:
    """One line of the income table: a party, this year's and last year's contribution, its share."""

    label: str
    amount: int | None
    previous: int | None
    share: Decimal | None = None
    is_state: bool = False


@dataclass
class CategoryBlock:
    """The cost lines of one category, with their totals."""

    category: CostCategory
    lines: list[CostLine] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[CostLine, int]]:
        """Return each line with its forecast for the year (its budget when it has none)."""
        return [(line, line_forecast(line)) for line in self.lines]

    @property
    def total(self) -> int:
        return costs_total(self.lines)

    @property
    def outcome(self) -> int | None:
        return outcome_total(self.lines)

    @property
    def forecast(self) -> int:
        return forecast_total(self.lines)


@dataclass
class OverviewColumn:
    year: int
    label: str
    contributions: int
    personnel: int
    board_and_audit: int
    office: int
    activities: int
    costs: int
    result: int
    brought_forward: int
    accumulated: int


@dataclass
class SummaryMember:
    """A member whose contribution the summary shows (this year or last), as it is named and kinded."""

    id: int
    name: str
    kind: int
    kind_label: str


@dataclass
class BudgetSummary:
    """A year's budget with every figure the page, the admin and the plan show."""

    budget: Budget
    previous_year: int
    income: list[IncomeRow]
    income_total: int
    previous_income_total: int | None
    categories: list[CategoryBlock]
    costs_total: int
    outcome_total: int | None
    forecast_total: int
    forecast_text: str | None
    result: int
    opening_equity: int
    closing_equity: int
    equity_share: Decimal | None
    equity_cap_percent: Decimal | None
    national_split: list
    overview: list[OverviewColumn]
    warnings: list[str] = field(default_factory=list)
    members: list[SummaryMember] = field(default_factory=list)
    # Drawn from what was stored at adoption (budget.snapshots), not from today's rows.
    is_frozen: bool = False

    @property
    def has_followup(self) -> bool:
        """Tell whether any line has an outcome or a forecast yet (the tables show those columns then)."""
        return self.outcome_total is not None or self.forecast_text is not None


def line_forecast(line: CostLine) -> int:
    """Return the line's forecast for the year; a line without one follows its budget."""
    return line.amount if line.forecast is None else line.forecast


def contributions_total(contributions: Iterable) -> int:
    """Return the sum of `contributions` (objects with `.amount`)."""
    return sum(row.amount for row in contributions)


def costs_total(lines: Iterable[CostLine]) -> int:
    return sum(line.amount for line in lines)


def outcome_total(lines: Iterable[CostLine]) -> int | None:
    """Return the outcome so far of `lines`, or None when no line has one yet."""
    values = [line.outcome for line in lines if line.outcome is not None]
    return sum(values) if values else None


def forecast_total(lines: Iterable[CostLine]) -> int:
    return sum(line_forecast(line) for line in lines)


def year_result(*, income: int, costs: int) -> int:
    """Return a year's result: its income less its costs."""
    return income - costs


def overview_costs(entry: OverviewYear) -> int:
    return entry.personnel + entry.board_and_audit + entry.office + entry.activities


def overview_result(entry: OverviewYear) -> int:
    return year_result(income=entry.contributions, costs=overview_costs(entry))


def income_rows(contributions: Iterable, previous: Iterable) -> list[IncomeRow]:
    """Return the income table: the state's agencies as one line first, then each other member.

    `contributions` and `previous` hold objects with `.member` and `.amount`.
    """
    this_year: dict[int, tuple[Member, int]] = {}
    last_year: dict[int, tuple[Member, int]] = {}
    for target, rows in ((this_year, contributions), (last_year, previous)):
        for row in rows:
            member, amount = target.get(row.member_id, (row.member, 0))
            target[row.member_id] = (member, amount + row.amount)

    members = {member.pk: member for member, _amount in [*this_year.values(), *last_year.values()]}
    state_ids = [pk for pk, member in members.items() if member.is_state]
    # As the seeds list them: the region, then the municipalities by the size of their share.
    others = sorted(
        (m for m in members.values() if not m.is_state),
        key=lambda m: (m.kind, -this_year.get(m.pk, (m, 0))[1], m.name),
    )

    rows = []
    if state_ids:
        amount = sum(this_year[pk][1] for pk in state_ids if pk in this_year) if this_year else None
        before = sum(last_year[pk][1] for pk in state_ids if pk in last_year) if last_year else None
        rows.append(IncomeRow(STATE_LABEL, amount, before, is_state=True))
    for member in others:
        amount = this_year[member.pk][1] if member.pk in this_year else None
        before = last_year[member.pk][1] if member.pk in last_year else None
        rows.append(IncomeRow(member.name, amount, before))
    # Rounded together, so the shares shown add up to exactly 100 %.
    for row, row_share in zip(rows, shares([row.amount or 0 for row in rows]), strict=True):
        row.share = row_share
    return rows


def category_blocks(lines: Iterable[CostLine]) -> list[CategoryBlock]:
    """Group cost lines by category, in the categories' fixed order."""
    blocks: dict[int, CategoryBlock] = {}
    for line in lines:
        blocks.setdefault(line.category_id, CategoryBlock(line.category)).lines.append(line)
    return sorted(blocks.values(), key=lambda block: block.category.position)


def national_split_totals(lines: Iterable[CostLine]) -> list[tuple[str, int, Decimal | None]]:
    """Return (label, total, share of all costs) for styrelse, administration, revision and insatser."""
    lines = list(lines)
    totals = dict.fromkeys(NationalSplit.values, 0)
    for line in lines:
        totals[line.split] += line.amount
    split_shares = shares(list(totals.values()))
    return [
        (NationalSplit(key).label, amount, split_share)
        for (key, amount), split_share in zip(totals.items(), split_shares, strict=True)
    ]


def overview_columns(years: Sequence[OverviewYear], *, budget_year: int, brought_forward: int) -> list[OverviewColumn]:
    """Return the overview with each year's result and the result accumulated from `brought_forward`."""
    columns = []
    carried = brought_forward
    for entry in sorted(years, key=lambda y: y.year):
        result = overview_result(entry)
        label = (_("Budget %(year)s") if entry.year == budget_year + 1 else _("Prognos %(year)s")) % {
            "year": entry.year
        }
        columns.append(
            OverviewColumn(
                year=entry.year,
                label=label,
                contributions=entry.contributions,
                personnel=entry.personnel,
                board_and_audit=entry.board_and_audit,
                office=entry.office,
                activities=entry.activities,
                costs=overview_costs(entry),
                result=result,
                brought_forward=carried,
                accumulated=carried + result,
            )
        )
        carried += result
    return columns


def forecast_text(*, budget: int, forecast: int) -> str:
    """Say in Swedish how the forecast for the year compares with the budget."""
    deviation = forecast - budget
    if deviation > 0:
        return _("Prognosen visar att budgeten överskrids med %(amount)s.") % {"amount": kr(deviation)}
    if deviation < 0:
        return _("Prognosen visar att kostnaderna blir %(amount)s lägre än budgeterat.") % {"amount": kr(-deviation)}
    return _("Prognosen visar att kostnaderna följer budgeten.")


def state_share_warning(*, state: int, total: int) -> str | None:
    """Warn when the state's agencies do not pay exactly half of the contributions."""
    if not total or state * 2 == total:
        return None
    return _(
        "Försäkringskassan/Arbetsförmedlingen står för %(share)s av medelstilldelningen (%(state)s av %(total)s); "
        "enligt lagen ska staten bidra med exakt hälften, %(half)s."
    ) % {
        "share": percent(share(state, total)),
        "state": kr(state),
        "total": kr(total),
        "half": kr(Decimal(total) / 2),
    }


def equity_cap_warning(*, equity: int, contributions: int, cap_percent: Decimal | None) -> str | None:
    """Warn when the equity goes over the organisation's cap, a share of the year's contributions."""
    if cap_percent is None or not contributions:
        return None
    limit = Decimal(contributions) * Decimal(cap_percent) / HUNDRED
    if equity <= limit:
        return None
    return _(
        "Det egna kapitalet, %(equity)s, är %(share)s av årets medelstilldelning och överstiger förbundets tak "
        "på %(cap)s (%(limit)s)."
    ) % {
        "equity": kr(equity),
        "share": percent(share(equity, contributions)),
        "cap": percent(cap_percent),
        "limit": kr(limit.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
    }
