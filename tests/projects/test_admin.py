"""The admin keeps the same rules as the förbundschef's forms."""

import pytest

from core.models import AuditEvent
from governance.models import Member
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
        "starts_precision": "dag",
        "ends_precision": "dag",
        "revision": "",
    }
    for prefix in ("years", "goals", "status_changes", "owner_rows"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def _owner_rows(*rows):
    data = {"owner_rows-TOTAL_FORMS": str(len(rows)), "owner_rows-INITIAL_FORMS": "0"}
    for index, (member, unit) in enumerate(rows):
        data.update(
            {
                f"owner_rows-{index}-member": member,
                f"owner_rows-{index}-unit": unit,
                f"owner_rows-{index}-position": index + 1,
            }
        )
    return data


def test_admin_saves_an_individual_project_with_one_owning_unit_and_shows_the_warning(client_for):
    # The two-member rule is a warning on the project's page, never a refusal that forces invented data.
    client = client_for("forbundschef")
    member = Member.objects.get(name="Region Örebro län")
    data = _project_admin_data(**_owner_rows((member.pk, "Vuxenpsykiatrin")))
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    project = Project.objects.get(name="Ensam")
    assert project.owner_label == "Vuxenpsykiatrin, Region Örebro län"
    assert "bara en medlem (Region Örebro län)" in project.member_warning


def test_admin_refuses_a_unit_without_its_member_and_the_forbund_with_members(client_for):
    client = client_for("forbundschef")
    response = client.post(
        "/admin/projects/project/add/", _project_admin_data(**_owner_rows(("", "Vårdcentralen i Nora")))
    )
    assert response.status_code == 200
    assert "Ange vilken medlem enheten ”Vårdcentralen i Nora” hör till." in response.content.decode()
    assert not Project.objects.filter(name="Ensam").exists()

    member = MemberFactory()
    data = _project_admin_data(owned_by_forbund="on", **_owner_rows((member.pk, "")))
    response = client.post("/admin/projects/project/add/", data)
    assert response.status_code == 200
    assert "Ett projekt som ägs av förbundet har inga medlemmar som ägare" in response.content.decode()
    assert not Project.objects.filter(name="Ensam").exists()


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
