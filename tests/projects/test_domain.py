"""Goals, projects and reports refuse what a förbund cannot mean in Swedish; a mistake can be deleted while a draft."""

import pytest
from django.urls import reverse

from budget.models import CostLine
from core.models import AuditEvent
from projects.models import FollowUpReport, Goal, Project
from tests.projects.factories import (
    FollowUpReportFactory,
    GoalFactory,
    GoalResultFactory,
    ProjectFactory,
    ProjectYearFactory,
)
from tests.projects.test_views import MOTTAGNINGSTEAMET, _project_post, owner_fields, post_goal

pytestmark = pytest.mark.django_db


def goal_post(**overrides):
    return {"term": "kort", "text": "Fler går vidare.", "target_text": "minst 40 %", "order": "5", **overrides}


@pytest.mark.parametrize(
    ("target_text", "message"),
    [
        ("minst -5 %", "Ett målvärde kan inte vara negativt."),
        ("20–15 %", "Intervallet går baklänges"),
        ("1e309 %", "Skriv talet med siffror, utan exponent"),
        ("NaN", "Hittar inget tal i ”NaN”"),
        ("inf", "Hittar inget tal i ”inf”"),
        ("150 %", "En andel kan inte vara mer än 100 %."),
        ("minst 99999999999 personer", "Målvärdet är för stort"),
        ("minst " + "9" * 200, "Säkerställ att detta värde har som mest 200 tecken"),
    ],
)
def test_the_goal_form_refuses_an_incoherent_target(client_for, target_text, message):
    count = Goal.objects.count()
    response = client_for("forbundschef").post(
        reverse("projects:goal_create", args=[MOTTAGNINGSTEAMET]), goal_post(target_text=target_text)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["target_text"])
    assert Goal.objects.count() == count


@pytest.mark.parametrize(
    ("target_text", "stored"),
    [
        ("minst 40 %", ("andel", "minst", 40, None)),
        ("20–30 %", ("andel", "intervall", 20, 30)),
        ("0,5", ("antal", "minst", 0.5, None)),
    ],
)
def test_the_goal_form_still_reads_swedish_targets(client_for, target_text, stored):
    response = post_goal(
        client_for("forbundschef"),
        reverse("projects:goal_create", args=[MOTTAGNINGSTEAMET]),
        goal_post(target_text=target_text),
    )
    assert response.status_code == 302
    goal = Goal.objects.get(text="Fler går vidare.")
    assert (goal.measure, goal.comparison, float(goal.target), goal.target_max and float(goal.target_max)) == stored


def test_the_goal_form_refuses_an_absurdly_long_text(client_for):
    response = client_for("forbundschef").post(
        reverse("projects:goal_create", args=[MOTTAGNINGSTEAMET]), goal_post(text="x" * 2001)
    )
    assert (
        "Säkerställ att detta värde har som mest 2000 tecken (den har 2001)." in response.context["form"].errors["text"]
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"target": "-5"}, "target", "Kontrollera att detta värde är större än eller lika med 0."),
        (
            {"comparison": "intervall", "target": "20", "target_max": "15"},
            "target_max",
            "Den övre gränsen kan inte vara lägre",
        ),
        ({"target": "150"}, "target", "En andel kan inte vara mer än 100 %."),
        ({"target": "NaN"}, "target", "Fyll i ett tal."),
        ({"target": "1e309"}, "target", "Säkerställ att det inte är mer än 12 siffror totalt."),
        ({"target": "10000000000000"}, "target", "Säkerställ att det inte är mer än 12 siffror totalt."),
        ({"per": "x" * 41}, "per", "som mest 40 tecken"),
    ],
)
def test_the_admin_refuses_an_incoherent_target_on_its_field(client_for, fields, field, message):
    client = client_for("forbundschef")
    goal = GoalFactory()
    url = reverse("admin:projects_goal_change", args=[goal.pk])
    form = client.get(url).context["adminform"].form
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    response = client.post(url, {**data, **fields})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors[field]
    assert any(message in error for error in errors), errors
    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.target, stored.target_max, stored.revision) == (goal.target, goal.target_max, goal.revision)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"years-0-planned_women": str(10**12)}, "planned_women", "mindre än eller lika med 1000000"),
        ({"years-0-granted": str(10**12)}, "granted", "mindre än eller lika med 1000000000"),
        ({"years-0-granted": "9" * 40}, "granted", "mindre än eller lika med"),
        ({"years-0-year": "0"}, "year", "Året måste ligga mellan 2000 och 2100."),
        ({"years-0-year": "99999"}, "year", "Året måste ligga mellan 2000 och 2100."),
    ],
)
def test_the_project_form_refuses_overflowing_years_money_and_counts(client_for, overrides, field, message):
    count = Project.objects.count()
    response = client_for("forbundschef").post(reverse("projects:create"), _project_post(**overrides))
    assert response.status_code == 200
    errors = response.context["formset"].forms[0].errors[field]
    assert any(message in error for error in errors), errors
    assert Project.objects.count() == count


@pytest.mark.parametrize(
    ("overrides", "field", "max_length"),
    [
        ({"name": "x" * 201}, "name", 200),
        ({"short_description": "x" * 2001}, "short_description", 2000),
        ({"description": "x" * 20001}, "description", 20000),
        ({"follow_up_text": "x" * 5001}, "follow_up_text", 5000),
        ({"starts_on": "1899-12-31"}, "starts_on", None),
    ],
)
def test_the_project_form_refuses_text_beyond_its_length_and_dates_outside_the_years(
    client_for, overrides, field, max_length
):
    response = client_for("forbundschef").post(reverse("projects:create"), _project_post(**overrides))
    assert response.status_code == 200
    message = f"som mest {max_length} tecken" if max_length else "Datumet måste ligga mellan 2000-01-01 och 2100-12-31."
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Project.objects.filter(name__startswith="Unga till").exists()


def test_the_report_form_refuses_overflowing_counts_and_a_share_over_100(client_for):
    result = GoalResultFactory()  # a share goal, measured in a report
    report, share = result.report, result.goal
    client = client_for("forbundschef")
    form = client.get(reverse("projects:report_update", args=[report.pk])).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data.update({"participants_women": str(10**12), f"goal_{share.pk}": "150", "narrative": "x" * 20001})
    response = client.post(reverse("projects:report_update", args=[report.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert any("1000000" in error for error in errors["participants_women"])
    assert any("100" in error for error in errors[f"goal_{share.pk}"])
    assert any("som mest 20000 tecken" in error for error in errors["narrative"])
    stored = FollowUpReport.objects.get(pk=report.pk)
    assert (stored.participants_women, stored.revision) == (report.participants_women, report.revision)


# --- A way out: deleting an idea or a goal entered by mistake -----------------------------------------


def test_the_forbundschef_deletes_a_project_idea_with_its_goals(client_for, users):
    client = client_for("forbundschef")
    idea = ProjectFactory(name="Felskriven idé", status=Project.Status.IDEA)
    GoalFactory(project=idea)
    ProjectYearFactory(project=idea, granted=0)
    assert "Ta bort" in client.get(idea.get_absolute_url()).content.decode()
    url = reverse("projects:delete", args=[idea.pk])
    assert "Ta bort insatsen</button>" in client.get(url).content.decode()
    response = client.post(url, {"revision": idea.revision})
    assert response.status_code == 302 and response["Location"] == reverse("projects:list")
    assert "Insatsen Felskriven idé är borttagen." in client.get(response["Location"]).content.decode()
    assert not Project.objects.filter(pk=idea.pk).exists()
    assert not Goal.objects.filter(project_id=idea.pk).exists()
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.PROJECT_DELETED)
    assert (event.user, event.details["name"], event.details["goals"]) == (users["forbundschef"], "Felskriven idé", 1)


def refused_projects():
    applied = ProjectFactory(name="Ansökt", status=Project.Status.APPLIED)
    granted_money = ProjectFactory(name="Med pengar", status=Project.Status.IDEA)
    ProjectYearFactory(project=granted_money, granted=50_000, year=2019)
    reported = ProjectFactory(name="Rapporterad", status=Project.Status.IDEA)
    FollowUpReportFactory(project=reported)
    budgeted = ProjectFactory(name="Budgeterad", status=Project.Status.IDEA)
    CostLine.objects.filter(pk=CostLine.objects.order_by("pk").first().pk).update(project=budgeted)
    return {
        "applied": (applied, "Insatsen har status ansökan och kan inte tas bort"),
        "granted_money": (granted_money, "Insatsen har beviljade medel för 2019. Sätt beloppen till 0 först."),
        "reported": (reported, "Insatsen har uppföljningsrapporter och kan inte tas bort."),
        "budgeted": (budgeted, "Insatsen kan inte tas bort: den finns i kostnadsrader."),
        "running": (Project.objects.get(pk=MOTTAGNINGSTEAMET), "Insatsen har status pågående och kan inte tas bort"),
    }


@pytest.mark.parametrize("which", ["applied", "granted_money", "reported", "budgeted", "running"])
def test_a_project_past_the_idea_or_held_by_records_is_never_deleted(client_for, which):
    client = client_for("forbundschef")
    project, message = refused_projects()[which]
    url = reverse("projects:delete", args=[project.pk])
    page = client.get(url).content.decode()
    assert message in page and "Ta bort insatsen</button>" not in page
    response = client.post(url, {"revision": project.revision})
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert message in client.get(response["Location"]).content.decode()
    assert message in client.get(reverse("admin:projects_project_delete", args=[project.pk])).content.decode()
    client.post(reverse("admin:projects_project_delete", args=[project.pk]), {"post": "yes"})
    assert Project.objects.filter(pk=project.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.PROJECT_DELETED).exists()


def test_the_admin_deletes_an_idea_through_the_service(client_for):
    idea = ProjectFactory(name="Felskriven idé", status=Project.Status.IDEA)
    response = client_for("forbundschef").post(
        reverse("admin:projects_project_delete", args=[idea.pk]), {"post": "yes", "revision": idea.revision}
    )
    assert response.status_code == 302
    assert not Project.objects.filter(pk=idea.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PROJECT_DELETED).count() == 1


def test_the_forbundschef_deletes_a_goal_no_report_has_measured(client_for):
    client = client_for("forbundschef")
    goal = GoalFactory(project=Project.objects.get(pk=MOTTAGNINGSTEAMET), text="Felskrivet mål")
    assert "Ta bort målet" in client.get(reverse("projects:goal_update", args=[goal.pk])).content.decode()
    response = client.post(reverse("projects:goal_delete", args=[goal.pk]), {"revision": goal.revision})
    assert response.status_code == 302 and response["Location"] == f"/insatser/{MOTTAGNINGSTEAMET}/"
    assert "Målet är borttaget." in client.get(response["Location"]).content.decode()
    assert not Goal.objects.filter(pk=goal.pk).exists()
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.GOAL_DELETED)
    assert event.details["text"] == "Felskrivet mål"


def test_a_goal_with_a_measured_value_is_never_deleted(client_for):
    client = client_for("forbundschef")
    result = GoalResultFactory()
    goal = result.goal
    message = "Målet har uppmätta värden i uppföljningsrapporter och kan inte tas bort."
    assert message in client.get(reverse("projects:goal_delete", args=[goal.pk])).content.decode()
    response = client.post(reverse("projects:goal_delete", args=[goal.pk]), {"revision": goal.revision})
    assert response.status_code == 302
    assert message in client.get(response["Location"]).content.decode()
    assert message in client.get(reverse("admin:projects_goal_delete", args=[goal.pk])).content.decode()
    response = client.post(reverse("admin:projects_goal_delete", args=[goal.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.GOAL_DELETED).exists()


def test_a_goal_deleted_from_a_page_opened_before_an_edit_is_refused(client_for):
    from projects import services

    client = client_for("forbundschef")
    goal = GoalFactory(text="Felskrivet mål")
    opened = goal.revision
    goal.text = "Ändrat mål"
    services.goal_save(goal=goal)
    response = client.post(reverse("projects:goal_delete", args=[goal.pk]), {"revision": opened})
    assert response.status_code == 302
    assert Goal.objects.filter(pk=goal.pk).exists()


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor", "utan_roll"])
def test_only_the_forbundschef_deletes_ideas_and_goals(client_for, role):
    idea = ProjectFactory(status=Project.Status.IDEA)
    goal = GoalFactory(project=idea)
    client = client_for(role)
    assert client.post(reverse("projects:delete", args=[idea.pk])).status_code == 403
    assert client.post(reverse("projects:goal_delete", args=[goal.pk])).status_code == 403
    assert Goal.objects.filter(pk=goal.pk).exists() and Project.objects.filter(pk=idea.pk).exists()


@pytest.mark.parametrize("value", ["9" * 400, "99999999999999999999", "-1", "x", "1.5"])
def test_a_tampered_choice_is_a_field_error_in_the_form_and_the_admin(client_for, value):
    client = client_for("forbundschef")
    count = Project.objects.count()
    response = client.post(reverse("projects:create"), _project_post(owners=[value], target_groups=[value]))
    assert response.status_code == 200
    assert {"target_groups"} <= set(response.context["form"].errors)
    assert "member" in response.context["owners"].forms[0].errors
    data = {"name": "Manipulerad", "kind": "struktur", "participants": [value], "revision": ""}
    for prefix in ("years", "goals", "status_changes"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(owner_fields([value], prefix="owner_rows"))
    response = client.post(reverse("admin:projects_project_add"), data)
    assert response.status_code == 200
    assert "participants" in response.context["adminform"].form.errors
    assert Project.objects.count() == count
