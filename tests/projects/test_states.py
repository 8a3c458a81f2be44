"""A project's shown status follows the calendar and its slutrapport; the stored status stays as it is."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Plan
from projects.models import FollowUpReport, Precision, Project, ProjectState
from projects.selectors import ended_without_final_report
from tests.helpers import STOCKHOLM
from tests.projects.factories import FollowUpReportFactory, ProjectFactory, ProjectYearFactory, grow_projects

pytestmark = pytest.mark.django_db

D = datetime.date
SAMVERKANSTEAMET = 1  # the demo's: running, 2018-01-01 – 2018-12-31, no slutrapport
IN_2019 = datetime.datetime(2019, 3, 1, 10, tzinfo=STOCKHOLM)


def clock(moment=IN_2019):
    return time_machine.travel(moment, tick=False)


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("ends_on", "precision", "label"),
    [
        (D(2018, 12, 31), Precision.DAY, "Avslutad (period slut 2018-12-31)"),
        (D(2018, 12, 31), Precision.MONTH, "Avslutad (period slut december 2018)"),
        (D(2018, 12, 31), Precision.YEAR, "Avslutad (period slut 2018)"),
    ],
)
def test_a_running_project_past_its_end_shows_the_end_as_it_was_given(ends_on, precision, label):
    project = ProjectFactory(ends_on=ends_on, ends_precision=precision)
    state = project.state_on(D(2019, 1, 1))
    assert (state.label, state.code, state.awaits_final_report) == (label, ProjectState.ENDED_WITHOUT_REPORT, True)
    # On its last day it is still running.
    assert project.state_on(D(2018, 12, 31)).label == "Pågående"


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (Project.Status.GRANTED, "Avslutad (period slut 2018-12-31)"),
        (Project.Status.IDEA, "Idé"),
        (Project.Status.APPLIED, "Ansökan"),
        (Project.Status.FINISHED, "Avslutad"),
        (Project.Status.REJECTED, "Avslagen"),
    ],
)
def test_only_granted_and_running_projects_are_overtaken_by_the_calendar(status, label):
    assert ProjectFactory(status=status).state_on(D(2019, 1, 1)).label == label


def test_an_open_end_never_passes():
    assert ProjectFactory(ends_on=None).state_on(D(2030, 1, 1)).label == "Pågående"


def test_a_slutrapport_ends_it_with_the_day_the_board_had_it():
    project = ProjectFactory()
    FollowUpReportFactory(project=project, kind=FollowUpReport.Kind.INTERIM)  # a delrapport changes nothing
    assert project.state_on(D(2019, 1, 1)).awaits_final_report
    FollowUpReportFactory(
        project=project,
        kind=FollowUpReport.Kind.FINAL,
        period_end=D(2018, 12, 31),
        meeting__starts_on=D(2019, 2, 12),
    )
    for fetched in (Project.objects.get(pk=project.pk), Project.objects.with_final_report().get(pk=project.pk)):
        state = fetched.state_on(D(2019, 3, 1))
        assert (state.label, state.code) == ("Avslutad (slutrapport 2019-02-12)", Project.Status.FINISHED)
        # On a day before the board had it (a document dated then), the report is not yet there.
        assert fetched.state_on(D(2019, 2, 11)).label == "Avslutad (period slut 2018-12-31)"
    project.refresh_from_db()
    assert project.status == Project.Status.RUNNING


def test_a_slutrapport_without_a_meeting_is_dated_the_day_it_was_recorded():
    project = ProjectFactory()
    with clock():
        FollowUpReportFactory(project=project, kind=FollowUpReport.Kind.FINAL, meeting=None)
    assert Project.objects.with_final_report().get(pk=project.pk).final_report_on == D(2019, 3, 1)
    assert project.state_on(D(2019, 3, 2)).label == "Avslutad (slutrapport 2019-03-01)"


def test_list_page_admin_and_plan_block_show_the_end_and_the_status_stays(client_for):
    client = client_for("forbundschef")
    ended = "Avslutad (period slut 2018-12-31)"
    list_page = text(client.get(reverse("projects:list")))
    row = list_page.split(">Samverkansteamet</a>", 1)[1].split("</tr>", 1)[0]
    assert f'<span class="badge status-badge status-period-slut">{ended}</span>' in row

    page = text(client.get(reverse("projects:detail", kwargs={"project_id": SAMVERKANSTEAMET})))
    assert f'id="project-state">{ended}</span>' in page
    note = page.split('id="state-note">', 1)[1].split("</p>", 1)[0]
    assert "Perioden slutade 2018-12-31 och ingen slutrapport är registrerad." in note
    assert "Registrerad status: Pågående." in note and "Lägg till slutrapporten" in note

    admin = text(client.get(reverse("admin:projects_project_changelist")))
    assert f'<td class="field-state_display">{ended}</td>' in admin

    # The plan's single-project block (the 2019 draft names Samverkansteamet).
    plan = Plan.objects.get(first_year=2019)
    plan_page = text(client.get(plan.get_absolute_url()))
    assert f'<tr><th scope="row">Status</th><td>{ended}</td></tr>' in plan_page

    assert Project.objects.get(pk=SAMVERKANSTEAMET).status == Project.Status.RUNNING


def test_the_plans_project_list_shows_a_project_whose_period_ended_in_the_plan_year(client_for):
    project = ProjectFactory(
        name="Nya vägar", starts_on=D(2019, 1, 1), ends_on=D(2019, 6, 30), ends_precision=Precision.MONTH
    )
    ProjectYearFactory(project=project, year=2019)
    plan = Plan.objects.get(first_year=2019)
    with clock(datetime.datetime(2019, 8, 1, 10, tzinfo=STOCKHOLM)):
        plan_page = text(client_for("forbundschef").get(plan.get_absolute_url()))
    row = plan_page.split("<td>Nya vägar</td>", 1)[1].split("</tr>", 1)[0]
    assert "<td>Avslutad (period slut juni 2019)</td>" in row


def test_before_its_end_the_project_shows_the_stored_status(client_for):
    with clock(datetime.datetime(2018, 6, 1, 10, tzinfo=STOCKHOLM)):
        page = text(client_for("styrelse").get(reverse("projects:detail", kwargs={"project_id": SAMVERKANSTEAMET})))
    assert 'id="project-state">Pågående</span>' in page and 'id="state-note"' not in page


def test_after_the_slutrapport_the_page_says_so_and_offers_the_status_change(client_for):
    client = client_for("forbundschef")
    with clock():
        response = client.post(
            reverse("projects:report_create", kwargs={"project_id": SAMVERKANSTEAMET}),
            {
                "kind": FollowUpReport.Kind.FINAL,
                "period_start": "2018-01-01",
                "period_end": "2018-12-31",
                "participants_women": "30",
                "participants_men": "25",
                "narrative": "Slutrapport.",
            },
        )
        assert response.status_code == 302
        page = text(client.get(reverse("projects:detail", kwargs={"project_id": SAMVERKANSTEAMET})))
    assert 'id="project-state">Avslutad (slutrapport 2019-03-01)</span>' in page
    note = page.split('id="state-note">', 1)[1].split("</p>", 1)[0]
    assert "Slutrapporten är registrerad." in note and "Registrerad status: Pågående." in note
    assert "Ändra statusen" in note
    assert Project.objects.get(pk=SAMVERKANSTEAMET).status == Project.Status.RUNNING


def test_ended_without_final_report_lists_the_open_projects_past_their_end(django_assert_num_queries):
    later = ProjectFactory(name="Senare", ends_on=D(2019, 1, 31))
    reported = ProjectFactory(name="Rapporterad")
    FollowUpReportFactory(project=reported, kind=FollowUpReport.Kind.FINAL)
    ProjectFactory(name="Avslutad redan", status=Project.Status.FINISHED)
    ProjectFactory(name="Löper", ends_on=D(2019, 12, 31))
    with django_assert_num_queries(1):
        ended = ended_without_final_report(on=D(2019, 3, 1))
        labels = [project.state_on(D(2019, 3, 1)).label for project in ended]
    assert [project.name for project in ended] == ["Mottagningsteamet", "Samverkansteamet", "Senare"]
    assert labels[-1] == "Avslutad (period slut 2019-01-31)"
    assert later in ended_without_final_report(on=D(2019, 2, 1))
    assert later not in ended_without_final_report(on=D(2019, 1, 31))  # its last day: still running


@pytest.mark.parametrize(
    "path",
    [
        reverse("projects:list"),
        reverse("projects:detail", kwargs={"project_id": SAMVERKANSTEAMET}),
        reverse("projects:matrix", kwargs={"year": 2018}),
        reverse("admin:projects_project_changelist"),
    ],
)
def test_the_project_pages_queries_do_not_grow(path, client_for, django_assert_max_num_queries):
    client = client_for("forbundschef")
    with CaptureQueriesContext(connection) as at_1x:
        text(client.get(path))
    grow_projects(factor=20)
    # Half of them with a slutrapport, half past their end without one.
    for project in Project.objects.filter(name__startswith="Kopia")[::2]:
        FollowUpReportFactory(project=project, kind=FollowUpReport.Kind.FINAL)
    with django_assert_max_num_queries(len(at_1x)):
        text(client.get(path))


def test_a_plan_shows_the_states_of_its_own_day_not_of_the_day_it_is_read(users):
    """The demo's plan 2018 was adopted on 2018-03-23: its teams ran then, whatever today is."""
    import json

    from plans.models import Plan

    adopted = Plan.objects.get(first_year=2018).versions.get(is_adoption=True)
    stored = json.dumps(adopted.document, ensure_ascii=False)
    assert "Pågående" in stored and "Avslutad (period slut" not in stored
