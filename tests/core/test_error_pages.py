"""A missing page and a refused page say so in Swedish, inside the app's own layout."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_swedish(client_for):
    response = client_for("styrelse").get("/kalender/2101/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.text
    assert 'lang="sv"' in response.text


def test_a_page_the_role_may_not_open_says_so_in_swedish(client_for):
    response = client_for("styrelse").get("/kalender/mote/nytt/")
    assert response.status_code == 403
    assert "Ingen behörighet" in response.text
    assert "Till startsidan" in response.text
