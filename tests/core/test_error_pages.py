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


def test_a_refusal_names_the_roles_that_may(client_for):
    from plans.models import Plan

    draft = Plan.objects.filter(adopted_on__isnull=True).order_by("first_year").first()
    response = client_for("ekonom").get(f"/planer/{draft.pk}/redigera/")
    assert response.status_code == 403
    assert "Det här får Förbundschef göra." in response.text
    assert "plans." not in response.text and "change_plan" not in response.text  # roles, never codenames

    response = client_for("styrelse").get(f"/planer/{draft.pk}/redigera/")
    assert response.status_code == 403
    assert "Det här får Förbundschef göra." in response.text


def test_the_board_opening_the_budget_admin_is_told_who_may(client_for):
    response = client_for("styrelse").get("/admin/budget/budget/")
    assert response.status_code == 403
    assert "Det här får Förbundschef, Ekonom och Revisor göra." in response.text
    assert 'lang="sv"' in response.text and "Till startsidan" in response.text


def test_an_admin_page_beyond_the_role_names_the_roles_that_may(client_for):
    response = client_for("ekonom").get("/admin/governance/member/add/")
    assert response.status_code == 403
    assert "Det här får Förbundschef göra." in response.text


def test_a_change_the_budget_roles_may_make(client_for):
    response = client_for("revisor").get("/admin/budget/budget/add/")
    assert response.status_code == 403
    assert "Det här får Förbundschef och Ekonom göra." in response.text


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html"])
def test_every_error_page_is_swedish_with_a_way_back_and_no_traceback(template):
    from django.template import loader

    page = loader.get_template(template).render()
    assert '<html lang="sv">' in page
    assert 'href="/"' in page and "Till startsidan" in page
    assert "Traceback" not in page and "Exception" not in page
    if template != "500.html":
        assert "Hoppa till innehållet" in page  # the site's frame (base.html)
