"""The rules of the förbund's own goals: targets, follow-ups and their colours, the copy to next year, the audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from core.revisions import StaleWriteError
from goals import selectors, services
from goals.models import ForbundGoal, GoalFollowUp, GoalIntroduction, GoalKind
from projects.targets import Attainment, Comparison, Measure
from tests.goals.factories import (
    ForbundGoalFactory,
    GoalFollowUpFactory,
    GoalIntroductionFactory,
    MeasurableGoalFactory,
    RegionalGoalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(users):
    return users["forbundschef"]


def _events(action=AuditEvent.Action.FORBUND_GOAL_CHANGED):
    return AuditEvent.objects.filter(action=action).order_by("pk")


def test_saving_a_goal_is_audited_with_what_changed(director):
    text = "sträva efter en balanserad budget"
    goal = ForbundGoal(kind=GoalKind.FINANCIAL, first_year=2019, last_year=2019, text=text)
    services.forbund_goal_save(goal=goal, acting_user=director)
    created = _events().last()
    assert created.user == director and "Finansiellt mål 2019 tillagt" in created.summary

    goal.text = "Förbundet skall sträva efter en balanserad budget."
    services.forbund_goal_save(goal=goal, acting_user=director, expected_revision=1)
    changed = _events().last()
    assert changed.details["changed"] == ["text"]
    assert changed.details["before"]["text"] == "sträva efter en balanserad budget"
    assert goal.revision == 2


def test_a_stale_save_is_refused_and_changes_nothing(director):
    goal = ForbundGoalFactory()
    goal.text = "ändrat"
    with pytest.raises(StaleWriteError):
        services.forbund_goal_save(goal=goal, acting_user=director, expected_revision=goal.revision + 1)
    goal.refresh_from_db()
    assert goal.text != "ändrat"


def test_years_backwards_and_half_targets_are_refused_in_swedish(director):
    goal = ForbundGoal(kind=GoalKind.OPERATIONAL, first_year=2020, last_year=2019, text="x")
    with pytest.raises(ValidationError) as error:
        services.forbund_goal_save(goal=goal, acting_user=director)
    assert "Sista året kan inte ligga före det första." in error.value.message_dict["last_year"]
    goal = ForbundGoal(
        kind=GoalKind.OPERATIONAL, first_year=2019, last_year=2019, text="x", measure=Measure.SHARE, target=Decimal(120)
    )
    goal.comparison = Comparison.AT_LEAST
    with pytest.raises(ValidationError) as error:
        services.forbund_goal_save(goal=goal, acting_user=director)
    assert "En andel kan inte vara mer än 100 %." in error.value.message_dict["target"]
    assert not ForbundGoal.objects.filter(text="x").exists()


def test_a_regional_goal_says_who_measures_it(director):
    goal = RegionalGoalFactory.build(measured_by="")
    with pytest.raises(ValidationError) as error:
        services.forbund_goal_save(goal=goal, acting_user=director)
    assert "mäts utanför sofint" in error.value.message_dict["measured_by"][0]


def test_a_measurable_goal_gets_its_colour_from_the_outcome(director):
    goal = MeasurableGoalFactory(first_year=2019)  # minst 40 %
    cases = [
        (datetime.date(2019, 12, 31), Decimal("45"), Attainment.MET),
        (datetime.date(2019, 12, 30), Decimal("37"), Attainment.NEAR),
        (datetime.date(2019, 6, 30), Decimal("10"), Attainment.NOT_DUE),  # before the end of the goal's year
        (datetime.date(2020, 2, 1), Decimal("10"), Attainment.MISSED),
    ]
    for day, value, expected in cases:
        follow_up = services.goal_follow_up_save(
            follow_up=GoalFollowUp(goal=goal, followed_up_on=day, value=value), acting_user=director
        )
        assert follow_up.attainment == expected, (day, value)
        assert follow_up.recorded_by == director
    assert _events(AuditEvent.Action.FORBUND_GOAL_FOLLOWED_UP).count() == 4


def test_a_measurable_goal_refuses_a_chosen_colour_and_needs_an_outcome_or_a_reason(director):
    goal = MeasurableGoalFactory()
    with pytest.raises(ValidationError) as error:
        services.goal_follow_up_save(
            follow_up=GoalFollowUp(
                goal=goal, followed_up_on=datetime.date(2019, 12, 31), value=Decimal(50), judgement=Attainment.MET
            ),
            acting_user=director,
        )
    assert "färgen räknas fram" in error.value.message_dict["judgement"][0]
    with pytest.raises(ValidationError) as error:
        services.goal_follow_up_save(
            follow_up=GoalFollowUp(goal=goal, followed_up_on=datetime.date(2019, 12, 31)), acting_user=director
        )
    assert "Ange utfallet" in error.value.message_dict["value"][0]
    follow_up = services.goal_follow_up_save(
        follow_up=GoalFollowUp(
            goal=goal, followed_up_on=datetime.date(2019, 12, 31), assessment="SUS-rapporten har inte kommit."
        ),
        acting_user=director,
    )
    assert follow_up.attainment == Attainment.NO_DATA
    assert GoalFollowUp.objects.count() == 1


def test_a_text_goal_is_judged_with_a_colour_and_a_reason(director):
    goal = ForbundGoalFactory()
    day = datetime.date(2019, 12, 31)
    with pytest.raises(ValidationError) as error:
        services.goal_follow_up_save(
            follow_up=GoalFollowUp(goal=goal, followed_up_on=day, value=Decimal(3)), acting_user=director
        )
    messages = error.value.message_dict
    assert "skriv utfallet i bedömningen" in messages["value"][0]
    assert "Välj måluppfyllelsen" in messages["judgement"][0]
    assert "Skriv skälet" in messages["assessment"][0]
    follow_up = services.goal_follow_up_save(
        follow_up=GoalFollowUp(
            goal=goal, followed_up_on=day, judgement=Attainment.NEAR, assessment="Två av fyra parter samverkar mer."
        ),
        acting_user=director,
    )
    assert follow_up.attainment == Attainment.NEAR and follow_up.attainment.colour == "yellow"


def test_a_regional_goal_is_followed_up_with_its_source(director):
    goal = RegionalGoalFactory()
    follow_up = GoalFollowUp(
        goal=goal,
        followed_up_on=datetime.date(2019, 11, 15),
        period="hösten 2019",
        judgement=Attainment.MET,
        assessment="Förbundets kommuner 6,1 %, länet 6,8 %.",
    )
    with pytest.raises(ValidationError) as error:
        services.goal_follow_up_save(follow_up=follow_up, acting_user=director)
    assert "Ange källan" in error.value.message_dict["source"][0]
    follow_up.source = "SCB/Kolada hösten 2019"
    services.goal_follow_up_save(follow_up=follow_up, acting_user=director)
    row = selectors.forbund_goals_for_year(year=2019).rows[0]
    assert row.latest.source == "SCB/Kolada hösten 2019" and row.attainment == Attainment.MET


def test_a_follow_up_before_the_goal_and_a_second_on_the_same_day_are_refused(director):
    goal = ForbundGoalFactory(first_year=2019)
    GoalFollowUpFactory(goal=goal, followed_up_on=datetime.date(2019, 8, 31), period="")
    for day, field in ((datetime.date(2018, 12, 31), "followed_up_on"), (datetime.date(2019, 8, 31), "__all__")):
        with pytest.raises(ValidationError) as error:
            services.goal_follow_up_save(
                follow_up=GoalFollowUp(goal=goal, followed_up_on=day, judgement=Attainment.MET, assessment="x"),
                acting_user=director,
            )
        assert field in error.value.message_dict
    assert goal.follow_ups.count() == 1


def test_a_followed_up_goal_cannot_be_deleted_but_a_mistake_can(director):
    kept = GoalFollowUpFactory().goal
    with pytest.raises(ValidationError, match="har följts upp"):
        services.forbund_goal_delete(goal=kept, acting_user=director, expected_revision=kept.revision)
    mistake = ForbundGoalFactory()
    services.forbund_goal_delete(goal=mistake, acting_user=director, expected_revision=mistake.revision)
    assert ForbundGoal.objects.filter(pk=kept.pk).exists() and not ForbundGoal.objects.filter(pk=mistake.pk).exists()
    assert _events().last().details["removed"] is True


def test_goals_roll_over_to_next_year_once(director):
    MeasurableGoalFactory(first_year=2019, order=2)
    RegionalGoalFactory(first_year=2019, order=1)
    GoalIntroductionFactory(year=2019)
    GoalFollowUpFactory(goal=ForbundGoalFactory(first_year=2019, order=3))
    ForbundGoalFactory(first_year=2017, last_year=2018)  # ended: not copied

    copies = services.forbund_goals_copy_year(from_year=2019, to_year=2020, acting_user=director)
    assert len(copies) == 3
    assert all(goal.first_year == goal.last_year == 2020 for goal in copies)
    assert GoalIntroduction.objects.filter(year=2020, kind=GoalKind.OPERATIONAL).exists()
    assert not GoalFollowUp.objects.filter(goal__first_year=2020).exists()
    measurable = next(goal for goal in copies if goal.is_measurable)
    assert str(measurable.target_spec) == "minst 40\u202f%"
    assert [goal.kind for goal in services.goals_naming_year(copies, year=2019)] == [GoalKind.REGIONAL]

    with pytest.raises(ValidationError, match="2020 har redan mål"):
        services.forbund_goals_copy_year(from_year=2019, to_year=2020, acting_user=director)
    assert ForbundGoal.objects.for_year(2020).count() == 3
    with pytest.raises(ValidationError, match="2030 har inga mål"):
        services.forbund_goals_copy_year(from_year=2030, to_year=2031, acting_user=director)


def test_a_multi_year_goal_holds_in_each_year_and_blocks_the_copy(director):
    ForbundGoalFactory(first_year=2019, last_year=2020, text="samverkan öka")
    assert [row.goal.text for row in selectors.forbund_goals_for_year(year=2020).rows] == ["samverkan öka"]
    with pytest.raises(ValidationError, match="2020 har redan mål"):
        services.forbund_goals_copy_year(from_year=2019, to_year=2020, acting_user=director)


def test_the_selector_groups_by_kind_in_the_plans_order_in_three_queries(django_assert_num_queries):
    RegionalGoalFactory(first_year=2019)
    ForbundGoalFactory(kind=GoalKind.FINANCIAL)
    ForbundGoalFactory(kind=GoalKind.OVERALL)
    for goal in ForbundGoalFactory.create_batch(3):
        GoalFollowUpFactory(goal=goal)
        GoalFollowUpFactory(goal=goal, followed_up_on=datetime.date(2019, 12, 31), judgement=Attainment.MISSED)
    with django_assert_num_queries(3):
        goals = selectors.forbund_goals_for_year(year=2019)
        labels = [group.label for group in goals.groups]
        colours = [row.attainment.colour for row in goals.rows]
    assert labels == ["Övergripande mål", "Verksamhetsmål", "Finansiellt mål", "Regionalt mål"]
    assert colours == ["grey", "red", "red", "red", "grey", "grey"]
