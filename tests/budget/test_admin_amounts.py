"""Amounts in the budget's admin, read and shown as the ekonom writes them: `1 855 250`, `1 855 250 kr`."""

import pytest

from budget.models import Budget, CostCategory, CostLine
from core.forms import AmountField
from tests.budget.test_admin import management_data, prefixes
from tests.helpers import NNBSP

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


@pytest.fixture
def ekonom(client_for):
    return client_for("ekonom")


@pytest.fixture
def draft():
    return Budget.objects.drafts().order_by("year").first()


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1855250", 1855250),
        ("1 855 250", 1855250),
        (f"1{NBSP}855{NBSP}250", 1855250),
        (f"1{NNBSP}855{NNBSP}250", 1855250),
        ("1 855 250 kr", 1855250),
        (f"1{NNBSP}855{NNBSP}250{NNBSP}kr", 1855250),
        (" 1 855 250,00 ", 1855250),
        ("\u2212 84 300", -84300),
        ("", None),
    ],
)
def test_an_amount_is_read_as_people_write_it(typed, read):
    assert AmountField(required=False).clean(typed) == read


@pytest.mark.parametrize("typed", ["1 855 250,50", "1,855,250", "18 55 250", "12 kr 50", "en miljon", "1e6", "12 34"])
def test_an_amount_that_cannot_be_read_is_refused_in_swedish(typed):
    with pytest.raises(Exception) as refusal:
        AmountField(required=False).clean(typed)
    assert refusal.value.messages == ["Skriv beloppet i hela kronor, till exempel 1 855 250 eller 1 855 250 kr."]


def test_the_ekonom_types_a_cost_line_with_spaces_and_the_list_shows_it_grouped(ekonom, draft):
    category = CostCategory.objects.get(code="lokal")
    response = ekonom.post(
        "/admin/budget/costline/add/",
        {
            "budget": draft.pk,
            "category": category.pk,
            "text": "Hyra",
            "amount": f"1{NBSP}855{NNBSP}250 kr",
            "outcome": "\u2212 12 000",
            "forecast": "",
            "position": 9,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    line = CostLine.objects.get(text="Hyra")
    assert (line.amount, line.outcome, line.forecast) == (1855250, -12000, None)
    listing = ekonom.get("/admin/budget/costline/?q=Hyra").content.decode()
    assert f"1{NNBSP}855{NNBSP}250{NNBSP}kr" in listing
    form = ekonom.get(f"/admin/budget/costline/{line.pk}/change/").content.decode()
    assert f'value="1{NNBSP}855{NNBSP}250"' in form  # the box shows it as it is written


def test_a_bad_amount_is_refused_on_its_field_in_swedish(ekonom, draft):
    response = ekonom.post(
        "/admin/budget/costline/add/",
        {"budget": draft.pk, "category": CostCategory.objects.get(code="lokal").pk, "text": "Hyra",
         "amount": "1 855 250,50", "position": 9},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["amount"] == ["Skriv beloppet i hela kronor, till exempel 1 855 250 eller 1 855 250 kr."]
    assert 'value="1 855 250,50"' in response.content.decode()  # what was typed stays, to be corrected
    assert not CostLine.objects.filter(text="Hyra").exists()


def test_the_budget_page_reads_spaced_amounts_in_its_rows(ekonom, draft):
    response = ekonom.get(f"/admin/budget/budget/{draft.pk}/change/")
    inlines = prefixes(response)
    lokal = next(
        p for p, i in inlines.items() if getattr(i.formset, "category", None) and i.formset.category.code == "lokal"
    )
    index = inlines[lokal].formset.initial_form_count()
    data = management_data(response, {"opening_equity": f"474{NNBSP}000", "_continue": "1"})
    data.update({f"{lokal}-TOTAL_FORMS": index + 1, f"{lokal}-{index}-text": "Ny lokal",
                 f"{lokal}-{index}-amount": "1 855 250 kr", f"{lokal}-{index}-position": 20})  # fmt: skip
    response = ekonom.post(f"/admin/budget/budget/{draft.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.opening_equity == 474000
    assert CostLine.objects.get(text="Ny lokal").amount == 1855250


def test_the_auditor_reads_amounts_grouped_on_a_read_only_page(client_for, demo):
    revisor = client_for("revisor")
    line = CostLine.objects.filter(amount__gte=1000).first()
    text = revisor.get(f"/admin/budget/costline/{line.pk}/change/").content.decode()
    from core.formatting import number

    assert f'<div class="readonly">{number(line.amount)}</div>' in text
