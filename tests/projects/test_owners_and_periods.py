"""Owners as the plans write them (a unit, several members jointly, the förbund) and periods as written."""

import datetime

import pytest

from governance.models import Member
from projects.models import Precision, Project
from projects.services import project_save
from tests.projects.test_views import _project_post, _text

pytestmark = pytest.mark.django_db
day = datetime.date


def member(name):
    return Member.objects.get(name=name)


@pytest.mark.parametrize(
    ("owners", "label"),
    [
        ([("Region Örebro län", "Vuxenpsykiatrin")], "Vuxenpsykiatrin, Region Örebro län"),
        ([("Region Örebro län", "Vårdcentralen i Nora")], "Vårdcentralen i Nora, Region Örebro län"),
        (
            [("Lindesbergs kommun", "Socialtjänstens arbetsmarknadsenhet")],
            "Socialtjänstens arbetsmarknadsenhet, Lindesbergs kommun",
        ),
        ([("Region Örebro län", ""), ("Nora kommun", "")], "Region Örebro län och Nora kommun gemensamt"),
        (
            [("Försäkringskassan", ""), ("Arbetsförmedlingen", ""), ("Nora kommun", "")],
            "Försäkringskassan, Arbetsförmedlingen och Nora kommun gemensamt",
        ),
    ],
)
def test_the_owner_label_is_written_as_the_plans_write_it(owners, label):
    project = project_save(
        project=Project(name="Ägd", kind=Project.Kind.STRUCTURAL),
        owners=[(member(name), unit) for name, unit in owners],
        acting_user=None,
    )
    assert project.owner_label == label


def test_a_project_the_forbund_owns_is_shown_with_the_forbunds_name(client_for):
    project = project_save(
        project=Project(name="Förbundets egen", kind=Project.Kind.STRUCTURAL, owned_by_forbund=True), acting_user=None
    )
    assert project.owner_label == "Samordningsförbundet SOFINT"
    page = _text(client_for("styrelse").get(f"/insatser/{project.pk}/"))
    assert "Insatsen ägs av Samordningsförbundet SOFINT" in page


def test_the_project_page_refuses_a_unit_without_a_member_and_the_forbund_with_members(client_for):
    client = client_for("forbundschef")
    response = client.post("/insatser/ny/", _project_post(owners=[("", "Vårdcentralen i Nora")]))
    assert response.status_code == 200
    assert "Ange vilken medlem enheten ”Vårdcentralen i Nora” hör till." in _text(response)
    response = client.post("/insatser/ny/", _project_post(owned_by_forbund="on", owners=[5]))
    assert response.status_code == 200
    assert "Ett projekt som ägs av förbundet har inga medlemmar som ägare" in _text(response).replace("&quot;", '"')
    assert not Project.objects.filter(name="Unga till arbete").exists()


def test_joint_owners_keep_the_plans_order_and_the_list_and_filter_find_them(client_for):
    client = client_for("forbundschef")
    response = client.post("/insatser/ny/", _project_post(owners=[7, (3, "Vuxenpsykiatrin")]), follow=True)
    project = Project.objects.get(name="Unga till arbete")
    assert project.owner_label == "Nora kommun och Vuxenpsykiatrin, Region Örebro län gemensamt"
    assert "member-warning" not in response.content.decode()
    listed = _text(client.get("/insatser/?owner=3"))
    assert "Unga till arbete" in listed and "Nora kommun och Vuxenpsykiatrin" in listed


def test_the_plan_readiness_lists_the_two_member_warning():
    from plans.checklist import plan_readiness
    from plans.models import Plan

    project_save(
        project=Project(
            name="Ensam enhet",
            kind=Project.Kind.INDIVIDUAL,
            status=Project.Status.RUNNING,
            starts_on=day(2018, 1, 1),
        ),
        owners=[(member("Region Örebro län"), "Vuxenpsykiatrin")],
        acting_user=None,
    )
    Project.objects.filter(name="Ensam enhet").update(status=Project.Status.RUNNING)
    problems = plan_readiness(Plan.objects.get(first_year=2018))
    assert any(p.startswith("Ensam enhet: Individinriktad insats ska") for p in problems), problems


@pytest.mark.parametrize(
    ("start", "end", "starts_on", "ends_on", "shown"),
    [
        ("oktober 2018", "mars 2020", day(2018, 10, 1), day(2020, 3, 31), "oktober 2018 – mars 2020"),
        ("2018-10", "2020-02", day(2018, 10, 1), day(2020, 2, 29), "oktober 2018 – februari 2020"),
        ("2019", "2019", day(2019, 1, 1), day(2019, 12, 31), "2019"),  # one year is written once
        ("2018-01-15", "", day(2018, 1, 15), None, "2018-01-15 – …"),
    ],
)
def test_periods_are_given_to_the_month_or_year_and_shown_as_written(client_for, start, end, starts_on, ends_on, shown):
    client = client_for("forbundschef")
    response = client.post("/insatser/ny/", _project_post(starts_on=start, ends_on=end), follow=True)
    project = Project.objects.get(name="Unga till arbete")
    assert (project.starts_on, project.ends_on) == (starts_on, ends_on)
    assert shown in _text(response)
    # Date queries still work: a month start means its first day, a month end its last.
    for year in range(starts_on.year, (ends_on or starts_on).year + 1):
        assert Project.objects.active_in(year).filter(pk=project.pk).exists()


def test_an_open_period_is_shown_as_its_note(client_for):
    client = client_for("forbundschef")
    response = client.post(
        "/insatser/ny/",
        _project_post(starts_on="", ends_on="", period_note="beräknas starta under våren 2019"),
        follow=True,
    )
    assert "beräknas starta under våren 2019" in _text(response)
    project = Project.objects.get(name="Unga till arbete")
    assert project.starts_precision == Precision.DAY and project.starts_on is None


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2020-05", "2020-03", "Perioden slutar (mars 2020) innan den börjar (maj 2020)."),
        ("hösten 2019", "", "Skriv ett datum (2018-10-01), en månad (2018-10 eller ”oktober 2018”) eller ett år"),
        ("2018-13", "", "Skriv ett datum"),
        ("1899", "", "Datumet måste ligga mellan"),
    ],
)
def test_a_period_that_does_not_hold_together_is_refused_in_swedish(client_for, start, end, message):
    response = client_for("forbundschef").post("/insatser/ny/", _project_post(starts_on=start, ends_on=end))
    assert response.status_code == 200
    assert message in _text(response)
    assert not Project.objects.filter(name="Unga till arbete").exists()


def test_editing_shows_the_period_as_it_was_given(client_for):
    client = client_for("forbundschef")
    client.post("/insatser/ny/", _project_post(starts_on="oktober 2018", ends_on="mars 2020"))
    project = Project.objects.get(name="Unga till arbete")
    form = client.get(f"/insatser/{project.pk}/andra/").context["form"]
    assert (form["starts_on"].value(), form["ends_on"].value()) == ("oktober 2018", "mars 2020")
