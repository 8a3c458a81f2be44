"""The audit trail: adopting a plan, sending a version, adopting a budget, importing, changing a role."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from budget.models import Budget
from budget.services import budget_adopt, contributions_import
from core.models import AuditEvent
from plans.models import Plan
from plans.services import plan_send_to_board

pytestmark = pytest.mark.django_db

Action = AuditEvent.Action


def test_demo_plan_history_is_in_the_trail():
    events = AuditEvent.objects.order_by("pk")
    assert [(event.action, event.username) for event in events] == [
        (Action.PLAN_SENT, "forbundschef"),
        (Action.PLAN_ADOPTED, "forbundschef"),
    ]
    assert events[1].summary == "Verksamhetsplan 2018 fastställd 2018-03-23, version 2"


def test_sending_a_version_is_recorded(users):
    plan = Plan.objects.get(first_year=2019)
    plan_send_to_board(plan=plan, acting_user=users["forbundschef"])
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.user, event.summary) == (
        Action.PLAN_SENT,
        users["forbundschef"],
        "Verksamhetsplan 2019, version 1",
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
