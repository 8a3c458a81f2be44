"""The computed figures: pure rules first, then every figure of the SOFINT 2018 seed."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from budget import figures
from budget.models import Budget, CostCategory, CostLine, NationalSplit, OverviewYear
from budget.selectors import budget_summary, budget_summary_live
from core.formatting import share
from governance.models import Member
from tests.helpers import NNBSP


def member(pk, name, kind):
    return Member(pk=pk, name=name, kind=kind)


def contribution(m, amount):
    return SimpleNamespace(member=m, member_id=m.pk, amount=amount)


FK = member(1, "Försäkringskassan", Member.Kind.FORSAKRINGSKASSAN)
AF = member(2, "Arbetsförmedlingen", Member.Kind.ARBETSFORMEDLINGEN)
REGION = member(3, "Region Test", Member.Kind.REGION)
SMALL = member(4, "Lilla kommun", Member.Kind.KOMMUN)
BIG = member(5, "Stora kommun", Member.Kind.KOMMUN)


def test_share_is_exact_to_two_decimals_and_none_without_a_whole():
    assert share(525_045, 4_118_000) == Decimal("12.75")
    assert share(1, 3) == Decimal("33.33")
    assert share(2, 3) == Decimal("66.67")
    assert share(5, 0) is None


def test_income_rows_join_the_state_agencies_in_one_line_and_list_municipalities_by_size():
    rows = figures.income_rows(
        [
            contribution(FK, 300),
            contribution(AF, 200),
            contribution(REGION, 250),
            contribution(SMALL, 50),
            contribution(BIG, 200),
        ],
        [contribution(FK, 400), contribution(REGION, 200), contribution(SMALL, 100)],
    )
    assert [row.label for row in rows] == [figures.STATE_LABEL, "Region Test", "Stora kommun", "Lilla kommun"]
    state = rows[0]
    assert (state.amount, state.previous, state.share, state.is_state) == (500, 400, Decimal("50.00"), True)
    assert rows[2].previous is None  # no contribution last year
    assert sum(row.share for row in rows) == Decimal("100.00")


def test_state_share_warning_only_when_not_exactly_half():
    assert figures.state_share_warning(state=2_059_000, total=4_118_000) is None
    assert figures.state_share_warning(state=0, total=0) is None
    warning = figures.state_share_warning(state=2_000_000, total=4_118_000)
    assert "48,57" in warning and "exakt hälften" in warning and f"2{NNBSP}059{NNBSP}000{NNBSP}kr" in warning
    # One krona off is off.
    assert figures.state_share_warning(state=2_059_001, total=4_118_001) is not None


def test_equity_cap_warning_over_the_cap_only():
    assert figures.equity_cap_warning(equity=474_000, contributions=4_118_000, cap_percent=Decimal(20)) is None
    assert figures.equity_cap_warning(equity=823_600, contributions=4_118_000, cap_percent=Decimal(20)) is None
    warning = figures.equity_cap_warning(equity=823_601, contributions=4_118_000, cap_percent=Decimal(20))
    assert "överstiger förbundets tak" in warning and f"20{NNBSP}%" in warning
    assert figures.equity_cap_warning(equity=474_000, contributions=4_118_000, cap_percent=Decimal("10.5")) is not None
    assert figures.equity_cap_warning(equity=1, contributions=0, cap_percent=Decimal(20)) is None


def test_forecast_text_says_over_under_or_on_budget():
    assert figures.forecast_text(budget=1_000_000, forecast=1_116_579) == (
        f"Prognosen visar att budgeten överskrids med 116{NNBSP}579{NNBSP}kr."
    )
    assert (
        figures.forecast_text(budget=1_000, forecast=900)
        == f"Prognosen visar att kostnaderna blir 100{NNBSP}kr lägre än budgeterat."
    )
    assert figures.forecast_text(budget=5, forecast=5) == "Prognosen visar att kostnaderna följer budgeten."


def test_a_line_without_forecast_follows_its_budget():
    assert figures.line_forecast(CostLine(amount=100, forecast=None)) == 100
    assert figures.line_forecast(CostLine(amount=100, forecast=0)) == 0


def test_national_split_uses_the_line_override_else_the_category():
    board = CostCategory(pk=1, code="s", name="S", position=1, national_split=NationalSplit.STYRELSE)
    lines = [
        CostLine(category=board, amount=300),
        CostLine(category=board, amount=100, national_split=NationalSplit.REVISION),
    ]
    totals = {label: (amount, share) for label, amount, share, _partial in figures.national_split_totals(lines)}
    assert totals["Styrelse"] == (300, Decimal("75.00"))
    assert totals["Revision"] == (100, Decimal("25.00"))
    assert totals["Insatser"] == (0, Decimal("0.00"))


def test_overview_accumulates_from_the_brought_forward_surplus():
    years = [
        OverviewYear(year=2020, contributions=100, personnel=50, board_and_audit=10, office=10, activities=40),
        OverviewYear(year=2019, contributions=100, personnel=50, board_and_audit=10, office=10, activities=20),
    ]
    first, second = figures.overview_columns(years, budget_year=2018, brought_forward=1000)
    assert (first.label, first.costs, first.result, first.brought_forward, first.accumulated) == (
        "Budget 2019",
        90,
        10,
        1000,
        1010,
    )
    assert (second.label, second.result, second.brought_forward, second.accumulated) == (
        "Prognos 2020",
        -10,
        1010,
        1000,
    )


# --- The SOFINT 2018 seed, section 6 -----------------------------------------------------------


@pytest.fixture
def sofint2018(demo):
    return budget_summary(budget=Budget.objects.get(year=2018))


def test_seed_income_and_shares(sofint2018):
    s = sofint2018
    assert s.income_total == 4_118_000
    assert s.previous_income_total == 2_897_420
    assert [(r.label, r.amount, r.previous, r.share) for r in s.income] == [
        ("Försäkringskassan/Arbetsförmedlingen", 2_059_000, 1_448_710, Decimal("50.00")),
        ("Region Örebro län", 1_029_500, 724_355, Decimal("25.00")),
        ("Lindesbergs kommun", 525_045, 370_680, Decimal("12.75")),
        ("Nora kommun", 236_785, 164_910, Decimal("5.75")),
        ("Hällefors kommun", 154_425, 110_500, Decimal("3.75")),
        ("Ljusnarsbergs kommun", 113_245, 78_265, Decimal("2.75")),
    ]
    assert s.warnings == []


def test_seed_costs_result_and_equity(sofint2018):
    s = sofint2018
    totals = {block.category.name: block.total for block in s.categories}
    assert totals == {
        "Insatser": 2_023_000,
        "Styrelse och revision": 123_500,
        "Lokal": 93_500,
        "Kommunikation": 12_250,
        "Verksamhetsutveckling": 94_000,
        "Köp av tjänster": 125_000,
        "Inventarier och förbrukningsmaterial": 16_500,
        "Avgifter": 6_000,
        "Övriga kostnader": 2_000,
        # "Medel till projekt 2018 1 075" is 1 075 000 kr: only then does the seed's total hold.
        "Finansierade aktiviteter": 1_075_000 + 715_250,
    }
    assert s.costs_total == 4_286_000
    assert s.result == -168_000
    assert s.opening_equity == 642_000
    assert s.closing_equity == 474_000
    assert s.budget.equity_is_preliminary
    assert s.equity_share == Decimal("11.51")
    assert s.forecast_text is None  # no forecast entered


def test_seed_overview_computes_26_000_not_the_seeds_260_000(sofint2018):
    columns = sofint2018.overview
    assert [c.label for c in columns] == ["Budget 2019", "Prognos 2020", "Prognos 2021"]
    assert [c.costs for c in columns] == [4_092_000, 4_241_000, 4_241_000]
    # The seed prints "+ 260 000" for 2019; 4 118 000 − 4 092 000 is 26 000.
    assert [c.result for c in columns] == [26_000, 0, 0]
    assert [c.brought_forward for c in columns] == [500_000, 526_000, 526_000]
    assert [c.accumulated for c in columns] == [526_000, 526_000, 526_000]


def test_seed_forecast_deviation_when_the_ekonom_enters_forecasts(sofint2018, demo):
    budget = Budget.objects.get(year=2018)
    line = CostLine.objects.get(budget=budget, text="Individuella insatser: Samverkansteamet")
    CostLine.objects.filter(pk=line.pk).update(forecast=line.amount + 116_579)
    summary = budget_summary_live(budget=budget)
    assert summary.forecast_total == 4_286_000 + 116_579
    assert summary.forecast_text == f"Prognosen visar att budgeten överskrids med 116{NNBSP}579{NNBSP}kr."


def test_seed_warnings_appear_when_the_rules_break(demo):
    from governance.models import Organisation

    budget = Budget.objects.get(year=2018)
    Organisation.objects.update(equity_cap_percent=Decimal(10))
    budget.contributions.filter(member__name="Försäkringskassan").update(amount=2_000_000)
    warnings = budget_summary_live(budget=budget).warnings
    assert len(warnings) == 2
    assert "exakt hälften" in warnings[0]
    assert "överstiger förbundets tak" in warnings[1]
