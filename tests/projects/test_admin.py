"""The admin keeps the same rules as the förbundschef's forms."""

import pytest

from projects.models import Project
from tests.governance.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _project_admin_data(**overrides):
    data = {
        "name": "Ensam",
        "kind": Project.Kind.INDIVIDUAL,
        "short_description": "",
        "description": "",
        "follow_up_national": "on",
        "follow_up_text": "",
        "revision": "",
    }
    for prefix in ("years", "goals", "status_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_admin_refuses_an_individual_project_with_one_member(client_for):
    # The rule is the service's (projects.services.project_save); the admin shows its refusal on the form.
    client = client_for("forbundschef")
    member = MemberFactory()
    data = _project_admin_data(owners=[member.pk], participants=[member.pk])
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert not form.is_valid()
    assert "minst två medlemmar" in str(form.errors["participants"])  # on the field, as on the project page
    assert not Project.objects.filter(name="Ensam").exists()

    data["participants"] = [member.pk, MemberFactory().pk]
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Project.objects.filter(name="Ensam").exists()


def test_admin_shows_amounts_the_swedish_way(client_for):
    page = client_for("ekonom").get("/admin/projects/projectyear/").content.decode()
    assert "1\u202f855\u202f250\u202fkr" in page
