"""The budget's computed figures: pure functions over the rows, no database.

The seed and the law decide what is computed: the income total and each party's
share (the state's two agencies as one line), totals per category, result, closing
equity, equity against the cap, the overview's results and accumulated result, and
the forecast's deviation from the budget.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core.formatting import (  # noqa: F401 (MISSING and the *_or_missing are the budget's words too)
    HUNDRED,
    MISSING,
    kr,
    kr_or_missing,
    number,
    number_or_missing,
    percent,
    percent_or_missing,
    share,
    shares,
)
from governance.models import Member

from .models import Budget, CostCategory, CostLine, NationalSplit, OverviewYear

STATE_LABEL = "Försäkringskassan/Arbetsförmedlingen"
NOT_SPLIT = "ej fördelad"
AT_LEAST = "minst"
AT_MOST = "högst"


def bounded(text: str, bound: str) -> str:
    """Put `bound` ("minst", "högst") before a figure's text; a figure not given stays "uppgift saknas"."""
    return f"{bound} {text}" if bound and text != MISSING else text


def amount_text(value, *, partial: bool = False, bound: str = AT_LEAST) -> str:
    """Say a total: `4 286 000 kr`, `minst 4 286 000 kr` (some figures under it not given), `uppgift saknas`."""
    return bounded(kr_or_missing(value), bound if partial else "")


@dataclass
class IncomeRow:
    """One line of the income table: a party, this year's and last year's contribution, its share.

    `is_frame`: the members' frame before its split among them is known ("ej fördelad").
    """

    label: str
    amount: int | None
    previous: int | None
    share: Decimal | None = None
    is_state: bool = False
    is_frame: bool = False


@dataclass
class CategoryBlock:
    """The cost lines of one category, with their totals."""

    category: CostCategory
    lines: list[CostLine] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[CostLine, int | None]]:
        """Return each line with its forecast for the year (its budget when it has none)."""
        return [(line, line_forecast(line)) for line in self.lines]

    @property
    def total(self) -> int | None:
        return costs_total(self.lines)

    @property
    def total_partial(self) -> bool:
        return costs_partial(self.lines)

    @property
    def outcome(self) -> int | None:
        return outcome_total(self.lines)

    @property
    def forecast(self) -> int | None:
        return forecast_total(self.lines)


@dataclass
class OverviewColumn:
    """One year of the overview; a `*_partial` figure is a bound, as some of the figures under it are not given."""

    year: int
    label: str
    contributions: int | None
    personnel: int | None
    board_and_audit: int | None
    office: int | None
    activities: int | None
    costs: int | None
    result: int | None
    brought_forward: int | None
    accumulated: int | None
    # Snapshots taken before amounts could be missing have none of these: all given.
    costs_partial: bool = False
    result_partial: bool = False
    brought_forward_partial: bool = False
    accumulated_partial: bool = False


@dataclass
class SummaryMember:
    """A member whose contribution the summary shows (this year or last), as it is named and kinded."""

    id: int
    name: str
    kind: int
    kind_label: str


@dataclass
class BudgetSummary:
    """A year's budget with every figure the page, the admin and the plan show.

    An amount not given is None ("uppgift saknas"), never 0. A total over figures some of
    which are missing is the sum of those given, flagged `*_partial`: costs are then at least
    that much ("minst"), and the result and the equity at most ("högst").
    """

    budget: Budget
    previous_year: int
    income: list[IncomeRow]
    income_total: int | None
    previous_income_total: int | None
    categories: list[CategoryBlock]
    costs_total: int | None
    outcome_total: int | None
    forecast_total: int | None
    forecast_text: str | None
    result: int | None
    opening_equity: int | None
    closing_equity: int | None
    equity_share: Decimal | None
    equity_cap_percent: Decimal | None
    national_split: list
    overview: list[OverviewColumn]
    warnings: list[str] = field(default_factory=list)
    members: list[SummaryMember] = field(default_factory=list)
    # Drawn from what was stored at adoption (budget.snapshots), not from today's rows.
    is_frozen: bool = False
    # The members' frame (budgetram) and whether the split among them is known (contributions entered).
    income_frame: int | None = None
    is_split: bool = True
    contributions_total: int | None = None
    costs_partial: bool = False
    # Said of the budget, not warned of: what is not known yet (the split, the equity).
    notes: list[str] = field(default_factory=list)
    equity_text: str = ""

    @property
    def has_followup(self) -> bool:
        """Tell whether any line has an outcome or a forecast yet (the tables show those columns then)."""
        return any(line.outcome is not None or line.forecast is not None for b in self.categories for line in b.lines)

    @property
    def frame_text(self) -> str:
        """Say the frame the members decided, with the decision (empty without a frame)."""
        if self.income_frame is None:
            return ""
        return frame_text(
            frame=self.income_frame,
            decision=getattr(self.budget, "income_frame_decision", ""),
            decided_on=getattr(self.budget, "income_frame_decided_on", None),
        )

    @property
    def shows_shares(self) -> bool:
        """Tell whether there are shares to draw: a split among the members with an amount."""
        return self.is_split and bool(self.income_total)

    @property
    def result_partial(self) -> bool:
        """The result is at most what is shown: some costs are not given."""
        return self.costs_partial


def known_sum(values: Iterable[int | None]) -> int | None:
    """Return the sum of the given values, ignoring the missing (None) ones; None when none is given."""
    given = [value for value in values if value is not None]
    return sum(given) if given else None


def line_forecast(line: CostLine) -> int | None:
    """Return the line's forecast for the year; a line without one follows its budget (None: neither given)."""
    return line.amount if line.forecast is None else line.forecast


def contributions_total(contributions: Iterable) -> int:
    """Return the sum of `contributions` (objects with `.amount`)."""
    return sum(row.amount for row in contributions)


def costs_total(lines: Iterable[CostLine]) -> int | None:
    """Return the budget of `lines`: 0 for no lines, None when no line has an amount, else the given ones' sum.

    Amounts are never negative, so a sum with some missing is a lower bound (see `costs_partial`).
    """
    lines = list(lines)
    return known_sum(line.amount for line in lines) if lines else 0


def costs_partial(lines: Iterable[CostLine]) -> bool:
    """Tell whether some line of `lines` has no amount, so that their total is only a lower bound."""
    return any(line.amount is None for line in lines)


def outcome_total(lines: Iterable[CostLine]) -> int | None:
    """Return the outcome so far of `lines`, or None unless every line has one (an outcome may be negative)."""
    values = [line.outcome for line in lines]
    return sum(values) if values and None not in values else None


def forecast_total(lines: Iterable[CostLine]) -> int | None:
    """Return the forecast of `lines`, or None when a line has neither forecast nor budget (it may be negative)."""
    values = [line_forecast(line) for line in lines]
    return None if None in values else sum(values)


def year_result(*, income: int | None, costs: int | None) -> int | None:
    """Return a year's result: its income less its costs (None when either is not known)."""
    if income is None or costs is None:
        return None
    return income - costs


def overview_costs(entry: OverviewYear) -> int | None:
    return known_sum([entry.personnel, entry.board_and_audit, entry.office, entry.activities])


def overview_costs_partial(entry: OverviewYear) -> bool:
    return None in (entry.personnel, entry.board_and_audit, entry.office, entry.activities)


def overview_result(entry: OverviewYear) -> int | None:
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


def national_split_totals(lines: Iterable[CostLine]) -> list[tuple[str, int, Decimal | None, bool]]:
    """Return (label, total, share of all costs, partial) for styrelse, administration, revision and insatser.

    A group with a line whose amount is not given is `partial` (at least its total); while any
    line of the budget has no amount, no group has a share (its whole is not known).
    """
    lines = list(lines)
    totals = dict.fromkeys(NationalSplit.values, 0)
    partial = dict.fromkeys(NationalSplit.values, False)
    for line in lines:
        if line.amount is None:
            partial[line.split] = True
        else:
            totals[line.split] += line.amount
    split_shares = [None] * len(totals) if any(partial.values()) else shares(list(totals.values()))
    return [
        (NationalSplit(key).label, amount, split_share, partial[key])
        for (key, amount), split_share in zip(totals.items(), split_shares, strict=True)
    ]


def _plus(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def overview_columns(
    years: Sequence[OverviewYear],
    *,
    budget_year: int,
    brought_forward: int | None,
    brought_forward_partial: bool = False,
) -> list[OverviewColumn]:
    """Return the overview with each year's result and the result accumulated from `brought_forward`.

    A year with a cost not given has a result of at most what is shown, and so has every
    accumulated result after it; a year without its contributions has none.
    """
    columns = []
    carried, carried_partial = brought_forward, brought_forward_partial
    for entry in sorted(years, key=lambda y: y.year):
        result = overview_result(entry)
        result_partial = result is not None and overview_costs_partial(entry)
        label = (_("Budget %(year)s") if entry.year == budget_year + 1 else _("Prognos %(year)s")) % {
            "year": entry.year
        }
        accumulated = _plus(carried, result)
        accumulated_partial = accumulated is not None and (carried_partial or result_partial)
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
                accumulated=accumulated,
                costs_partial=overview_costs_partial(entry),
                result_partial=result_partial,
                brought_forward_partial=carried is not None and carried_partial,
                accumulated_partial=accumulated_partial,
            )
        )
        carried, carried_partial = accumulated, accumulated_partial
    return columns


def forecast_text(*, budget: int, forecast: int) -> str:
    """Say in Swedish how the forecast for the year compares with the budget."""
    deviation = forecast - budget
    if deviation > 0:
        return _("Prognosen visar att budgeten överskrids med %(amount)s.") % {"amount": kr(deviation)}
    if deviation < 0:
        return _("Prognosen visar att kostnaderna blir %(amount)s lägre än budgeterat.") % {"amount": kr(-deviation)}
    return _("Prognosen visar att kostnaderna följer budgeten.")


def frame_warning(*, frame: int | None, contributions: int) -> str | None:
    """Warn when the members' contributions, once entered, do not add up to the frame they decided."""
    if frame is None or contributions == frame:
        return None
    difference = contributions - frame
    return _("Medlemsbidragen är sammanlagt %(total)s men budgetramen är %(frame)s: %(difference)s %(way)s.") % {
        "total": kr(contributions),
        "frame": kr(frame),
        "difference": kr(abs(difference)),
        "way": _("mer") if difference > 0 else _("mindre"),
    }


def frame_text(*, frame: int, decision: str, decided_on) -> str:
    """Say what the frame is and who decided it when: `Budgetram 5 200 000 kr, beslutad av medlemmarna 2018-11-20.`"""
    text = _("Budgetram %(frame)s") % {"frame": kr(frame)}
    if decision:
        text += f", {decision}"
    if decided_on:
        text += f" {decided_on.isoformat()}"
    return text.rstrip(".") + "."


SPLIT_NOT_KNOWN = "Fördelningen mellan medlemmarna är inte känd än."


def equity_text(*, amount: int | None, on, source: str) -> str:
    """Say the entered equity with its date and source.

    `Eget kapital 2017-12-31 enligt årsredovisningen 2017: 1 234 567 kr`.

    Empty when neither date nor source is given (the tables say the amount then).
    """
    if not (on or source):
        return ""
    text = _("Eget kapital")
    if on:
        text += f" {on.isoformat()}"
    if source:
        text += " " + (source if source.lower().startswith("enligt ") else _("enligt %(source)s") % {"source": source})
    return f"{text}: {kr(amount) if amount is not None else _('uppgift saknas')}"


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


def equity_cap_warning(
    *, equity: int | None, contributions: int | None, cap_percent: Decimal | None, basis: str = ""
) -> str | None:
    """Warn when the equity goes over the organisation's cap, a share of the year's contributions.

    `basis` says where the equity judged comes from (its date and source), added to the warning.
    """
    if cap_percent is None or not contributions or equity is None:
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
    } + (_(" Beräknat från %(basis)s.") % {"basis": basis[0].lower() + basis[1:]} if basis else "")


# --- The follow-up of a year's budget ----------------------------------------------------------


@dataclass
class FollowUpFigures:
    """A follow-up of a year's budget as the page and the plan show it: the forecast against the budget."""

    year: int
    made_on: datetime.date
    period: str
    budgeted_costs: int | None
    budgeted_costs_partial: bool
    forecast_costs: int | None
    outcome_costs: int | None
    forecast_income: int | None
    note: str
    follow_up_id: int | None = None

    @property
    def deviation(self) -> int | None:
        """Return how much the forecast goes over the budget (negative: under); None when either is not known."""
        if self.forecast_costs is None or self.budgeted_costs is None or self.budgeted_costs_partial:
            return None
        return self.forecast_costs - self.budgeted_costs

    @property
    def heading(self) -> str:
        return _("Uppföljning per %(date)s, %(period)s") % {"date": self.made_on.isoformat(), "period": self.period}

    @property
    def text(self) -> str:
        return follow_up_text(
            year=self.year,
            deviation=self.deviation,
            forecast_known=self.forecast_costs is not None,
        )


def follow_up_text(*, year: int, deviation: int | None, forecast_known: bool = True) -> str:
    """Say how the forecast compares with the year's budget: over by, under by, within, or that it cannot be told."""
    if not forecast_known:
        return _("Prognosen för helåret %(year)s: uppgift saknas.") % {"year": year}
    if deviation is None:
        return _(
            "Prognosen för %(year)s kan inte jämföras med budgeten: budgetens kostnader för året är inte kända."
        ) % {"year": year}
    if deviation > 0:
        return _("Prognosen visar att budgeten för %(year)s överskrids med %(amount)s.") % {
            "year": year,
            "amount": kr(deviation),
        }
    if deviation < 0:
        return _("Prognosen visar att budgeten för %(year)s understigs med %(amount)s.") % {
            "year": year,
            "amount": kr(-deviation),
        }
    return _("Prognosen visar att budgeten för %(year)s håller.") % {"year": year}


def follow_up_figures(follow_up, *, budget_costs: int | None, budget_costs_partial: bool) -> FollowUpFigures:
    """Return what `follow_up` (a BudgetFollowUp with its budget) shows, against the budget's costs given.

    The ekonom's own figure for the budgeted costs, when she gave one, goes before the budget's lines.
    """
    if follow_up.budgeted_costs is not None:
        budget_costs, budget_costs_partial = follow_up.budgeted_costs, False
    return FollowUpFigures(
        year=follow_up.budget.year,
        made_on=follow_up.made_on,
        period=follow_up.period_text,
        budgeted_costs=budget_costs,
        budgeted_costs_partial=budget_costs_partial,
        forecast_costs=follow_up.forecast_costs,
        outcome_costs=follow_up.outcome_costs,
        forecast_income=follow_up.forecast_income,
        note=follow_up.note,
        follow_up_id=follow_up.pk,
    )


# --- What an import does to each budget ---------------------------------------------------------


@dataclass
class ImportMemberChange:
    """One member's contribution to a budget before and after an import (None: none before)."""

    name: str
    kind: int
    before: int | None
    after: int
    share_after: Decimal | None = None

    @property
    def is_state(self) -> bool:
        return self.kind in (Member.Kind.FORSAKRINGSKASSAN, Member.Kind.ARBETSFORMEDLINGEN)

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass
class ImportBudgetEffect:
    """What an import does to one year's budget: its total and each member's amount before and after."""

    year: int
    members: list[ImportMemberChange]
    total_before: int | None
    total_after: int
    state_warning: str | None = None
    frame_warning: str | None = None

    @property
    def state_after(self) -> int:
        return sum(member.after for member in self.members if member.is_state)

    @property
    def warnings(self) -> list[str]:
        return [warning for warning in (self.state_warning, self.frame_warning) if warning]


def import_effects(
    *, budgets: Iterable[Budget], before: dict[tuple[int, int], int], after: dict[tuple[int, int], int], members
) -> list[ImportBudgetEffect]:
    """Return, for each budget, its contributions before an import and after it, the shares after and the warnings.

    `before` and `after` map (budget id, member id) to an amount: those stored, and those the file
    sets; `members` maps a member id to the member.
    """
    effects = []
    for budget in sorted(budgets, key=lambda budget: budget.year):
        amounts_before = {member: amount for (budget_id, member), amount in before.items() if budget_id == budget.pk}
        amounts_after = {
            **amounts_before,
            **{member: amount for (budget_id, member), amount in after.items() if budget_id == budget.pk},
        }
        rows = [
            ImportMemberChange(
                name=members[pk].name,
                kind=members[pk].kind,
                before=amounts_before.get(pk),
                after=amount,
            )
            for pk, amount in amounts_after.items()
        ]
        # As the budget's income table lists them: the state, the region, then by the size of their share.
        rows.sort(key=lambda row: (row.kind, -row.after, row.name))
        for row, row_share in zip(rows, shares([row.after for row in rows]), strict=True):
            row.share_after = row_share
        effect = ImportBudgetEffect(
            year=budget.year,
            members=rows,
            total_before=sum(amounts_before.values()) if amounts_before else None,
            total_after=sum(amounts_after.values()),
        )
        effect.state_warning = state_share_warning(state=effect.state_after, total=effect.total_after)
        effect.frame_warning = frame_warning(frame=budget.income_frame, contributions=effect.total_after)
        effects.append(effect)
    return effects
