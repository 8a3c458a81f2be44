"""The adopted budget as its page showed it: a JSON snapshot of its summary, read back and compared.

`budget.services.budget_adopt` stores `summary_snapshot` of the budget's summary with the
adoption; from then on `budget.selectors.budget_summary` draws the page, its charts, the
admin's figures and the plan's budget blocks from it, so that nothing changed later in
members (names, kinds), cost categories (names, national split, order), the previous
year or the organisation moves an adopted figure. `snapshot_changes` says what today's
rows would show differently, for the page's "Ändrat sedan fastställandet".

The snapshot holds what is shown (labels, amounts, shares, texts), not the rows it was
computed from: a later change to how a figure is computed leaves it as adopted, too.
"""

import copy
import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.formatting import kr, percent

from .figures import MISSING, BudgetSummary, CategoryBlock, IncomeRow, OverviewColumn, SummaryMember
from .models import Budget, NationalSplit

# 2: amounts may be missing (None, with `*_partial` totals), the frame before the split, the
# equity's date and source. A version 1 snapshot reads as before: every amount given, split.
SNAPSHOT_VERSION = 2


@dataclass(frozen=True)
class FrozenCategory:
    """A cost category as it was named, ordered and split at adoption (in place of a CostCategory)."""

    id: int | None
    code: str
    name: str
    position: int
    national_split: str


@dataclass(frozen=True)
class FrozenLine:
    """A cost line as it was at adoption (in place of a CostLine)."""

    text: str
    amount: int | None
    outcome: int | None
    forecast: int | None
    split: str
    project_id: int | None


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _decimal(value: Decimal | None) -> str | None:
    # As text: a float would lose the exact share (12,75 %), and str() keeps its digits as they are.
    return None if value is None else str(value)


def summary_snapshot(summary: BudgetSummary) -> dict:
    """Return everything `summary` shows as JSON-ready data (see `summary_from_snapshot`)."""
    budget = summary.budget
    return {
        "version": SNAPSHOT_VERSION,
        "budget": {
            "year": budget.year,
            "adopted_on": _date(budget.adopted_on),
            "followup_on": _date(budget.followup_on),
            "equity_is_preliminary": budget.equity_is_preliminary,
            "opening_equity": budget.opening_equity,
            "opening_equity_on": _date(budget.opening_equity_on),
            "opening_equity_source": budget.opening_equity_source,
            "overview_opening_surplus": budget.overview_opening_surplus,
            "income_frame": budget.income_frame,
            "income_frame_decision": budget.income_frame_decision,
            "income_frame_decided_on": _date(budget.income_frame_decided_on),
        },
        "previous_year": summary.previous_year,
        "members": [asdict(member) for member in summary.members],
        "income": [
            {
                "label": row.label,
                "amount": row.amount,
                "previous": row.previous,
                "share": _decimal(row.share),
                "is_state": row.is_state,
                "is_frame": row.is_frame,
            }
            for row in summary.income
        ],
        "income_total": summary.income_total,
        "previous_income_total": summary.previous_income_total,
        "categories": [
            {
                "category": {
                    "id": block.category.id,
                    "code": block.category.code,
                    "name": block.category.name,
                    "position": block.category.position,
                    "national_split": block.category.national_split,
                },
                "lines": [
                    {
                        "text": line.text,
                        "amount": line.amount,
                        "outcome": line.outcome,
                        "forecast": line.forecast,
                        "split": line.split,
                        "project_id": line.project_id,
                    }
                    for line in block.lines
                ],
            }
            for block in summary.categories
        ],
        "costs_total": summary.costs_total,
        "costs_partial": summary.costs_partial,
        "income_frame": summary.income_frame,
        "is_split": summary.is_split,
        "contributions_total": summary.contributions_total,
        "notes": [str(note) for note in summary.notes],
        "equity_text": summary.equity_text,
        "outcome_total": summary.outcome_total,
        "forecast_total": summary.forecast_total,
        "forecast_text": summary.forecast_text,
        "result": summary.result,
        "opening_equity": summary.opening_equity,
        "closing_equity": summary.closing_equity,
        "equity_share": _decimal(summary.equity_share),
        "equity_cap_percent": _decimal(summary.equity_cap_percent),
        "national_split": [
            [str(label), amount, _decimal(share), partial] for label, amount, share, partial in summary.national_split
        ],
        "overview": [asdict(column) for column in summary.overview],
        "warnings": [str(warning) for warning in summary.warnings],
    }


def _to_decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _to_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def summary_from_snapshot(*, budget: Budget, snapshot: dict) -> BudgetSummary:
    """Return the summary `snapshot` was taken of, for `budget` (no query).

    Its `budget` is a copy of `budget` carrying the adopted values of the fields the page
    shows (the year, the adoption date, the follow-up date, the equity), so that the
    templates read one object whatever the summary was drawn from.
    """
    stored = snapshot["budget"]
    shown = copy.copy(budget)
    shown.year = stored["year"]
    shown.status = Budget.Status.ADOPTED
    shown.adopted_on = _to_date(stored["adopted_on"])
    shown.followup_on = _to_date(stored["followup_on"])
    shown.equity_is_preliminary = stored["equity_is_preliminary"]
    shown.opening_equity = stored["opening_equity"]
    shown.opening_equity_on = _to_date(stored.get("opening_equity_on"))
    shown.opening_equity_source = stored.get("opening_equity_source", "")
    shown.overview_opening_surplus = stored["overview_opening_surplus"]
    shown.income_frame = stored.get("income_frame")
    shown.income_frame_decision = stored.get("income_frame_decision", "")
    shown.income_frame_decided_on = _to_date(stored.get("income_frame_decided_on"))
    return BudgetSummary(
        budget=shown,
        previous_year=snapshot["previous_year"],
        income=[
            IncomeRow(
                row["label"],
                row["amount"],
                row["previous"],
                _to_decimal(row["share"]),
                row["is_state"],
                row.get("is_frame", False),
            )
            for row in snapshot["income"]
        ],
        income_total=snapshot["income_total"],
        previous_income_total=snapshot["previous_income_total"],
        categories=[
            CategoryBlock(FrozenCategory(**block["category"]), [FrozenLine(**line) for line in block["lines"]])
            for block in snapshot["categories"]
        ],
        costs_total=snapshot["costs_total"],
        outcome_total=snapshot["outcome_total"],
        forecast_total=snapshot["forecast_total"],
        forecast_text=snapshot["forecast_text"],
        result=snapshot["result"],
        opening_equity=snapshot["opening_equity"],
        closing_equity=snapshot["closing_equity"],
        equity_share=_to_decimal(snapshot["equity_share"]),
        equity_cap_percent=_to_decimal(snapshot["equity_cap_percent"]),
        national_split=[
            (label, amount, _to_decimal(share), partial) for label, amount, share, partial in _split_rows(snapshot)
        ],
        overview=[OverviewColumn(**column) for column in snapshot["overview"]],
        warnings=list(snapshot["warnings"]),
        members=[SummaryMember(**member) for member in snapshot["members"]],
        is_frozen=True,
        # Version 1 knew neither frames nor missing amounts: split, every amount given.
        income_frame=snapshot.get("income_frame"),
        is_split=snapshot.get("is_split", True),
        contributions_total=snapshot.get("contributions_total", snapshot["income_total"]),
        costs_partial=snapshot.get("costs_partial", False),
        notes=list(snapshot.get("notes", [])),
        equity_text=snapshot.get("equity_text", ""),
    )


def _split_rows(snapshot: dict) -> list[list]:
    """Return the national split's rows as [label, amount, share, partial] (version 1 had no `partial`)."""
    return [[*row, False] if len(row) == 3 else list(row) for row in snapshot["national_split"]]


def _overview(snapshot: dict) -> list[dict]:
    """Return the overview's columns with every field (version 1 had no `*_partial`)."""
    return [asdict(OverviewColumn(**column)) for column in snapshot["overview"]]


# --- What differs today ------------------------------------------------------------------------


def _split_label(value: str) -> str:
    return str(NationalSplit(value).label) if value in NationalSplit.values else value


def _amount_share(amount, share) -> str:
    text = kr(amount) if amount is not None else MISSING
    return f"{text} {percent(_to_decimal(share))}".strip() if share is not None else text


def _rows_text(rows) -> str:
    return "; ".join(f"{label} {_amount_share(amount, share)}" for label, amount, share in rows)


# The result facts beside the tables, as the page names them.
FACTS = (
    ("income_frame", "Budgetram", kr),
    ("income_total", "Summa intäkter", kr),
    ("previous_income_total", "Intäkter föregående år", kr),
    ("costs_total", "Summa kostnader", kr),
    ("result", "Årets resultat", kr),
    ("closing_equity", "Eget kapital vid årets slut", kr),
    ("equity_share", "Eget kapital i procent av medelstilldelningen", lambda value: percent(_to_decimal(value))),
    ("equity_cap_percent", "Förbundets tak för eget kapital", lambda value: percent(_to_decimal(value))),
)


def snapshot_changes(*, adopted: dict, live: dict) -> list[str]:
    """Say in Swedish what `live` (today's rows, as `summary_snapshot` writes them) shows differently from `adopted`.

    Names and kinds of the members and categories first (matched by their id, so a renamed
    one is told as renamed), then the tables and figures that would read differently.
    """
    changes = []
    live_members = {member["id"]: member for member in live["members"]}
    for member in adopted["members"]:
        now = live_members.get(member["id"])
        if now is None:
            continue
        if now["name"] != member["name"]:
            changes.append(_("Medlemmen ”%(old)s” heter nu ”%(new)s”.") % {"old": member["name"], "new": now["name"]})
        if now["kind"] != member["kind"]:
            changes.append(
                _("Medlemmen ”%(name)s” är nu av typen %(new)s (vid fastställandet %(old)s).")
                % {"name": now["name"], "new": now["kind_label"], "old": member["kind_label"]}
            )
    live_categories = {block["category"]["id"]: block["category"] for block in live["categories"]}
    for block in adopted["categories"]:
        category, now = block["category"], live_categories.get(block["category"]["id"])
        if now is None:
            continue
        if now["name"] != category["name"]:
            changes.append(
                _("Kostnadsslaget ”%(old)s” heter nu ”%(new)s”.") % {"old": category["name"], "new": now["name"]}
            )
        if now["national_split"] != category["national_split"]:
            changes.append(
                _("Kostnadsslaget ”%(name)s” räknas nu till %(new)s (vid fastställandet %(old)s).")
                % {
                    "name": now["name"],
                    "new": _split_label(now["national_split"]).lower(),
                    "old": _split_label(category["national_split"]).lower(),
                }
            )
    adopted_order = [block["category"]["id"] for block in adopted["categories"]]
    live_order = [block["category"]["id"] for block in live["categories"] if block["category"]["id"] in adopted_order]
    if live_order != [pk for pk in adopted_order if pk in live_order]:
        changes.append(_("Kostnadsslagen står nu i en annan ordning."))

    income = [(row["label"], row["amount"], row["share"]) for row in live["income"]]
    if income != [(row["label"], row["amount"], row["share"]) for row in adopted["income"]]:
        changes.append(_("Medelstilldelningen med dagens uppgifter: %(rows)s.") % {"rows": _rows_text(income)})
    previous = [(row["label"], row["previous"]) for row in live["income"]]
    if previous != [(row["label"], row["previous"]) for row in adopted["income"]]:
        changes.append(
            _("Medelstilldelningen %(year)s med dagens uppgifter: %(rows)s.")
            % {
                "year": live["previous_year"],
                "rows": "; ".join(f"{label} {kr(amount) if amount is not None else '–'}" for label, amount in previous),
            }
        )
    split = [tuple(row) for row in _split_rows(live)]
    if split != [tuple(row) for row in _split_rows(adopted)]:
        changes.append(
            _("Nationell indelning med dagens uppgifter: %(rows)s.")
            % {"rows": _rows_text((label, amount, share) for label, amount, share, _partial in split)}
        )
    lines = [
        (block["category"]["id"], line["text"], line["amount"])
        for block in live["categories"]
        for line in block["lines"]
    ]
    if lines != [
        (block["category"]["id"], line["text"], line["amount"])
        for block in adopted["categories"]
        for line in block["lines"]
    ]:
        changes.append(_("Kostnadsraderna har ändrats sedan fastställandet."))
    for key, label, shown in FACTS:
        if live.get(key) != adopted.get(key):
            changes.append(
                _("%(label)s med dagens uppgifter: %(live)s (fastställt %(adopted)s).")
                % {
                    "label": label,
                    "live": shown(live.get(key)) or MISSING,
                    "adopted": shown(adopted.get(key)) or MISSING,
                }
            )
    if _overview(live) != _overview(adopted):
        changes.append(_("Budgetöversikten för kommande år har ändrats sedan fastställandet."))
    changes.extend(
        _("Ny varning med dagens uppgifter: %(warning)s") % {"warning": warning}
        for warning in live["warnings"]
        if warning not in adopted["warnings"]
    )
    return changes
