"""Factories for the budget, and a way to multiply the demo budget for query-count checks."""

import datetime

import factory

from budget.models import Budget, BudgetFollowUp, Contribution, CostCategory, CostLine, OverviewYear
from tests.governance.factories import MemberFactory


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget
        django_get_or_create = ["year"]

    year = factory.Sequence(lambda n: 2030 + n)
    opening_equity = 0


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    budget = factory.SubFactory(BudgetFactory)
    member = factory.SubFactory(MemberFactory)
    amount = 100_000


class CostLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CostLine

    budget = factory.SubFactory(BudgetFactory)
    category = factory.LazyFunction(lambda: CostCategory.objects.get(code="insatser"))
    text = factory.Sequence(lambda n: f"Kostnad {n}")
    amount = 10_000


class OverviewYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OverviewYear

    budget = factory.SubFactory(BudgetFactory)
    year = factory.LazyAttribute(lambda o: o.budget.year + 1)


class BudgetFollowUpFactory(factory.django.DjangoModelFactory):
    """A follow-up per 31 August of its budget's year, January–August, its forecast 84 300 kr over 4 286 000 kr."""

    class Meta:
        model = BudgetFollowUp

    budget = factory.SubFactory(BudgetFactory)
    made_on = factory.LazyAttribute(lambda o: datetime.date(o.budget.year, 8, 31))
    period_start = 1
    period_end = 8
    forecast_costs = 4_286_000 + 84_300


def readopt(budget: Budget) -> None:
    """Take an adopted budget's snapshot again from its rows as they are now: as if adopted with rows a test changed."""
    from budget.services import budgets_snapshot_adopted

    Budget.objects.filter(pk=budget.pk).update(adopted_snapshot=None)
    budgets_snapshot_adopted()


def grow_budget(*, factor: int) -> None:
    """Add (factor - 1) times the demo budget's rows: members with contributions, and cost lines.

    The new rows hang on the demo's 2018 and 2017 budgets (and draft years before them), so the
    budget page, the admin's change page and its lists all show `factor` times as much.
    """
    budgets = list(Budget.objects.filter(year__in=(2017, 2018)))
    categories = list(CostCategory.objects.all())
    for copy in range(1, factor):
        # Years before the demo's (reused after 17 copies), so that no page picks another budget than
        # at 1× as "this year's or the latest" (the start page does).
        extra_year = BudgetFactory(year=2000 + (copy - 1) % 17)
        for index in range(6):
            member = MemberFactory(name=f"Budgetkopia {copy} kommun {index}")
            for budget in [*budgets, extra_year]:
                Contribution.objects.create(budget=budget, member=member, amount=1000 * (index + 1))
        for budget in [*budgets, extra_year]:
            for category in categories[:5]:
                CostLine.objects.create(budget=budget, category=category, text=f"Kopia {copy}", amount=500)
            # Lines and follow-ups whose figures are not given, which the totals and the page must say.
            CostLine.objects.create(budget=budget, category=categories[0], text=f"Okänd {copy}", amount=None)
            BudgetFollowUp.objects.create(
                budget=budget,
                made_on=datetime.date(budget.year, 8, copy),  # one a day: a reused year takes a second
                period_start=1,
                period_end=8,
                forecast_costs=None if copy % 2 else 1000 * copy,
            )
