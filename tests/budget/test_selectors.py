import pytest


@pytest.mark.django_db
def test_a_running_project_without_money_is_warned_about():
    from budget.models import Budget, CostLine
    from budget.selectors import budget_summary_live
    from projects.models import ProjectYear

    assert not [w for w in budget_summary_live(budget=Budget.objects.get(year=2018)).warnings if "Insatsen" in w]
    ProjectYear.objects.filter(project__name="Mottagningsteamet", year=2018).update(granted=0)
    # Its budget line still funds it …
    assert not [w for w in budget_summary_live(budget=Budget.objects.get(year=2018)).warnings if "Insatsen" in w]
    CostLine.objects.filter(project__name="Mottagningsteamet").update(project=None)
    # … until the line no longer points at it.
    assert "Insatsen Mottagningsteamet pågår 2018 men har inga medel i budgeten." in (
        budget_summary_live(budget=Budget.objects.get(year=2018)).warnings
    )
