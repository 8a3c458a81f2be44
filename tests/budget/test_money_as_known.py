"""Money as known (issue 13, item 6): a frame before the split, amounts not given, equity with date and source,
and the previous year's follow-up as a data block.
"""

import copy
import datetime
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest

from budget import figures, selectors, snapshots
from budget.models import Budget, BudgetFollowUp, CostCategory, CostLine, NationalSplit, OverviewYear
from budget.resources import CostLineResource
from governance.models import Member
from plans.checklist import plan_readiness
from plans.models import Plan
from plans.selectors import plan_document
from plans.services import section_add
from tests.budget.factories import BudgetFactory, BudgetFollowUpFactory, ContributionFactory, CostLineFactory
from tests.budget.test_admin import management_data, prefixes
from tests.helpers import NNBSP, kr

pytestmark = pytest.mark.django_db


def cells(html: str) -> str:
    """Collapse the page's markup to its visible text, one space between cells."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def ekonom(client_for):
    return client_for("ekonom")


def _insatser_prefix(response) -> str:
    return next(
        prefix
        for prefix, inline in prefixes(response).items()
        if getattr(inline.formset, "category", None) and inline.formset.category.code == "insatser"
    )


# --- The rules --------------------------------------------------------------------------------


def test_follow_up_says_over_under_within_or_that_it_cannot_tell():
    assert figures.follow_up_text(year=2018, deviation=84_300) == (
        f"Prognosen visar att budgeten för 2018 överskrids med 84{NNBSP}300{NNBSP}kr."
    )
    assert figures.follow_up_text(year=2018, deviation=-1_000) == (
        f"Prognosen visar att budgeten för 2018 understigs med 1{NNBSP}000{NNBSP}kr."
    )
    assert figures.follow_up_text(year=2018, deviation=0) == "Prognosen visar att budgeten för 2018 håller."
    assert "kan inte jämföras" in figures.follow_up_text(year=2018, deviation=None)
    assert "uppgift saknas" in figures.follow_up_text(year=2018, deviation=None, forecast_known=False)


def test_a_follow_ups_deviation_needs_both_the_forecast_and_the_whole_budget():
    follow_up = SimpleNamespace(
        budget=SimpleNamespace(year=2018),
        made_on=datetime.date(2018, 8, 31),
        period_text="januari–augusti",
        budgeted_costs=None,
        forecast_costs=4_370_300,
        outcome_costs=None,
        forecast_income=None,
        note="",
        pk=1,
    )
    shown = figures.follow_up_figures(follow_up, budget_costs=4_286_000, budget_costs_partial=False)
    assert shown.deviation == 84_300
    assert shown.heading == "Uppföljning per 2018-08-31, januari–augusti"
    # Some budget lines without an amount: the budget is at least that much, so no deviation can be told.
    assert figures.follow_up_figures(follow_up, budget_costs=4_286_000, budget_costs_partial=True).deviation is None
    # The ekonom's own figure for the budget goes before the lines.
    follow_up.budgeted_costs = 4_400_000
    assert figures.follow_up_figures(follow_up, budget_costs=None, budget_costs_partial=True).deviation == -29_700


def test_totals_over_lines_with_missing_amounts_are_lower_bounds_and_signed_ones_unknown():
    category = CostCategory(pk=1, code="s", name="S", position=1, national_split=NationalSplit.STYRELSE)
    lines = [
        CostLine(category=category, amount=300, outcome=100),
        CostLine(category=category, amount=None, outcome=None),
    ]
    assert figures.costs_total(lines) == 300 and figures.costs_partial(lines)
    assert figures.costs_total([CostLine(category=category, amount=None)]) is None
    assert figures.costs_total([]) == 0 and not figures.costs_partial([])
    # An outcome or a forecast may be negative: with one missing, the total is not known at all.
    assert figures.outcome_total(lines) is None
    assert figures.forecast_total(lines) is None
    assert figures.amount_text(300, partial=True) == f"minst 300{NNBSP}kr"
    assert figures.amount_text(-5, partial=True, bound=figures.AT_MOST) == f"högst \u22125{NNBSP}kr"
    assert figures.amount_text(None, partial=True) == "uppgift saknas"
    assert figures.kr_or_missing(0) == f"0{NNBSP}kr"  # a given nought is a nought
    split = {label: rest for label, *rest in figures.national_split_totals(lines)}
    assert split["Styrelse"] == [300, None, True]  # its whole is not known: no shares
    assert split["Insatser"] == [0, None, False]


def test_overview_with_a_figure_not_given():
    years = [
        OverviewYear(year=2019, contributions=100, personnel=50, board_and_audit=None, office=10, activities=20),
        OverviewYear(year=2020, contributions=None, personnel=50, board_and_audit=10, office=10, activities=20),
        OverviewYear(year=2021, contributions=100, personnel=50, board_and_audit=10, office=10, activities=20),
    ]
    first, second, third = figures.overview_columns(years, budget_year=2018, brought_forward=1000)
    assert (first.costs, first.costs_partial, first.result, first.result_partial) == (80, True, 20, True)
    assert (first.accumulated, first.accumulated_partial) == (1020, True)
    assert (second.result, second.accumulated) == (None, None)  # no contributions given: no result
    assert (third.result, third.brought_forward, third.accumulated) == (10, None, None)


def test_the_frame_is_compared_with_the_contributions_once_they_are_entered():
    assert figures.frame_warning(frame=5_200_000, contributions=5_200_000) is None
    assert figures.frame_warning(frame=None, contributions=100) is None
    warning = figures.frame_warning(frame=5_200_000, contributions=5_000_000)
    assert f"sammanlagt 5{NNBSP}000{NNBSP}000{NNBSP}kr" in warning
    assert f"budgetramen är 5{NNBSP}200{NNBSP}000{NNBSP}kr: 200{NNBSP}000{NNBSP}kr mindre" in warning


def test_equity_text_names_date_and_source():
    assert figures.equity_text(amount=1_234_567, on=datetime.date(2017, 12, 31), source="årsredovisningen 2017") == (
        f"Eget kapital 2017-12-31 enligt årsredovisningen 2017: 1{NNBSP}234{NNBSP}567{NNBSP}kr"
    )
    assert figures.equity_text(amount=None, on=None, source="enligt bokslutet") == (
        "Eget kapital enligt bokslutet: uppgift saknas"
    )
    assert figures.equity_text(amount=5, on=None, source="") == ""


# --- The frame before the split, through the admin and the page -------------------------------


def test_the_ekonom_enters_a_frame_and_the_page_shows_it_not_split(ekonom):
    response = ekonom.get("/admin/budget/budget/add/")
    insatser = _insatser_prefix(response)
    data = management_data(
        response,
        {
            "year": 2019,
            "income_frame": 5_200_000,
            "income_frame_decision": "beslutad av medlemmarna",
            "income_frame_decided_on": "2018-11-20",
            f"{insatser}-TOTAL_FORMS": 1,
            f"{insatser}-0-text": "Samverkansteamet",
            f"{insatser}-0-amount": 5_000_000,
            f"{insatser}-0-position": 1,
        },
    )
    assert ekonom.post("/admin/budget/budget/add/", data).status_code == 302
    budget = Budget.objects.get(year=2019)
    assert budget.income_frame == 5_200_000 and not budget.contributions.exists()

    html = ekonom.get("/budget/2019/").content.decode()
    text = cells(html)
    assert f"Budgetram {kr('5 200 000')} ej fördelad {kr('4 118 000')}" in text  # beside last year's total
    assert f"Budgetram {kr('5 200 000')}, beslutad av medlemmarna 2018-11-20." in text
    assert f"Summa intäkter {kr('5 200 000')}" in text
    assert f"Resultat {kr('200 000')}" in text  # the frame is the year's income
    # The share check waits: a note, not a warning of a broken law.
    assert re.search(r'alert-info" role="status">.*Fördelningen mellan medlemmarna är inte känd än', html)
    assert "exakt hälften" not in text
    assert "andelar.svg" not in html  # no shares chart without a split
    summary = selectors.budget_summary(budget=budget)
    assert summary.notes == ["Fördelningen mellan medlemmarna är inte känd än."]
    assert not summary.warnings
    # The plan's readiness lists warnings only: a frame not yet split is no problem of the plan.
    plan = Plan.objects.get(first_year=2019)
    assert not any("Fördelningen" in problem for problem in plan_readiness(plan))


def test_a_frame_budget_is_adopted_before_its_split_and_stays_as_adopted(ekonom):
    budget = BudgetFactory(year=2019, income_frame=5_200_000, income_frame_decision="beslutad av medlemmarna")
    CostLineFactory(budget=budget, amount=5_000_000)
    response = ekonom.get(f"/admin/budget/budget/{budget.pk}/change/")
    data = management_data(response, {"adopt_on": "2018-12-01"})
    assert ekonom.post(f"/admin/budget/budget/{budget.pk}/change/", data).status_code == 302
    budget.refresh_from_db()
    assert budget.is_adopted
    assert budget.adopted_snapshot["income_frame"] == 5_200_000 and budget.adopted_snapshot["is_split"] is False

    # The split arrives after the adoption (written past the lock, as a later correction would be):
    # the adopted page still shows the frame, and what changed is told beside it.
    member = Member.objects.get(name="Försäkringskassan")
    ContributionFactory(budget=budget, member=member, amount=2_600_000)
    html = ekonom.get("/budget/2019/").content.decode()
    text = cells(html)
    assert f"Budgetram {kr('5 200 000')} ej fördelad" in text
    assert "Ändrat sedan fastställandet" in text


def test_contributions_are_compared_with_the_frame(ekonom):
    budget = BudgetFactory(year=2019, income_frame=1_000)
    CostLineFactory(budget=budget, amount=500)
    state = Member.objects.get(name="Försäkringskassan")
    region = Member.objects.get(name="Region Örebro län")
    ContributionFactory(budget=budget, member=state, amount=500)
    ContributionFactory(budget=budget, member=region, amount=400)
    html = ekonom.get("/budget/2019/").content.decode()
    text = cells(html)
    assert f"Medlemsbidragen är sammanlagt 900{NNBSP}kr men budgetramen är {kr('1 000')}" in text
    assert "ej fördelad" not in text and "andelar.svg" in html
    assert f"Summa intäkter 900{NNBSP}kr 100 %" in text

    budget.contributions.filter(member=region).update(amount=500)
    text = cells(ekonom.get("/budget/2019/").content.decode())
    assert "budgetramen är" not in text


def test_a_frame_decision_without_a_frame_is_refused_with_nothing_saved(ekonom):
    response = ekonom.get("/admin/budget/budget/add/")
    data = management_data(response, {"year": 2019, "income_frame_decision": "beslutad av medlemmarna"})
    response = ekonom.post("/admin/budget/budget/add/", data)
    assert response.status_code == 200
    assert "Ange budgetramens belopp" in response.content.decode()
    assert not Budget.objects.filter(year=2019).exists()


# --- Amounts not given --------------------------------------------------------------------------


def test_a_line_without_an_amount_reads_uppgift_saknas_and_the_totals_say_so(ekonom):
    budget = BudgetFactory(year=2019, opening_equity=100_000)
    ContributionFactory(budget=budget, member=Member.objects.get(name="Nora kommun"), amount=1_000_000)
    CostLineFactory(budget=budget, text="Samverkansteamet", amount=600_000)
    response = ekonom.get(f"/admin/budget/budget/{budget.pk}/change/")
    insatser = _insatser_prefix(response)
    data = management_data(
        response,
        {
            f"{insatser}-TOTAL_FORMS": 2,
            f"{insatser}-1-text": "Lokalhyra, ej klar",
            f"{insatser}-1-position": 2,
            "overview-TOTAL_FORMS": 1,
            "overview-0-year": 2020,
            "overview-0-contributions": 1_000_000,
            "overview-0-personnel": 500_000,
        },
    )
    assert ekonom.post(f"/admin/budget/budget/{budget.pk}/change/", data).status_code == 302
    assert budget.cost_lines.get(text="Lokalhyra, ej klar").amount is None
    assert budget.overview.get().office is None

    text = cells(ekonom.get("/budget/2019/").content.decode())
    assert "Lokalhyra, ej klar uppgift saknas" in text
    assert f"Summa insatser minst {kr('600 000')}" in text
    assert f"Summa kostnader minst {kr('600 000')}" in text
    assert f"Resultat högst {kr('400 000')}" in text
    assert f"Eget kapital vid årets slut högst {kr('500 000')}" in text
    assert "Eget kapital i procent av medelstilldelningen uppgift saknas" in text
    assert "Kansli uppgift saknas" in text  # the overview's figure not given
    assert f"Summa minst 500{NNBSP}000" in text
    assert f"Årets resultat högst 500{NNBSP}000" in text
    assert f"Lokalhyra, ej klar 0{NNBSP}kr" not in text

    # The admin's list and its figures say the same.
    listing = cells(ekonom.get("/admin/budget/budget/").content.decode())
    assert f"minst {kr('600 000')}" in listing and f"högst {kr('400 000')}" in listing
    # The export says it too, never an empty cell or 0.
    dataset = CostLineResource().export(CostLine.objects.filter(budget=budget).in_order())
    assert ["uppgift saknas"] == [row[3] for row in dataset if row[2] == "Lokalhyra, ej klar"]


def test_a_budget_without_contributions_or_frame_has_no_income_not_0_kr(ekonom):
    budget = BudgetFactory(year=2019)
    CostLineFactory(budget=budget, amount=1_000)
    text = cells(ekonom.get("/budget/2019/").content.decode())
    assert "Summa intäkter uppgift saknas" in text
    assert "Resultat uppgift saknas" in text
    assert "Eget kapital uppgift saknas" in text


# --- Equity with its date and source ----------------------------------------------------------


def test_equity_with_date_and_source_on_the_page_in_the_block_and_in_the_cap_warning(ekonom):
    response = ekonom.get("/admin/budget/budget/add/")
    insatser = _insatser_prefix(response)
    data = management_data(
        response,
        {
            "year": 2019,
            "opening_equity": 1_234_567,
            "opening_equity_on": "2018-12-31",
            "opening_equity_source": "årsredovisningen 2018",
            "contributions-TOTAL_FORMS": 1,
            "contributions-0-member": Member.objects.get(name="Försäkringskassan").pk,
            "contributions-0-amount": 2_000_000,
            f"{insatser}-TOTAL_FORMS": 1,
            f"{insatser}-0-text": "Samverkansteamet",
            f"{insatser}-0-amount": 2_000_000,
            f"{insatser}-0-position": 1,
        },
    )
    assert ekonom.post("/admin/budget/budget/add/", data).status_code == 302
    text = cells(ekonom.get("/budget/2019/").content.decode())
    basis = f"Eget kapital 2018-12-31 enligt årsredovisningen 2018: {kr('1 234 567')}"
    assert basis in text
    # 1 234 567 of 2 000 000 is over the demo förbund's cap of 20 %: the warning says what it judged.
    assert f"överstiger förbundets tak på 20{NNBSP}%" in text
    assert "Beräknat från eget kapital 2018-12-31 enligt årsredovisningen 2018" in text

    plan = Plan.objects.get(first_year=2019)
    section_add(plan=plan, title="Intäkter", block="budget_income")
    blocks = {s.title: s.block_html for s in plan_document(plan).sections if s.block}
    assert basis in cells(blocks["Intäkter"])


def test_equity_date_without_an_amount_is_refused(ekonom):
    response = ekonom.get("/admin/budget/budget/add/")
    data = management_data(response, {"year": 2019, "opening_equity_on": "2018-12-31"})
    response = ekonom.post("/admin/budget/budget/add/", data)
    assert response.status_code == 200 and "Ange det egna kapitalets belopp" in response.content.decode()
    assert not Budget.objects.filter(year=2019).exists()


# --- The follow-up ------------------------------------------------------------------------------


def _follow_up_data(budget, **fill):
    data = {
        "budget": budget.pk,
        "made_on": "2018-08-31",
        "period_start": 1,
        "period_end": 8,
        "outcome_costs": 2_800_000,
        "forecast_costs": 4_370_300,
        "note": "Högre kostnader för lokal.",
    }
    data.update(fill)
    return data


def test_the_ekonom_follows_up_the_adopted_budget_in_the_admin(ekonom, client_for):
    budget = Budget.objects.get(year=2018)
    assert budget.is_adopted
    response = ekonom.post("/admin/budget/budgetfollowup/add/", _follow_up_data(budget))
    assert response.status_code == 302, response.content.decode()
    follow_up = BudgetFollowUp.objects.get(budget=budget)
    assert follow_up.made_on == datetime.date(2018, 8, 31)  # the date given, not today
    assert follow_up.history.first().history_user.username == "ekonom"
    # Its change page says what it shows against the budget.
    response = ekonom.get(f"/admin/budget/budgetfollowup/{follow_up.pk}/change/")
    assert "överskrids med 84" in cells(response.content.decode())

    html = client_for("styrelse").get("/budget/2018/").content.decode()
    text = cells(html)
    assert "Uppföljning per 2018-08-31, januari–augusti" in text
    assert f"Prognosen visar att budgeten för 2018 överskrids med 84{NNBSP}300{NNBSP}kr." in text
    assert f"Utfall januari–augusti {kr('2 800 000')}" in text
    assert "Högre kostnader för lokal." in text
    assert "Ändrat sedan fastställandet" not in text  # the adopted budget itself is unchanged


@pytest.mark.parametrize(
    ("fill", "message"),
    [
        ({"made_on": "2019-01-31"}, "gäller en dag under 2018"),
        ({"period_end": 9}, "Perioden kan inte sluta efter dagen uppföljningen gäller."),
        ({"period_start": 8, "period_end": 3}, "Perioden kan inte sluta före den börjar."),
        ({"forecast_costs": -5}, ""),
    ],
)
def test_a_wrong_follow_up_is_refused_with_nothing_saved(ekonom, fill, message):
    budget = Budget.objects.get(year=2018)
    response = ekonom.post("/admin/budget/budgetfollowup/add/", _follow_up_data(budget, **fill))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BudgetFollowUp.objects.exists()


def test_the_follow_up_block_shows_the_year_before_the_plan():
    plan = Plan.objects.get(first_year=2019)
    section_add(plan=plan, title="Uppföljning 2018", block="budget_follow_up")

    def block():
        return cells({s.title: s.block_html for s in plan_document(plan).sections if s.block}["Uppföljning 2018"])

    assert "Uppföljning av budgeten för 2018: uppgift saknas." in block()

    budget = Budget.objects.get(year=2018)
    BudgetFollowUpFactory(budget=budget, made_on=datetime.date(2018, 4, 30), period_end=4, forecast_costs=4_286_000)
    BudgetFollowUpFactory(budget=budget, outcome_costs=None)  # 2018-08-31: the latest is shown
    text = block()
    assert "Uppföljning per 2018-08-31, januari–augusti" in text
    assert f"Prognosen visar att budgeten för 2018 överskrids med 84{NNBSP}300{NNBSP}kr." in text
    assert "Utfall januari–augusti uppgift saknas" in text
    assert f"Budget helår {kr('4 286 000')}" in text


def test_follow_up_under_and_within_the_budget_of_a_draft_year():
    budget = BudgetFactory(year=2019)
    CostLineFactory(budget=budget, amount=1_000_000)
    BudgetFollowUpFactory(budget=budget, forecast_costs=900_000)
    assert selectors.follow_up_for_year(year=2019).text == (
        f"Prognosen visar att budgeten för 2019 understigs med {kr('100 000')}."
    )
    BudgetFollowUp.objects.update(forecast_costs=1_000_000)
    assert selectors.follow_up_for_year(year=2019).text == "Prognosen visar att budgeten för 2019 håller."
    CostLineFactory(budget=budget, amount=None)
    assert "kan inte jämföras" in selectors.follow_up_for_year(year=2019).text
    assert selectors.follow_up_for_year(year=2017) is None


def test_follow_up_for_year_runs_a_fixed_number_of_queries(django_assert_num_queries):
    adopted = Budget.objects.get(year=2018)
    draft = BudgetFactory(year=2019)
    for index in range(20):
        CostLineFactory(budget=draft, amount=None if index % 3 else 1_000)
    BudgetFollowUpFactory(budget=adopted)
    BudgetFollowUpFactory(budget=draft)
    with django_assert_num_queries(1):  # an adopted budget's costs are in its snapshot
        selectors.follow_up_for_year(year=2018)
    with django_assert_num_queries(2):
        selectors.follow_up_for_year(year=2019)
    with django_assert_num_queries(1):
        assert selectors.follow_up_for_year(year=2016) is None


# --- The snapshot ---------------------------------------------------------------------------------


def _as_version_1(snapshot: dict) -> dict:
    """Return `snapshot` as version 1 wrote it: no frame, no missing amounts, no equity date or source."""
    old = copy.deepcopy(snapshot)
    old["version"] = 1
    for key in ("costs_partial", "income_frame", "is_split", "contributions_total", "notes", "equity_text"):
        old.pop(key)
    for key in ("opening_equity_on", "opening_equity_source", "income_frame", "income_frame_decision"):
        old["budget"].pop(key)
    old["budget"].pop("income_frame_decided_on")
    for row in old["income"]:
        row.pop("is_frame")
    old["national_split"] = [row[:3] for row in old["national_split"]]
    for column in old["overview"]:
        for key in ("costs_partial", "result_partial", "brought_forward_partial", "accumulated_partial"):
            column.pop(key)
    return old


def test_a_version_1_snapshot_reads_as_it_did(client_for):
    budget = Budget.objects.get(year=2018)
    before = cells(client_for("styrelse").get("/budget/2018/").content.decode())
    Budget.objects.filter(pk=budget.pk).update(adopted_snapshot=_as_version_1(budget.adopted_snapshot))
    budget.refresh_from_db()
    assert budget.adopted_snapshot["version"] == 1
    assert cells(client_for("styrelse").get("/budget/2018/").content.decode()) == before
    assert selectors.budget_changes_since_adoption(budget=budget) == []
    summary = selectors.budget_summary(budget=budget)
    assert summary.is_split and not summary.costs_partial and summary.income_frame is None


def test_the_snapshot_keeps_frame_missing_amounts_and_equity_source():
    budget = BudgetFactory(
        year=2019,
        income_frame=5_200_000,
        income_frame_decision="beslutad av medlemmarna",
        opening_equity=1_234_567,
        opening_equity_on=datetime.date(2018, 12, 31),
        opening_equity_source="årsredovisningen 2018",
    )
    CostLineFactory(budget=budget, amount=None)
    CostLineFactory(budget=budget, amount=4_000_000)
    live = selectors.budget_summary_live(budget=budget)
    snapshot = snapshots.summary_snapshot(live)
    assert snapshot["version"] == 2
    frozen = snapshots.summary_from_snapshot(budget=budget, snapshot=snapshot)
    assert (frozen.income_frame, frozen.is_split, frozen.costs_partial) == (5_200_000, False, True)
    assert frozen.costs_total == 4_000_000 and frozen.result == 1_200_000 and frozen.result_partial
    assert frozen.frame_text == live.frame_text and frozen.equity_text == live.equity_text
    assert frozen.national_split == live.national_split
    assert frozen.income[0].is_frame and frozen.income[0].share is None
    assert frozen.notes == ["Fördelningen mellan medlemmarna är inte känd än."]
    assert snapshots.snapshot_changes(adopted=snapshot, live=snapshot) == []


def test_the_demo_budget_figures_are_all_given():
    summary = selectors.budget_summary(budget=Budget.objects.get(year=2018))
    assert summary.is_split and not summary.costs_partial and not summary.notes
    assert summary.income_frame is None and summary.equity_text == ""
    assert [row for row in summary.national_split if row[3]] == []
    assert summary.equity_share == Decimal("11.51")


# --- In the plan's PDF ------------------------------------------------------------------------------


def test_the_frame_the_equity_and_last_years_follow_up_reach_the_plans_pdf():
    from plans.pdf import render_document_pdf
    from tests.plans.pdfutil import normalized, pdf_text

    budget = BudgetFactory(
        year=2019,
        income_frame=5_200_000,
        income_frame_decision="beslutad av medlemmarna",
        income_frame_decided_on=datetime.date(2018, 11, 20),
        opening_equity=1_234_567,
        opening_equity_on=datetime.date(2018, 12, 31),
        opening_equity_source="årsredovisningen 2018",
    )
    CostLineFactory(budget=budget, text="Samverkansteamet", amount=5_000_000)
    CostLineFactory(budget=budget, text="Lokal, ej klar", amount=None)
    BudgetFollowUpFactory(budget=Budget.objects.get(year=2018), note="Lokalkostnaderna blev högre.")
    plan = Plan.objects.get(first_year=2019)
    section_add(plan=plan, title="Intäkter 2019", block="budget_income")
    section_add(plan=plan, title="Kostnader 2019", block="budget_costs")
    section_add(plan=plan, title="Uppföljning av budgeten 2018", block="budget_follow_up")

    pdf, _pages = render_document_pdf(plan_document(plan))
    text = normalized(pdf_text(pdf))
    for fact in (
        "Budgetram 5 200 000 kr ej fördelad",
        "Budgetram 5 200 000 kr, beslutad av medlemmarna 2018-11-20. Fördelningen mellan medlemmarna är inte känd än.",
        "Eget kapital 2018-12-31 enligt årsredovisningen 2018: 1 234 567 kr",
        "Lokal, ej klar uppgift saknas",
        "Summa kostnader minst 5 000 000 kr",
        "Resultat högst 200 000 kr",
        "Uppföljning per 2018-08-31, januari–augusti",
        "Prognosen visar att budgeten för 2018 överskrids med 84 300 kr.",
        "Lokalkostnaderna blev högre.",
    ):
        assert fact in text, fact
