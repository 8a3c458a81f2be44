"""The plan editor works with the keyboard alone."""

import pytest

from plans.models import Plan
from plans.selectors import flatten, section_tree


def titles(plan):
    return [f"{node.number} {node.section.title}" for node in flatten(section_tree(plan))]


@pytest.mark.django_db(transaction=True)
def test_director_edits_the_plan_with_the_keyboard_only(demo, login, live_server):
    plan = Plan.objects.get(first_year=2019)
    page = login("forbundschef")
    page.goto(f"{live_server.url}/planer/{plan.pk}/redigera/")

    # Tab to the "move down" button of 4.1 Vision and press Enter.
    target = page.get_by_role("button", name="Flytta ner 4.1 Vision")
    for _ in range(400):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the move button cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "4.1 År 2019" in titles(plan) and "4.2 Vision" in titles(plan)

    # Add a section with the keyboard: type in the form, Tab to the button, press Enter.
    page.get_by_label("Rubrik").focus()
    page.keyboard.type("Bilaga")
    page.keyboard.press("Tab")  # Placera under
    page.keyboard.press("Tab")  # Lägg till avsnitt
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/planer/{plan.pk}/avsnitt/**")
    page.get_by_label("Text").focus()
    page.keyboard.type("Skrivet med tangentbordet.")
    page.keyboard.press("Tab")  # Datablock
    page.keyboard.press("Tab")  # Urval
    page.keyboard.press("Tab")  # Spara
    page.keyboard.press("Enter")
    page.get_by_text("Avsnittet är sparat.").wait_for()
    assert plan.sections.get(title="Bilaga").body == "Skrivet med tangentbordet."
