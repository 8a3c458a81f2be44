"""The admin keeps the same rules as the förbundschef's forms."""

import pytest

from core.models import AuditEvent
from projects.models import Project
from tests.governance.factories import MemberFactory
from tests.helpers import kr
from tests.projects.factories import GoalFactory, ProjectFactory, ProjectYearFactory

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


def test_admin_changes_granted_money_through_the_service_which_records_it(client_for, users):
    client = client_for("forbundschef")
    row = ProjectYearFactory(project=ProjectFactory(name="Naturen"), year=2019, granted=100_000)
    project_revision = row.project.revision
    response = client.post(
        f"/admin/projects/projectyear/{row.pk}/change/",
        {"project": row.project_id, "year": "2019", "granted": "150000", "spent": "", "planned_women": ""},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.GRANT_CHANGED)
    assert (event.user, event.summary) == (
        users["forbundschef"],
        f"Naturen 2019: beviljat {kr('100 000')} → {kr('150 000')}",
    )
    # The project's page shows its money: a page opened before this change is now stale.
    row.project.refresh_from_db()
    assert row.project.revision == project_revision + 1


def test_admin_saves_goals_through_the_service_and_refuses_a_stale_one(client_for):
    client = client_for("forbundschef")
    goal = GoalFactory(text="Först.")
    url = f"/admin/projects/goal/{goal.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    assert client.post(url, {**data, "text": "Andra."}).status_code == 302
    response = client.post(url, {**data, "text": "Tredje."})
    assert response.status_code == 409
    assert "Mål: sparat ”Andra.”, du skickade ”Tredje.”" in response.content.decode()
    goal.refresh_from_db()
    assert (goal.text, goal.revision) == ("Andra.", 2)
