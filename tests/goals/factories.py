"""Factories for the förbund's own goals and their follow-ups, and a way to multiply them."""

import datetime
from decimal import Decimal

import factory

from goals.models import ForbundGoal, GoalFollowUp, GoalIntroduction, GoalKind
from projects.targets import Attainment, Comparison, Measure


class ForbundGoalFactory(factory.django.DjangoModelFactory):
    """A text-only verksamhetsmål for 2019."""

    class Meta:
        model = ForbundGoal

    kind = GoalKind.OPERATIONAL
    first_year = 2019
    last_year = factory.SelfAttribute("first_year")
    text = factory.Sequence(lambda n: f"samverkan öka mellan samverkansparterna ({n})")
    order = factory.Sequence(lambda n: n + 1)


class MeasurableGoalFactory(ForbundGoalFactory):
    """A verksamhetsmål with a target: at least 40 % of the participants."""

    text = "minst 40 % av deltagarna ska gå vidare till arbete eller studier"
    measure = Measure.SHARE
    comparison = Comparison.AT_LEAST
    target = Decimal("40")


class RegionalGoalFactory(ForbundGoalFactory):
    kind = GoalKind.REGIONAL
    text = (
        "Andelen unga vuxna med försörjningsstöd i förbundets kommuner ska inte vara högre än länets "
        "vid mätningen hösten 2019."
    )
    measured_by = "SCB/Kolada"
    measured_when = "hösten 2019"


class GoalIntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalIntroduction

    year = 2019
    kind = GoalKind.OPERATIONAL
    text = (
        "Genom den samverkan och de insatser samordningsförbundet bidrar till att utveckla för aktuell målgrupp skall:"
    )


class GoalFollowUpFactory(factory.django.DjangoModelFactory):
    """A judged follow-up of a text-only goal."""

    class Meta:
        model = GoalFollowUp

    goal = factory.SubFactory(ForbundGoalFactory)
    followed_up_on = datetime.date(2019, 8, 31)
    period = "januari–augusti 2019"
    judgement = Attainment.MET
    assessment = "Fler gemensamma ärenden än året innan."


def grow_goals(*, factor: int) -> None:
    """Add (factor - 1) copies of every goal, each followed up twice, so each year holds `factor` times as much."""
    originals = list(ForbundGoal.objects.order_by("pk"))
    for copy in range(1, factor):
        for goal in originals:
            grown = ForbundGoal.objects.create(
                kind=goal.kind,
                first_year=goal.first_year,
                last_year=goal.last_year,
                text=f"{goal.text} ({copy})",
                order=goal.order + copy,
                measured_by=goal.measured_by or ("SCB/Kolada" if goal.kind == GoalKind.REGIONAL else ""),
            )
            for day in (1, 2):
                GoalFollowUp.objects.create(
                    goal=grown,
                    followed_up_on=datetime.date(grown.first_year, 6, day),
                    judgement=Attainment.NEAR,
                    assessment="Delvis.",
                    source="SCB/Kolada",
                )
