"""Which part of the national split (styrelse, administration, revision, insatser) a cost line counts towards."""

import pytest

from budget import figures
from budget.models import Budget, CostCategory, CostLine, NationalSplit, line_split, line_split_reason

BOARD, AUDIT, ADMIN, ACTIVITIES = (
    NationalSplit.STYRELSE,
    NationalSplit.REVISION,
    NationalSplit.ADMINISTRATION,
    NationalSplit.INSATSER,
)


@pytest.mark.parametrize(
    ("chosen", "category_split", "text", "part"),
    [
        ("", BOARD, "Styrelsearvoden", BOARD),
        ("", BOARD, "Revision", AUDIT),
        ("", BOARD, "revisionsarvode", AUDIT),
        ("", BOARD, "Lekmannarevisorer, arvoden", AUDIT),
        ("", BOARD, "Certifierad revisor", AUDIT),
        (BOARD, BOARD, "Revision", BOARD),  # chosen for the line: kept, even against its name
        (ADMIN, BOARD, "Styrelsen, sociala avgifter", ADMIN),
        ("", ADMIN, "Revision av webbplatsen", ADMIN),  # only a category counted as styrelse holds the audit
        ("", ACTIVITIES, "Samverkansteamet", ACTIVITIES),
        ("", AUDIT, "Revision", AUDIT),
    ],
)
def test_a_line_counts_towards_its_chosen_part_else_by_its_name_in_the_board_category_else_the_category(
    chosen, category_split, text, part
):
    assert line_split(chosen=chosen, category_split=category_split, text=text) == part


def test_the_reason_is_said():
    assert line_split_reason(chosen="", category_split=BOARD, text="Revision") == "efter radens namn"
    assert line_split_reason(chosen=AUDIT, category_split=BOARD, text="Revision") == "vald för raden"
    assert line_split_reason(chosen="", category_split=BOARD, text="Arvoden") == "enligt kostnadsslaget"


def test_a_revision_line_left_to_the_default_is_not_counted_as_styrelse():
    board = CostCategory(pk=1, code="s", name="Styrelse och revision", position=1, national_split=BOARD)
    lines = [
        CostLine(category=board, text="Styrelsearvoden", amount=100),
        CostLine(category=board, text="Revision", amount=60),
    ]
    totals = {str(label): amount for label, amount, _share, _partial in figures.national_split_totals(lines)}
    assert totals["Styrelse"] == 100
    assert totals["Revision"] == 60
    assert lines[1].split_text == "Revision (efter radens namn)"


@pytest.mark.django_db
def test_the_admin_shows_what_a_line_counts_towards_and_the_page_says_so(client_for):
    ekonom = client_for("ekonom")
    budget = Budget.objects.drafts().order_by("year").first()
    board = CostCategory.objects.get(code="styrelse-och-revision")
    response = ekonom.post(
        "/admin/budget/costline/add/",
        {"budget": budget.pk, "category": board.pk, "text": "Revision", "amount": "60 000", "national_split": "",
         "position": 5},
    )  # fmt: skip
    assert response.status_code == 302
    line = CostLine.objects.get(budget=budget, text="Revision")
    assert line.national_split == "" and line.split == AUDIT
    listing = ekonom.get(f"/admin/budget/costline/?budget__year={budget.year}").content.decode()
    assert "Räknas som" in listing
    assert "Revision (efter radens namn)" in listing
    form = ekonom.get(f"/admin/budget/costline/{line.pk}/change/").content.decode()
    assert "Revision (efter radens namn)" in form
    assert ">standard</option>" in form
    budget_form = ekonom.get(f"/admin/budget/budget/{budget.pk}/change/").content.decode()
    assert '<option value="" selected>standard: revision</option>' in budget_form
    assert "standard: styrelse</option>" in budget_form  # a new row of the category, before its name is known
    page = ekonom.get(f"/budget/{budget.year}/").content.decode()
    assert "Revision <span" in page and "(räknas som revision)</span>" in page
    revisor = client_for("revisor")  # reads the page: the part is said in a column of its own
    assert "Revision (efter radens namn)" in revisor.get(f"/admin/budget/budget/{budget.pk}/change/").content.decode()
