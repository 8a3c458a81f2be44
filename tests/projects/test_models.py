"""Goal attainment from the latest value: green, yellow, red, grey."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from projects import selectors
from projects.models import Project, TargetGroup
from projects.targets import Attainment
from tests.projects.factories import (
    FollowUpReportFactory,
    GoalFactory,
    GoalResultFactory,
    ProjectFactory,
    TargetGroupPriorityFactory,
)

pytestmark = pytest.mark.django_db


def _report(project, *, end, kind="del"):
    return FollowUpReportFactory(project=project, period_start=datetime.date(end.year, 1, 1), period_end=end, kind=kind)


def test_the_latest_value_decides_the_colour():
    goal = GoalFactory()  # at least 30 %
    early = _report(goal.project, end=datetime.date(2018, 5, 31))
    late = _report(goal.project, end=datetime.date(2018, 12, 31), kind="helar")
    GoalResultFactory(goal=goal, report=late, value=Decimal(10))
    GoalResultFactory(goal=goal, report=early, value=Decimal(40))

    row = selectors.project_get(project_id=goal.project.pk).goals[0]
    assert row.latest.report == late
    assert row.attainment == Attainment.MISSED  # the year is over: due, and far off


def test_a_low_value_before_the_year_is_over_is_not_yet_due():
    goal = GoalFactory()
    GoalResultFactory(goal=goal, report=_report(goal.project, end=datetime.date(2018, 5, 31)), value=Decimal(10))
    assert selectors.project_get(project_id=goal.project.pk).goals[0].attainment == Attainment.NOT_DUE


def test_a_goal_with_its_own_date_is_due_then():
    goal = GoalFactory(due_on=datetime.date(2018, 4, 30))
    GoalResultFactory(goal=goal, report=_report(goal.project, end=datetime.date(2018, 5, 31)), value=Decimal(10))
    assert selectors.project_get(project_id=goal.project.pk).goals[0].attainment == Attainment.MISSED


def test_no_value_is_grey_and_no_number_is_not_measurable():
    measurable = GoalFactory()
    text_only = GoalFactory(project=measurable.project, measure="", comparison="", target=None)
    rows = {row.goal: row for row in selectors.project_get(project_id=measurable.project.pk).goals}
    assert rows[measurable].attainment == Attainment.NO_DATA
    assert rows[text_only].attainment == Attainment.NOT_MEASURABLE
    assert rows[measurable].attainment.colour == rows[text_only].attainment.colour == "grey"


def test_matrix_shows_the_years_funded_projects_with_that_years_values():
    from budget.models import CostLine

    CostLine.objects.update(project=None)  # budget lines protect the projects they fund
    Project.objects.all().delete()  # the demo's teams; this test makes its own year
    goal = GoalFactory(project=ProjectFactory(name="Pågår"))
    GoalResultFactory(goal=goal, report=_report(goal.project, end=datetime.date(2018, 12, 31)), value=Decimal(35))
    ProjectFactory(name="Idé", status=Project.Status.IDEA)
    ProjectFactory(name="Avslagen", status=Project.Status.REJECTED)
    ProjectFactory(name="Förra året", starts_on=datetime.date(2016, 1, 1), ends_on=datetime.date(2017, 12, 31))

    matrix = selectors.attainment_matrix(year=2018)
    assert [entry.project.name for entry in matrix.projects] == ["Pågår"]
    assert matrix.projects[0].rows[0].attainment == Attainment.MET
    assert matrix.totals["green"] == 1
    # A year without reports shows the same goal as grey.
    later = ProjectFactory(name="Flerårig", starts_on=datetime.date(2018, 1, 1), ends_on=None)
    GoalFactory(project=later)
    assert selectors.attainment_matrix(year=2019).projects[0].rows[0].attainment == Attainment.NO_DATA


def test_target_groups_keep_their_priority_per_year():
    first = TargetGroupPriorityFactory(year=2031, position=1).target_group
    second = TargetGroupPriorityFactory(year=2031, position=2).target_group
    TargetGroupPriorityFactory(year=2032, position=1, target_group=second)
    years = dict(selectors.target_group_priorities())
    assert [p.target_group for p in years[2031]] == [first, second]
    assert [p.target_group for p in years[2032]] == [second]
    with pytest.raises(IntegrityError):
        TargetGroupPriorityFactory(year=2031, position=1)


def test_age_range_must_be_ordered():
    assert TargetGroup(name="Unga", age_min=18, age_max=29).age_label == "18–29 år"
    with pytest.raises(IntegrityError):
        TargetGroup.objects.create(name="Baklänges", age_min=30, age_max=18)


@pytest.mark.parametrize(
    ("name", "age_min", "age_max", "note"),
    [
        ("Unga", 18, 29, "18–29 år"),
        ("Unga, i ålder 18-29 år", 18, 29, ""),  # the seed's name already says it
        ("Alla i arbetsför ålder, 19-65 år", 19, 65, ""),
        ("Unga vuxna från 16 år", 16, None, ""),
        ("Unga, 18 år och äldre", 18, 29, "18–29 år"),  # says only one of the ages
        ("Långtidssjukskrivna", None, None, ""),
    ],
)
def test_a_target_groups_age_is_written_after_its_name_only_when_the_name_does_not_say_it(name, age_min, age_max, note):
    assert TargetGroup(name=name, age_min=age_min, age_max=age_max).age_note == note
