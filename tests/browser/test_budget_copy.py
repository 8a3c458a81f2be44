"""The ekonom copies the 2018 budget to 2019 from its page, at 320 px, as a new user would."""

import pytest

from budget.models import Budget, Contribution


@pytest.mark.django_db(transaction=True)
def test_ekonom_copies_the_budget_to_next_year_at_320_px(demo, login, live_server):
    page = login("ekonom")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/budget/2018/")
    page.get_by_role("link", name="Kopiera budget 2018 till 2019").click()
    page.get_by_role("heading", name="Kopiera budget 2018 till 2019").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # wide tables scroll in their region
    assert page.get_by_label("Kopiera även medelstilldelningen").is_checked() is False
    page.get_by_label("Kopiera även medelstilldelningen").check()
    page.get_by_role("button", name="Skapa budget 2019").click()
    page.get_by_text("Budget 2019 är skapad som utkast").wait_for()
    assert page.url.endswith("/budget/2019/")
    assert Budget.objects.get(year=2019).status == Budget.Status.DRAFT
    assert Contribution.objects.filter(budget__year=2019).count() == 6
