"""A role is enough to enter the admin (core.sites.RoleAdminSite); taking the role away closes it."""

import pytest
from django.contrib.auth.models import Group

from core.roles import AUDITOR, BOARD, DIRECTOR, FINANCE, roles_sentence, roles_with_permission
from tests.core.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [DIRECTOR, FINANCE, AUDITOR])
def test_a_role_that_works_in_the_admin_enters_it_without_is_staff(client, demo, role):
    user = UserFactory(username="ny")
    assert not user.is_staff
    client.force_login(user)
    assert client.get("/admin/").status_code == 403

    user.groups.add(Group.objects.get(name=role))
    assert client.get("/admin/").status_code == 200

    user.groups.remove(Group.objects.get(name=role))
    response = client.get("/admin/")
    assert response.status_code == 403
    assert "Det här får Förbundschef, Ekonom och Revisor göra." in response.text


def test_the_finance_officer_reaches_the_budget_changelist_by_role_alone(client, demo):
    user = UserFactory(username="ny_ekonom", role=FINANCE)
    client.force_login(user)
    assert client.get("/admin/budget/budget/").status_code == 200
    assert client.get("/admin/budget/contribution/import/").status_code == 200
    user.groups.clear()
    assert client.get("/admin/budget/budget/").status_code == 403


def test_the_board_does_not_get_the_admin_unless_staff(client, demo):
    user = UserFactory(username="ledamot", role=BOARD)
    client.force_login(user)
    response = client.get("/admin/budget/budget/")
    assert response.status_code == 403
    assert "Det här får Förbundschef, Ekonom och Revisor göra." in response.text
    user.is_staff = True
    user.save()
    assert client.get("/admin/budget/budget/").status_code == 200  # staff by hand still works


def test_the_demo_users_are_not_staff(users):
    assert not any(user.is_staff for user in users.values())


def test_an_inactive_user_with_a_role_does_not_enter(client, demo):
    user = UserFactory(username="slutat", role=DIRECTOR)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get("/admin/").status_code in (302, 403)


def test_the_admin_login_sends_the_anonymous_to_the_sites_login(client, demo):
    response = client.get("/admin/login/?next=/admin/budget/")
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")
    assert "next=/admin/budget/" in response["Location"]


def test_the_auditor_reads_the_admin_history(client_for):
    client = client_for("revisor")
    from budget.models import Budget

    budget = Budget.objects.get(year=2018)
    assert client.get(f"/admin/budget/budget/{budget.pk}/history/").status_code == 200


def test_roles_are_found_from_a_permission():
    assert roles_with_permission("budget.change_budget") == [DIRECTOR, FINANCE]
    assert roles_with_permission("plans.change_plan") == [DIRECTOR]
    assert roles_with_permission("budget.view_budget") == [DIRECTOR, FINANCE, BOARD, AUDITOR]
    assert roles_with_permission("admin.view_logentry") == [AUDITOR]
    assert roles_with_permission("nothing.view_thing") == []
    assert roles_sentence([DIRECTOR, FINANCE]) == "Förbundschef och Ekonom"
    assert roles_sentence([DIRECTOR, FINANCE, AUDITOR]) == "Förbundschef, Ekonom och Revisor"
    assert roles_sentence([]) == ""


@pytest.mark.parametrize(("username", "shown"), [("forbundschef", True), ("ekonom", True), ("revisor", True),
                                                 ("styrelse", False)])  # fmt: skip
def test_the_main_navigation_leads_to_the_admin_for_the_roles_that_work_there(client_for, username, shown):
    import re

    page = client_for(username).get("/").content.decode()
    menu = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', page, re.S).group(1)
    assert ('<a class="nav-link position-relative" href="/admin/" title="Administration">' in menu) is shown
    assert page.count('<span class="nav-admin-label">Administration</span></a>') == int(shown)  # once, in the main menu
