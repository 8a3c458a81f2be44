"""The budget's admin page fits a 1366 × 768 screen: no sideways scrolling, with every category's rows filled in."""

from pathlib import Path

import pytest

from budget.models import Budget, CostLine

SHOTS = Path("/tmp/admin-width")  # noqa: S108 - screenshots to look at, not read back

pytestmark = pytest.mark.django_db(transaction=True)


def _fill_draft_with_the_adopted_rows() -> Budget:
    draft = Budget.objects.drafts().order_by("year").first()
    for line in CostLine.objects.filter(budget__year=2018):
        line.pk = line.id = None
        line.budget = draft
        line.text = f"{line.text} – en lång radtext som ekonomen har skrivit"
        line.outcome, line.forecast = 1234567, 2345678
        line.save()
    return draft


@pytest.mark.parametrize("username", ["ekonom", "revisor"])
def test_the_budget_change_form_fits_1366_px(demo, login, live_server, username):
    draft = _fill_draft_with_the_adopted_rows()
    page = login(username)
    page.set_viewport_size({"width": 1366, "height": 768})
    SHOTS.mkdir(exist_ok=True)
    for budget in (draft, Budget.objects.get(year=2018)):
        page.goto(f"{live_server.url}/admin/budget/budget/{budget.pk}/change/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
        right = page.evaluate(
            "Math.max(...[...document.querySelectorAll('#content table')].map(t => t.getBoundingClientRect().right))"
        )
        assert right <= 1366
        page.screenshot(path=str(SHOTS / f"budget-{budget.year}-{username}.png"), full_page=True)
    assert page.locator("html").get_attribute("lang") == "sv"


def test_the_chosen_roles_box_speaks_swedish(demo, login, live_server):
    page = login("forbundschef")
    page.set_viewport_size({"width": 1366, "height": 768})
    from django.contrib.auth.models import User

    page.goto(f"{live_server.url}/admin/auth/user/{User.objects.get(username='ekonom').pk}/change/")
    page.wait_for_load_state("networkidle")
    text = page.locator("#content").inner_text()
    assert "Valda grupper" in text
    assert "Välj vald" not in text and "Chosen" not in text and "Available" not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
