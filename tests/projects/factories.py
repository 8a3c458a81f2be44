"""Factories for projects, goals and reports, and a way to multiply the demo's projects."""

import datetime
from decimal import Decimal

import factory

from meetings.models import Meeting, MeetingKind
from projects.models import (
    FollowUpReport,
    Goal,
    GoalResult,
    Project,
    ProjectOwner,
    ProjectYear,
    StatusChange,
    TargetGroup,
    TargetGroupPriority,
)
from projects.targets import Comparison, Measure
from tests.core.factories import UserFactory
from tests.governance.factories import MemberFactory, PersonFactory


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup

    name = factory.Sequence(lambda n: f"Målgrupp {n}")
    age_min = 18
    age_max = 29


class TargetGroupPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroupPriority

    year = 2018
    position = factory.Sequence(lambda n: n + 1)
    target_group = factory.SubFactory(TargetGroupFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A running individinriktad project with two participating members."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Insats {n}")
    short_description = "En kort beskrivning."
    kind = Project.Kind.INDIVIDUAL
    starts_on = datetime.date(2018, 1, 1)
    ends_on = datetime.date(2018, 12, 31)
    status = Project.Status.RUNNING
    leader = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if not create:
            return
        members = extracted if extracted is not None else [MemberFactory(), MemberFactory()]
        for position, member in enumerate(members[:1], start=1):
            ProjectOwner.objects.create(project=self, member=member, position=position)
        self.participants.set(members)


class ProjectYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectYear

    project = factory.SubFactory(ProjectFactory)
    year = 2018
    granted = 100_000


class GoalFactory(factory.django.DjangoModelFactory):
    """A measurable goal: at least 30 % of the participants go on to work or studies."""

    class Meta:
        model = Goal

    project = factory.SubFactory(ProjectFactory)
    term = Goal.Term.SHORT
    text = "30 % av de inskrivna skall gå till fortsatt rehabilitering, arbete eller utbildning."
    measure = Measure.SHARE
    comparison = Comparison.AT_LEAST
    target = Decimal(30)


class BoardMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = factory.LazyFunction(lambda: MeetingKind.objects.get(code=MeetingKind.BOARD))
    title = "UPPFÖLJNING"
    starts_on = datetime.date(2018, 6, 1)
    year = factory.LazyAttribute(lambda meeting: meeting.starts_on.year)


class FollowUpReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpReport

    project = factory.SubFactory(ProjectFactory)
    kind = FollowUpReport.Kind.INTERIM
    period_start = datetime.date(2018, 1, 1)
    period_end = datetime.date(2018, 5, 31)
    meeting = factory.SubFactory(BoardMeetingFactory)
    participants_women = 10
    participants_men = 8


class GoalResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalResult

    goal = factory.SubFactory(GoalFactory)
    report = factory.SubFactory(FollowUpReportFactory, project=factory.SelfAttribute("..goal.project"))
    value = Decimal(30)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    project = factory.SubFactory(ProjectFactory)
    from_status = Project.Status.GRANTED
    to_status = Project.Status.RUNNING
    changed_by = factory.SubFactory(UserFactory)
    changed_at = factory.LazyFunction(lambda: datetime.datetime(2018, 1, 2, tzinfo=datetime.UTC))
    decided_on = datetime.date(2018, 1, 2)


def grow_projects(*, factor: int) -> None:
    """Add (factor - 1) times the demo's projects: each with members, goals, reports, money and history."""
    meeting = BoardMeetingFactory()
    for copy in range(1, factor):
        for _ in range(2):
            project = ProjectFactory(name=f"Kopia {copy} insats {_}")
            project.target_groups.add(TargetGroupFactory())
            ProjectYearFactory(project=project)
            StatusChangeFactory(project=project)
            goals = [GoalFactory(project=project) for _ in range(3)]
            goals.append(GoalFactory(project=project, measure="", comparison="", target=None))
            report = FollowUpReportFactory(project=project, meeting=meeting)
            for goal in goals[:2]:
                GoalResultFactory(goal=goal, report=report, value=Decimal(25))
        TargetGroupPriorityFactory(year=2000 + copy)
