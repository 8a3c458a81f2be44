"""The audit trail: plans, budgets, imports, roles, calendars, terms, project moves and grants."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from budget.models import Budget
from budget.services import budget_adopt, contributions_import
from core.models import AuditEvent
from governance.models import Organisation
from governance.services import mandate_period_create
from meetings.services import calendar_adopt
from plans.models import Plan
from plans.services import plan_send_to_board
from projects.models import Project, ProjectYear
from projects.services import project_change_status, project_save, project_year_delete, project_year_save
from tests.governance.factories import MemberFactory
from tests.helpers import kr, open_items
from tests.meetings.factories import MeetingFactory
from tests.projects.factories import BoardMeetingFactory, ProjectFactory

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def test_demo_plan_history_is_in_the_trail():
    events = AuditEvent.objects.order_by("pk")
    assert [(event.action, event.username) for event in events] == [
        (Action.BUDGET_ADOPTED, "ekonom"),  # the demo adopts its budget through the service, too
        (Action.PLAN_SENT, "forbundschef"),
        (Action.PLAN_ADOPTED, "forbundschef"),
        (Action.PUBLISHED, "forbundschef"),  # and publishes the adopted plan on the open web
    ]
    assert events[2].summary == "Verksamhetsplan 2018 fastställd 2018-03-23, version 2"


def test_sending_a_version_is_recorded(users):
    plan = Plan.objects.get(first_year=2019)
    known = open_items(plan)
    plan_send_to_board(plan=plan, acting_user=users["forbundschef"], acknowledged=known)
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.user, event.summary) == (
        Action.PLAN_SENT,
        users["forbundschef"],
        f"Verksamhetsplan 2019, version 1, skickad med {known} kända brister",
    )


def test_adopting_a_budget_and_importing_are_recorded(users):
    budget = Budget.objects.create(year=2019)
    data = "år;medlem;belopp\n2019;Nora kommun;236 785\n2019;Försäkringskassan;2 059 000\n".encode()
    result = contributions_import(data=data, file_name="bidrag-2019.csv", acting_user=users["ekonom"])
    assert not result.has_errors() and not result.has_validation_errors()
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.username) == (Action.IMPORT, "ekonom")
    assert event.summary == "Medlemsbidrag från bidrag-2019.csv: 2 nya, 0 ändrade, 0 oförändrade"

    budget_adopt(budget=budget, adopted_on=datetime.date(2018, 11, 30), acting_user=users["ekonom"])
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.summary) == (Action.BUDGET_ADOPTED, "Budget 2019 fastställd 2018-11-30")


def test_a_preview_or_a_refused_import_records_nothing(users):
    Budget.objects.create(year=2019)
    before = AuditEvent.objects.count()
    contributions_import(data=b"\xc3\xa5r;medlem;belopp\n2019;Nora kommun;5\n", file_name="a.csv", dry_run=True)
    contributions_import(data=b"\xc3\xa5r;medlem;belopp\n2019;Norra kommun;5\n", file_name="b.csv")
    assert AuditEvent.objects.count() == before


def test_changing_a_role_in_the_admin_is_recorded(client, users):
    admin = get_user_model().objects.create_superuser("admin", password="x")  # noqa: S106
    client.force_login(admin)
    target = users["styrelse"]
    response = client.post(
        f"/admin/auth/user/{target.pk}/change/",
        {
            "username": target.username,
            "first_name": target.first_name,
            "last_name": target.last_name,
            "email": "",
            "is_active": "on",
            "groups": [Group.objects.get(name="Revisor").pk],
            "date_joined_0": "2018-01-01",
            "date_joined_1": "00:00:00",
            "initial-date_joined_0": "2018-01-01",
            "initial-date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.username) == (Action.ROLE_CHANGED, "admin")
    assert event.summary == "styrelse: Styrelse → Revisor"


def test_auditors_read_the_trail_and_board_members_do_not(client_for):
    page = client_for("revisor").get("/handelselogg/")
    assert page.status_code == 200
    assert "Verksamhetsplan 2018 fastställd 2018-03-23, version 2" in page.content.decode()
    filtered = client_for("revisor").get("/handelselogg/?handelse=budget_adopted").content.decode()
    assert "Verksamhetsplan 2018 fastställd" not in filtered
    assert client_for("styrelse").get("/handelselogg/").status_code == 403


def test_the_user_admin_leaves_the_roles_to_the_service(client, users, monkeypatch):
    calls = []
    monkeypatch.setattr("core.services.user_roles_set", lambda **kwargs: calls.append(kwargs))
    admin = get_user_model().objects.create_superuser("admin", password="x")  # noqa: S106
    client.force_login(admin)
    target = users["styrelse"]
    revisor = Group.objects.get(name="Revisor")
    response = client.post(
        f"/admin/auth/user/{target.pk}/change/",
        {
            "username": target.username,
            "is_active": "on",
            "groups": [revisor.pk],
            "date_joined_0": "2018-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(target.groups.values_list("name", flat=True)) == ["Styrelse"]  # the form saved no groups
    assert [(call["user"], list(call["groups"]), call["acting_user"]) for call in calls] == [(target, [revisor], admin)]


def _events(action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_adopting_a_calendar_is_recorded_and_a_refused_adoption_is_not(users):
    february = MeetingFactory(starts_on=datetime.date(2020, 2, 7))
    december = MeetingFactory(title="DECEMBERMÖTE", starts_on=datetime.date(2019, 12, 13))
    with pytest.raises(ValidationError, match="året före"):
        calendar_adopt(year=2020, meeting=february, acting_user=users["forbundschef"])
    assert _events(Action.CALENDAR_ADOPTED) == []

    adoption = calendar_adopt(year=2020, meeting=december, acting_user=users["forbundschef"])
    [event] = _events(Action.CALENDAR_ADOPTED)
    assert (event.user, event.username) == (users["forbundschef"], "forbundschef")
    assert event.summary == "Kalendarium 2020 fastställt 2019-12-13 (DECEMBERMÖTE)"
    assert event.details == {"year": 2020, "meeting": december.pk, "adoption": adoption.pk}


def test_creating_a_term_is_recorded_and_a_refused_one_is_not(users):
    organisation = Organisation.objects.current()
    with pytest.raises(ValidationError, match="inget valår"):
        mandate_period_create(organisation=organisation, election_year=2021, acting_user=users["forbundschef"])
    assert _events(Action.TERM_CREATED) == []

    period = mandate_period_create(organisation=organisation, election_year=2022, acting_user=users["forbundschef"])
    [event] = _events(Action.TERM_CREATED)
    assert (event.user, event.summary) == (
        users["forbundschef"],
        "Mandatperiod 2023-01-01–2026-12-31, efter valet 2022",
    )
    assert event.details["period"] == period.pk


def test_moving_a_project_is_recorded_and_a_refused_move_is_not(users):
    project = ProjectFactory(name="Naturen", status=Project.Status.APPLIED)
    with pytest.raises(ValidationError, match="styrelsemötet"):
        project_change_status(project=project, to_status=Project.Status.GRANTED, acting_user=users["forbundschef"])
    with pytest.raises(ValidationError, match="kan inte flyttas"):
        project_change_status(project=project, to_status=Project.Status.FINISHED, acting_user=users["forbundschef"])
    assert _events(Action.PROJECT_STATUS_CHANGED) == []

    meeting = BoardMeetingFactory()
    change = project_change_status(
        project=project, to_status=Project.Status.GRANTED, meeting=meeting, acting_user=users["forbundschef"]
    )
    [event] = _events(Action.PROJECT_STATUS_CHANGED)
    assert event.user == users["forbundschef"]
    assert event.summary == "Naturen: Ansökan → Beviljad, beslut vid styrelsemötet 2018-06-01"
    assert event.details == {
        "project": project.pk,
        "from": "ansokan",
        "to": "beviljad",
        "meeting": meeting.pk,
        "status_change": change.pk,
        "decided_on": "2018-06-01",
        "decision_reference": "",
        "history": False,
    }


def test_granting_money_is_recorded_per_year_and_a_refused_save_records_nothing(users):
    director = users["forbundschef"]
    one, two = MemberFactory(), MemberFactory()
    project = Project(name="Naturen", kind=Project.Kind.INDIVIDUAL)
    # A year refused after another was saved: the grant already recorded goes with the rest.
    twice = [ProjectYear(year=2019, granted=450_000), ProjectYear(year=2019, granted=1)]
    with pytest.raises(ValidationError, match="redan en rad för det året"):
        project_save(project=project, owners=[one], participants=[two], years=twice, acting_user=director)
    assert _events(Action.GRANT_CHANGED) == []
    assert not Project.objects.filter(name="Naturen").exists()

    project = Project(name="Naturen", kind=Project.Kind.INDIVIDUAL)
    year = ProjectYear(year=2019, granted=450_000)
    plans = ProjectYear(year=2020)  # nothing granted yet: not a grant
    project_save(project=project, owners=[one], participants=[two], years=[year, plans], acting_user=director)
    [event] = _events(Action.GRANT_CHANGED)
    assert (event.user, event.summary) == (director, f"Naturen 2019: beviljat {kr('0')} → {kr('450 000')}")
    assert event.details["granted_after"] == 450_000

    year.spent = 100_000  # the outcome is not a grant
    project_year_save(row=year, acting_user=director)
    assert len(_events(Action.GRANT_CHANGED)) == 1
    year.granted = 500_000
    project_year_save(row=year, acting_user=director)
    project_year_delete(row=year, acting_user=director)
    events = _events(Action.GRANT_CHANGED)
    assert sorted((event.details["granted_before"], event.details["granted_after"]) for event in events) == [
        (0, 450_000),
        (450_000, 500_000),
        (500_000, 0),
    ]
    assert {event.username for event in events} == {"forbundschef"}
