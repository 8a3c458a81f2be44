"""A board member logs in with the real login form and reads the board table."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_styrelse_logs_in_and_sees_the_board(demo, login, live_server):
    page = login("styrelse")
    assert page.url == f"{live_server.url}/"
    page.get_by_role("link", name="Styrelse", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/styrelse/")

    ordinary = page.locator("#board-ordinary tbody tr")
    deputies = page.locator("#board-deputies tbody tr")
    assert ordinary.count() == 7
    assert deputies.count() == 7
    assert ordinary.filter(has_text="Susanne Karlsson").filter(has_text="Lindesbergs kommun").count() == 1
    assert deputies.filter(has_text="Vakant").filter(has_text="Arbetsförmedlingen").count() == 1
    assert page.get_by_role("heading", name="Styrelse 2015–2018").is_visible()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_a_swedish_message(demo, login):
    page = login("styrelse", password="fel-lösenord")
    assert page.get_by_text("Ange ett korrekt användarnamn och lösenord").is_visible()
