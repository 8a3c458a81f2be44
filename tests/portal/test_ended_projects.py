"""The förbundschef's start page lists the insatser whose period has ended without a slutrapport."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import FollowUpReport, Precision, Project
from tests.growth import grow_all
from tests.helpers import STOCKHOLM
from tests.projects.factories import FollowUpReportFactory, ProjectFactory

pytestmark = pytest.mark.django_db

HEADING = "Insatser vars period har gått ut utan slutrapport"
IN_2019 = datetime.datetime(2019, 3, 1, 10, tzinfo=STOCKHOLM)


def home(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def ended_list(page: str) -> str:
    return page.split('id="ended-projects">', 1)[1].split("</ul>", 1)[0]


def test_the_director_sees_the_ended_projects_until_their_slutrapport(client_for):
    ProjectFactory(name="Månadsslut", ends_on=datetime.date(2019, 1, 31), ends_precision=Precision.MONTH)
    client = client_for("forbundschef")
    with time_machine.travel(IN_2019, tick=False):
        listed = ended_list(home(client))
        assert '<a href="/insatser/1/#state-note">Samverkansteamet</a>, period slut 2018-12-31' in listed
        assert "Mottagningsteamet</a>, period slut 2018-12-31" in listed
        assert "Månadsslut</a>, period slut januari 2019" in listed

        response = client.post(
            reverse("projects:report_create", kwargs={"project_id": 1}),
            {
                "kind": FollowUpReport.Kind.FINAL,
                "period_start": "2018-01-01",
                "period_end": "2018-12-31",
                "participants_women": "30",
                "participants_men": "25",
            },
        )
        assert response.status_code == 302
        listed = ended_list(home(client))
    assert "Samverkansteamet" not in listed and "Mottagningsteamet" in listed
    # Nothing was changed behind the user's back: both are still Pågående in the database.
    assert set(Project.objects.filter(pk__in=[1, 2]).values_list("status", flat=True)) == {Project.Status.RUNNING}


def test_the_card_is_gone_when_every_ended_project_has_its_slutrapport(client_for):
    for project in Project.objects.all():
        FollowUpReportFactory(project=project, kind=FollowUpReport.Kind.FINAL)
    assert HEADING not in home(client_for("forbundschef"))


def test_before_the_end_nothing_is_listed(client_for):
    with time_machine.travel(datetime.datetime(2018, 12, 31, 20, tzinfo=STOCKHOLM), tick=False):
        assert HEADING not in home(client_for("forbundschef"))


@pytest.mark.parametrize("role", ["styrelse", "ekonom", "revisor"])
def test_the_other_roles_see_nothing_new(role, client_for):
    assert HEADING not in home(client_for(role))


def test_the_start_page_queries_do_not_grow_with_ended_projects(client_for, django_assert_max_num_queries):
    client = client_for("forbundschef")
    with CaptureQueriesContext(connection) as at_1x:
        assert HEADING in home(client)
    grow_all(factor=20)  # with 38 more projects, running and ended 2018-12-31, half of them with a slutrapport
    for project in Project.objects.filter(name__startswith="Kopia")[::2]:
        FollowUpReportFactory(project=project, kind=FollowUpReport.Kind.FINAL)
    with django_assert_max_num_queries(len(at_1x)):
        page = home(client)
    assert ended_list(page).count("<li>") == 2 + 19
