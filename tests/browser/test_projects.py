"""The förbundschef enters a project with a goal, moves it to running, reports, and reads the matrix."""

import os
import re
from pathlib import Path

import pytest


def _screenshot(page, name):
    """Save a full-page screenshot when SOFINT_SCREENSHOTS names a folder (to look at the pages)."""
    folder = os.environ.get("SOFINT_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_director_enters_a_project_and_the_matrix_turns_from_grey_to_a_colour(demo, login, live_server):
    page = login("forbundschef")
    page.get_by_role("link", name="Insatser", exact=True).first.click()
    page.get_by_role("link", name="Ny insats").click()

    page.get_by_label("Namn").fill("Naturen som kraftkälla")
    page.get_by_label("Kort beskrivning").fill("Rehabilitering med naturen som kraftkälla.")
    page.locator("#id_owners-0-member").select_option(label="Nora kommun")
    page.locator("#id_owners-0-unit").fill("Socialtjänsten")
    page.locator("#div_id_participants").get_by_label("Försäkringskassan").check()
    page.get_by_label("Start", exact=True).fill("januari 2018")
    page.get_by_label("Slut", exact=True).fill("2018-12-31")
    page.get_by_label("Beviljat (kr) (ny rad)").fill("250000")
    page.get_by_label("År (ny rad)").fill("2018")
    _screenshot(page, "sofint-project-form")
    page.get_by_role("button", name="Spara insatsen").click()
    assert page.get_by_role("heading", name="Naturen som kraftkälla").is_visible()
    assert page.get_by_text("250\u202f000\u202fkr").first.is_visible()
    assert page.locator("#owner").get_by_text("Socialtjänsten, Nora kommun").is_visible()

    page.get_by_role("link", name="Nytt mål").click()
    page.get_by_role("textbox", name=re.compile(r"^\s*Mål\W*$")).fill(
        "30 % av de inskrivna skall gå till fortsatt rehabilitering, arbete eller utbildning."
    )
    page.get_by_label("Mätbart mål i text").fill("minst 30 %")
    page.get_by_role("button", name="Spara målet").click()
    # What was read is shown in the fields first; the user checks it and saves.
    assert page.get_by_text("Läst som: minst 30\u202f% (andel).").is_visible()
    assert page.get_by_label("Målvärde", exact=True).input_value() == "30"
    page.get_by_role("button", name="Spara målet").click()
    assert page.get_by_role("cell", name="minst 30\u202f%").is_visible()
    assert page.get_by_text("Mätbart mål: minst 30\u202f%").is_visible()

    # The board grants it at its June meeting; then it starts.
    for status, meeting in (("Ansökan", None), ("Beviljad", "2018-06-01 UPPFÖLJNING"), ("Pågående", None)):
        page.get_by_role("link", name="Ändra status", exact=True).click()
        page.get_by_label("Ny status").select_option(label=status)
        if meeting:
            page.get_by_label("Beslutat vid styrelsemöte").select_option(label=meeting)
        page.get_by_role("button", name="Ändra status").click()
        assert page.get_by_text(f"Insatsen har nu status {status.lower()}").is_visible()

    page.goto(f"{live_server.url}/maluppfyllelse/2018/")
    row = page.locator("#matrix tr.matrix-row").filter(has_text="30 % av de inskrivna")
    assert row.get_attribute("data-attainment") == "saknas"
    assert row.get_by_text("Uppgift saknas").is_visible()
    _screenshot(page, "sofint-matrix-before")

    page.get_by_role("link", name="Naturen som kraftkälla").click()
    page.get_by_role("link", name="Ny rapport").click()
    page.get_by_label("Typ").select_option(label="Helårsrapport")
    page.get_by_label("Perioden från").fill("2018-01-01")
    page.get_by_label("Perioden till").fill("2018-12-31")
    page.get_by_label("Styrelsemöte").select_option(label="2018-06-01 UPPFÖLJNING")
    page.get_by_label("Deltagare, kvinnor").fill("12")
    page.get_by_label("Deltagare, män").fill("9")
    page.get_by_label("30 % av de inskrivna", exact=False).fill("33,5")
    _screenshot(page, "sofint-report-form")
    page.get_by_role("button", name="Spara rapporten").click()
    assert page.get_by_text("12 kvinnor, 9 män, totalt 21").is_visible()

    page.get_by_role("link", name="Insatser", exact=True).first.click()
    page.get_by_role("link", name="Måluppfyllelse").click()
    page.get_by_role("link", name="2018", exact=True).click()
    row = page.locator("#matrix tr.matrix-row").filter(has_text="30 % av de inskrivna")
    assert row.get_attribute("data-attainment") == "uppfyllt"
    assert row.get_by_text("Uppfyllt").is_visible()
    assert "attain-green" in row.locator(".attain").get_attribute("class")
    _screenshot(page, "sofint-matrix-after")


@pytest.mark.django_db(transaction=True)
def test_board_member_reads_the_project_without_forms(demo, login, live_server):
    page = login("styrelse")
    page.goto(f"{live_server.url}/insatser/1/")
    assert page.get_by_role("heading", name="Samverkansteamet").is_visible()
    assert page.get_by_text("Nära målet").first.is_visible()
    assert page.get_by_role("link", name="Ny rapport").count() == 0
    _screenshot(page, "sofint-project")
    page.goto(f"{live_server.url}/insatser/")
    _screenshot(page, "sofint-list")
