"""The förbund's goals through the client: every role reads, the förbundschef edits, nothing is lost."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from goals.models import ForbundGoal, GoalFollowUp, GoalKind
from projects.targets import Attainment, Comparison, Measure
from tests.conftest import ROLES
from tests.goals.factories import ForbundGoalFactory, GoalFollowUpFactory, MeasurableGoalFactory, RegionalGoalFactory

pytestmark = pytest.mark.django_db


def _goal_post(**changes):
    data = {"kind": GoalKind.OPERATIONAL, "first_year": 2019, "last_year": 2019, "text": "Ett mål", "target_text": ""}
    data["order"] = 1
    return {**data, **changes}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_years_goals_with_colour_as_text(client_for, role):
    goal = MeasurableGoalFactory()
    GoalFollowUp.objects.create(goal=goal, followed_up_on=datetime.date(2019, 12, 31), value=Decimal("45"))
    RegionalGoalFactory()
    page = client_for(role).get(reverse("goals:year", kwargs={"year": 2019}))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Förbundets mål 2019" in html
    assert html.index("Verksamhetsmål") < html.index("Regionalt mål")
    assert "Uppfyllt" in html and "(grön)" in html  # the word and the colour's name, never colour alone
    assert "Mäts av SCB/Kolada, hösten 2019" in html
    assert ("Nytt mål för 2019" in html) == (role == "forbundschef")
    assert ("Kopiera målen till 2020" in html) == (role == "forbundschef")


def test_the_menu_leads_every_role_to_the_goals(client_for):
    for role in ROLES:
        assert "Förbundets mål</a>" in client_for(role).get(reverse("goals:current")).content.decode()


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor"])
def test_only_the_director_may_post(client_for, role):
    goal = ForbundGoalFactory()
    client = client_for(role)
    assert client.post(reverse("goals:create", kwargs={"year": 2019}), _goal_post()).status_code == 403
    assert client.post(reverse("goals:delete", kwargs={"forbund_goal_id": goal.pk})).status_code == 403
    assert client.post(reverse("goals:copy", kwargs={"year": 2019})).status_code == 403
    assert ForbundGoal.objects.filter(first_year__gte=2019).count() == 1


def test_the_director_enters_a_goal_and_sees_the_target_read_from_it(client_for):
    client = client_for("forbundschef")
    response = client.post(
        reverse("goals:create", kwargs={"year": 2019}),
        _goal_post(text="minst 100 personer per kalenderår ska få stöd", target_text="minst 100 per kalenderår"),
        follow=True,
    )
    goal = ForbundGoal.objects.get(text__startswith="minst 100")
    assert (goal.measure, goal.comparison, goal.target, goal.per) == (
        Measure.COUNT_PER_PERIOD,
        Comparison.AT_LEAST,
        Decimal(100),
        "kalenderår",
    )
    assert "Mätbart mål: minst 100 per kalenderår." in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.FORBUND_GOAL_CHANGED, details__goal=goal.pk).exists()


def test_a_target_without_a_number_and_bad_years_get_swedish_errors_and_save_nothing(client_for):
    client = client_for("forbundschef")
    response = client.post(
        reverse("goals:create", kwargs={"year": 2019}), _goal_post(target_text="så många som möjligt")
    )
    assert response.status_code == 200 and "Hittar inget tal" in response.content.decode()
    response = client.post(reverse("goals:create", kwargs={"year": 2019}), _goal_post(last_year=2018))
    assert "Sista året kan inte ligga före det första." in response.content.decode()
    response = client.post(
        reverse("goals:create", kwargs={"year": 2019}), _goal_post(kind=GoalKind.REGIONAL, measured_by="")
    )
    assert "mäts utanför sofint" in response.content.decode()
    assert not ForbundGoal.objects.filter(first_year=2019).exists()


def test_a_stale_edit_is_refused_with_both_values(client_for):
    goal = ForbundGoalFactory(text="samverkan öka")
    client = client_for("forbundschef")
    url = reverse("goals:update", kwargs={"forbund_goal_id": goal.pk})
    ForbundGoal.objects.filter(pk=goal.pk).update(text="någon annans text", revision=goal.revision + 1)
    response = client.post(url, _goal_post(text="min text", revision=goal.revision))
    assert response.status_code == 409
    html = response.content.decode()
    assert "sparat ”någon annans text”" in html and "du skickade ”min text”" in html
    goal.refresh_from_db()
    assert goal.text == "någon annans text"


def test_following_up_a_text_goal_needs_a_colour_and_a_reason(client_for):
    goal = ForbundGoalFactory()
    client = client_for("forbundschef")
    url = reverse("goals:follow_up_create", kwargs={"forbund_goal_id": goal.pk})
    assert client.post(url, {"followed_up_on": "2019-12-31"}).status_code == 200
    assert not GoalFollowUp.objects.exists()
    response = client.post(
        url,
        {"followed_up_on": "2019-12-31", "period": "helåret 2019", "judgement": Attainment.MISSED, "assessment": "Nej"},
        follow=True,
    )
    assert "Uppföljningen är sparad: Ej uppfyllt (röd)." in response.content.decode()
    assert GoalFollowUp.objects.get().recorded_by.username == "forbundschef"


def test_a_regional_follow_up_starts_from_its_source(client_for):
    goal = RegionalGoalFactory()
    page = client_for("forbundschef").get(reverse("goals:follow_up_create", kwargs={"forbund_goal_id": goal.pk}))
    assert 'value="SCB/Kolada, hösten 2019"' in page.content.decode()


def test_the_goal_page_lists_every_follow_up_newest_first(client_for):
    goal = ForbundGoalFactory()
    GoalFollowUpFactory(goal=goal, followed_up_on=datetime.date(2019, 6, 30), assessment="Första")
    GoalFollowUpFactory(goal=goal, followed_up_on=datetime.date(2019, 12, 31), assessment="Andra")
    html = client_for("styrelse").get(goal.get_absolute_url()).content.decode()
    assert html.index("Andra") < html.index("Första")
    assert "Ny uppföljning" not in html


def test_copying_goals_to_next_year_once_from_the_button(client_for):
    RegionalGoalFactory()
    ForbundGoalFactory()
    client = client_for("forbundschef")
    empty_year = client.get(reverse("goals:year", kwargs={"year": 2020})).content.decode()
    assert "Kopiera målen från 2019" in empty_year and reverse("goals:copy", kwargs={"year": 2019}) in empty_year
    response = client.post(reverse("goals:copy", kwargs={"year": 2019}), follow=True)
    html = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("goals:year", kwargs={"year": 2020})
    assert "2 mål kopierade till 2020." in html and "Läs över årtalen" in html
    response = client.post(reverse("goals:copy", kwargs={"year": 2019}), follow=True)
    assert "2020 har redan mål" in response.content.decode()
    assert ForbundGoal.objects.for_year(2020).count() == 2


def test_a_followed_up_goal_is_kept_and_a_mistake_deleted(client_for):
    kept = GoalFollowUpFactory().goal
    mistake = ForbundGoalFactory()
    client = client_for("forbundschef")
    page = client.get(reverse("goals:delete", kwargs={"forbund_goal_id": kept.pk})).content.decode()
    assert "har följts upp" in page
    client.post(reverse("goals:delete", kwargs={"forbund_goal_id": kept.pk}), {"revision": kept.revision})
    client.post(reverse("goals:delete", kwargs={"forbund_goal_id": mistake.pk}), {"revision": mistake.revision})
    assert ForbundGoal.objects.filter(pk=kept.pk).exists() and not ForbundGoal.objects.filter(pk=mistake.pk).exists()


def test_an_introduction_is_written_and_removed(client_for):
    client = client_for("forbundschef")
    url = reverse("goals:introduction", kwargs={"year": 2019, "kind": GoalKind.OPERATIONAL})
    client.post(url, {"text": "Genom den samverkan … skall:"})
    assert "Genom den samverkan … skall:" in client.get(reverse("goals:year", kwargs={"year": 2019})).content.decode()
    client.post(url, {"text": ""})
    assert "Genom den samverkan" not in client.get(reverse("goals:year", kwargs={"year": 2019})).content.decode()
    assert client.get(reverse("goals:introduction", kwargs={"year": 2019, "kind": "okand"})).status_code == 404


def test_the_admin_saves_through_the_service_and_audits(client_for):
    client = client_for("forbundschef")
    response = client.post(
        reverse("admin:goals_forbundgoal_add"),
        {
            "kind": GoalKind.FINANCIAL,
            "first_year": 2019,
            "last_year": 2019,
            "order": 1,
            "text": "Förbundet skall sträva efter en balanserad budget.",
            "measure": "",
            "comparison": "",
            "per": "",
            "measured_by": "",
            "measured_when": "",
            "follow_ups-TOTAL_FORMS": 0,
            "follow_ups-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    goal = ForbundGoal.objects.get(kind=GoalKind.FINANCIAL, first_year=2019)
    assert AuditEvent.objects.filter(details__goal=goal.pk, user__username="forbundschef").exists()
