"""Numbers no database column holds are a Swedish field error on the budget's admin forms, never a 500."""

import pytest

from budget.models import AMOUNT_MAX, Budget, Contribution, CostCategory, CostLine
from governance.models import Member
from tests.budget.test_admin import management_data
from tests.governance.factories import MemberFactory

HUGE = [str(10**12), str(2**63), str(10**30), str(-(2**63) - 1)]


@pytest.fixture
def ekonom(client_for):
    return client_for("ekonom")


def counts():
    return Budget.objects.count(), Contribution.objects.count(), CostLine.objects.count(), CostCategory.objects.count()


def field_errors(response) -> dict:
    assert response.status_code == 200, response.status_code
    return {name: [str(e) for e in errors] for name, errors in response.context["adminform"].form.errors.items()}


@pytest.mark.parametrize("value", HUGE)
def test_a_contribution_too_large_for_its_column(ekonom, value):
    draft = Budget.objects.get(year=2017)
    before = counts()
    response = ekonom.post(
        "/admin/budget/contribution/add/",
        {"budget": draft.pk, "member": MemberFactory(name="Ny kommun").pk, "amount": value},
    )
    errors = field_errors(response)
    assert list(errors) == ["amount"], errors
    assert errors["amount"][0].startswith(("Beloppet är för stort: högst 999", "Kontrollera att detta värde är")), (
        errors
    )
    assert counts() == before


@pytest.mark.parametrize("field", ["amount", "outcome", "forecast", "position"])
def test_a_cost_line_number_too_large_for_its_column(ekonom, field):
    data = {
        "budget": Budget.objects.get(year=2017).pk,
        "category": CostCategory.objects.get(code="insatser").pk,
        "text": "Stor",
        "amount": 1,
        "position": 1,
        field: str(2**63),
    }
    before = counts()
    errors = field_errors(ekonom.post("/admin/budget/costline/add/", data))
    assert list(errors) == [field], errors
    assert counts() == before


@pytest.mark.parametrize("field", ["opening_equity", "overview_opening_surplus"])
def test_a_budget_figure_too_large_for_its_column(ekonom, field):
    page = ekonom.get("/admin/budget/budget/add/")
    data = management_data(page, {"year": 2030, "opening_equity": 0, field: str(10**30), "_save": "1"})
    before = counts()
    errors = field_errors(ekonom.post("/admin/budget/budget/add/", data))
    assert list(errors) == [field], errors
    assert counts() == before


def test_an_inline_row_too_large_for_its_column(ekonom):
    page = ekonom.get("/admin/budget/budget/add/")
    data = management_data(
        page,
        {
            "year": 2030,
            "opening_equity": 0,
            "contributions-TOTAL_FORMS": 1,
            "contributions-0-member": Member.objects.get(name="Nora kommun").pk,
            "contributions-0-amount": str(2**64),
            "overview-TOTAL_FORMS": 1,
            "overview-0-year": 2031,
            "overview-0-contributions": 0,
            "overview-0-personnel": str(10**40),
            "overview-0-board_and_audit": 0,
            "overview-0-office": 0,
            "overview-0-activities": 0,
            "_save": "1",
        },
    )
    before = counts()
    response = ekonom.post("/admin/budget/budget/add/", data)
    assert response.status_code == 200
    inline_errors = [formset.formset.errors for formset in response.context["inline_admin_formsets"]]
    flat = [e for formset in inline_errors for form in formset for e in form]
    assert "amount" in flat and "personnel" in flat, inline_errors
    assert counts() == before


def test_the_message_says_the_limit_the_swedish_way(ekonom):
    draft = Budget.objects.get(year=2017)
    data = {"budget": draft.pk, "member": MemberFactory(name="Ny kommun").pk, "amount": str(10**12)}
    errors = field_errors(ekonom.post("/admin/budget/contribution/add/", data))
    assert errors == {"amount": ["Beloppet är för stort: högst 999\u202f999\u202f999\u202f999\u202fkr."]}


def test_the_largest_amounts_a_column_holds_add_up_without_an_error(client_for):
    """Amounts are at most AMOUNT_MAX, so that their sums fit the columns' 64-bit integers (SQLite's SUM fails past)."""
    draft = Budget.objects.get(year=2017)
    Contribution.objects.filter(budget=draft).update(amount=AMOUNT_MAX)
    CostLine.objects.create(
        budget=draft, category=CostCategory.objects.get(code="insatser"), text="X", amount=AMOUNT_MAX
    )
    CostLine.objects.create(
        budget=draft, category=CostCategory.objects.get(code="insatser"), text="Y", amount=AMOUNT_MAX
    )
    ekonom = client_for("ekonom")
    for path in (
        "/admin/budget/budget/",
        f"/admin/budget/budget/{draft.pk}/change/",
        "/budget/2017/",
        "/budget/2017/diagram/andelar.svg",
        "/budget/2017/diagram/kostnader.svg",
        "/admin/budget/contribution/",
    ):
        assert ekonom.get(path).status_code == 200, path
