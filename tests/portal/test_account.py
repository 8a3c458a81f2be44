"""The account page: one's roles, the password change."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_password_change(client_for):
    client = client_for("styrelse")
    page = client.get("/konto/losenord/")
    assert "Byt lösenord" in page.content.decode()
    response = client.post(
        "/konto/losenord/",
        {"old_password": "sofint-demo", "new_password1": "Ett nytt lösen 2026", "new_password2": "Ett nytt lösen 2026"},
        follow=True,
    )
    assert "Ditt lösenord är bytt." in response.content.decode()
    assert get_user_model().objects.get(username="styrelse").check_password("Ett nytt lösen 2026")


def test_password_change_refuses_a_wrong_old_password(client_for):
    client = client_for("styrelse")
    response = client.post(
        "/konto/losenord/",
        {"old_password": "fel", "new_password1": "Ett nytt lösen 2026", "new_password2": "Ett nytt lösen 2026"},
    )
    assert response.status_code == 200
    assert "felaktigt" in response.content.decode()
    assert get_user_model().objects.get(username="styrelse").check_password("sofint-demo")


def test_profile_shows_the_role(client_for):
    page = client_for("revisor").get("/konto/").content.decode()
    assert "Revisor" in page and "Läser allt" in page
