"""The plan's block of the förbund's own goals: by kind, with targets and, once followed up, the latest outcome."""

import datetime
from decimal import Decimal

import pytest

from goals.models import ForbundGoal, GoalFollowUp, GoalIntroduction, GoalKind
from plans.blocks import BLOCKS
from plans.models import Block, Plan
from plans.selectors import plan_document
from plans.services import section_add
from projects.targets import Attainment
from tests.goals.factories import ForbundGoalFactory, GoalFollowUpFactory, MeasurableGoalFactory, RegionalGoalFactory

pytestmark = pytest.mark.django_db


def _block_html(year: int) -> str:
    plan = Plan.objects.filter(first_year=year).first() or Plan.objects.create(first_year=year, last_year=year)
    section_add(plan=plan, title="Förbundets mål", block=Block.FORBUND_GOALS)
    return next(s.block_html for s in plan_document(plan).sections if s.block == Block.FORBUND_GOALS)


def test_the_block_is_registered_with_its_label():
    assert BLOCKS[Block.FORBUND_GOALS].label == "Förbundets mål"


def test_a_year_without_goals_says_so():
    assert "Inga egna mål för förbundet är inlagda för 2019." in _block_html(2019)


def test_targets_are_shown_and_the_latest_outcome_once_followed_up():
    measurable = MeasurableGoalFactory()  # minst 40 %
    regional = RegionalGoalFactory()
    ForbundGoalFactory(text="samverkan öka mellan samverkansparterna", order=0)
    before = _block_html(2019)
    assert "(mätbart mål: minst 40\u202f%)" in before
    assert "mäts av SCB/Kolada, hösten 2019" in before
    assert "Uppföljning av förbundets mål" not in before

    GoalFollowUp.objects.create(goal=measurable, followed_up_on=datetime.date(2019, 6, 30), value=Decimal("20"))
    GoalFollowUp.objects.create(goal=measurable, followed_up_on=datetime.date(2019, 12, 31), value=Decimal("37.5"))
    GoalFollowUpFactory(
        goal=regional,
        followed_up_on=datetime.date(2019, 11, 15),
        period="hösten 2019",
        judgement=Attainment.MET,
        assessment="Förbundets kommuner 6,1 %, länet 6,8 %.",
        source="SCB/Kolada hösten 2019",
    )
    ForbundGoal.objects.filter(pk=measurable.pk).update(order=5)
    after = _block_html(2019)
    assert "Uppföljning av förbundets mål 2019" in after
    assert "37,5\u202f%, 2019-12-31" in after and "Nära målet (gul)" in after
    assert "källa: SCB/Kolada hösten 2019" in after and "Uppfyllt (grön)" in after
    assert "20\u202f%" not in after  # only the latest follow-up


def test_the_block_reads_a_fixed_number_of_queries(django_assert_num_queries):
    plan = Plan.objects.create(first_year=2009, last_year=2009)
    section = section_add(plan=plan, title="Mål", block=Block.FORBUND_GOALS)
    for kind in GoalKind:
        for goal in ForbundGoalFactory.create_batch(5, kind=kind, first_year=2009, measured_by="SCB"):
            GoalFollowUpFactory(goal=goal, followed_up_on=datetime.date(2009, 12, 31))
        GoalIntroduction.objects.create(year=2009, kind=kind, text="Inledning.")
    with django_assert_num_queries(3):
        context = BLOCKS[Block.FORBUND_GOALS].context(plan, section, {})
        assert len(context["goals"].rows) == 20
        assert all(row.attainment == Attainment.MET for row in context["goals"].rows)


def test_the_demo_has_sofints_own_goals_for_2018_as_the_seed_writes_them():
    goals = list(ForbundGoal.objects.for_year(2018).order_by("order").values_list("kind", "text"))
    assert [kind for kind, _text in goals] == [GoalKind.OPERATIONAL] * 3
    assert goals[1][1] == "Att SOFINTs insatser ska bidra till organisations- och/eller idéutveckling."
    assert GoalIntroduction.objects.get(year=2018).text == "Samordningsförbundet SOFINT har som mål,"
    assert not GoalFollowUp.objects.filter(goal__first_year=2018).exists()  # the seed reports no outcome
