"""The förbundschef gives the förbund's people their accounts and roles, and nothing beyond them."""

import pytest
from django.contrib.auth.models import Group, User

from tests.entry.filling import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def director_client(client, demo):
    client.force_login(User.objects.get(username="forbundschef"))
    return client


def test_the_director_gives_the_ekonom_an_account_and_a_role(director_client):
    submit(
        director_client,
        "/admin/auth/user/add/",
        {"username": "karin", "password1": "Rehab-budget-2019", "password2": "Rehab-budget-2019"},
    )
    karin = User.objects.get(username="karin")
    submit(
        director_client,
        f"/admin/auth/user/{karin.pk}/change/",
        {"first_name": "Karin", "last_name": "Ek", "groups": [Group.objects.get(name="Ekonom").pk]},
    )
    karin.refresh_from_db()
    assert [group.name for group in karin.groups.all()] == ["Ekonom"]
    assert not karin.is_staff and not karin.is_superuser
    director_client.force_login(karin)
    assert director_client.get("/admin/budget/budget/").status_code == 200


def test_the_director_sets_neither_superuser_nor_staff_nor_single_permissions(director_client):
    board = User.objects.get(username="styrelse")
    page = director_client.get(f"/admin/auth/user/{board.pk}/change/").content.decode()
    for field in ('name="is_superuser"', 'name="is_staff"', 'name="user_permissions"'):
        assert field not in page
    offered = set(Group.objects.filter(pk__in=_options(page, "groups")).values_list("name", flat=True))
    assert offered == {"Förbundschef", "Ekonom", "Styrelse", "Revisor"}

    director_client.post(
        f"/admin/auth/user/{board.pk}/change/",
        {"username": "styrelse", "is_active": "on", "is_superuser": "on", "is_staff": "on",
         "groups": [Group.objects.get(name="Styrelse").pk]},
    )  # fmt: skip
    board.refresh_from_db()
    assert not board.is_superuser and not board.is_staff


def test_superusers_accounts_and_deleting_stay_with_superusers(director_client):
    root = User.objects.create_superuser("root", password="a-long-root-password")
    assert "root" not in director_client.get("/admin/auth/user/").content.decode()
    assert director_client.get(f"/admin/auth/user/{root.pk}/change/").status_code in (302, 404)
    board = User.objects.get(username="styrelse")
    assert director_client.get(f"/admin/auth/user/{board.pk}/delete/").status_code == 403


def _options(html: str, name: str) -> list[int]:
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    assert select, f"no {name} select"
    return [int(value) for value in re.findall(r'<option value="(\d+)"', select[1])]
