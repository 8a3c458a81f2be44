"""The admin keeps the same rules as the förbundschef's forms."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from projects.models import Project
from tests.governance.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_admin_refuses_an_individual_project_with_one_member(users):
    request = RequestFactory().get("/admin/projects/project/add/")
    request.user = users["forbundschef"]
    form_class = admin.site._registry[Project].get_form(request)
    member = MemberFactory()
    data = {"name": "Ensam", "kind": Project.Kind.INDIVIDUAL, "owners": [member.pk], "participants": [member.pk]}
    form = form_class(data=data)
    assert not form.is_valid()
    assert "minst två medlemmar" in str(form.non_field_errors())

    data["participants"] = [member.pk, MemberFactory().pk]
    assert form_class(data=data).is_valid()


def test_admin_shows_amounts_the_swedish_way(client_for):
    page = client_for("ekonom").get("/admin/projects/projectyear/").content.decode()
    assert "1\u202f855\u202f250\u202fkr" in page
