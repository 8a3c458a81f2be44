"""The rules: status moves, the two-member rule, goals and reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from governance.models import Member
from meetings.models import Meeting, MeetingKind
from projects.models import GoalResult, Project, StatusChange
from projects.services import goal_save, project_change_status, project_save, report_save
from tests.core.factories import UserFactory
from tests.governance.factories import MemberFactory
from tests.projects.factories import BoardMeetingFactory, FollowUpReportFactory, GoalFactory, ProjectFactory

pytestmark = pytest.mark.django_db
S = Project.Status


@pytest.fixture
def director():
    return UserFactory(username="chef")


@pytest.fixture
def meeting():
    return BoardMeetingFactory()


def test_the_whole_road_from_idea_to_finished_is_recorded(director, meeting):
    project = ProjectFactory(status=S.IDEA)
    day = datetime.date
    project_change_status(project=project, to_status=S.APPLIED, acting_user=director, decided_on=day(2018, 4, 2))
    project_change_status(project=project, to_status=S.GRANTED, acting_user=director, meeting=meeting, note="§ 12")
    project_change_status(project=project, to_status=S.RUNNING, acting_user=director, decided_on=day(2018, 8, 1))
    project_change_status(project=project, to_status=S.FINISHED, acting_user=director)

    project.refresh_from_db()
    assert project.status == S.FINISHED
    changes = list(StatusChange.objects.filter(project=project).order_by("changed_at", "pk"))
    assert [(c.from_status, c.to_status) for c in changes] == [
        (S.IDEA, S.APPLIED),
        (S.APPLIED, S.GRANTED),
        (S.GRANTED, S.RUNNING),
        (S.RUNNING, S.FINISHED),
    ]
    granted = changes[1]
    assert granted.meeting == meeting
    assert granted.changed_by == director
    assert granted.note == "§ 12"
    assert granted.changed_at is not None
    # The meeting's day when no other is given; today only when neither is.
    assert [c.decided_on for c in changes[:3]] == [day(2018, 4, 2), meeting.starts_on, day(2018, 8, 1)]


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (S.FINISHED, S.APPLIED),
        (S.FINISHED, S.RUNNING),
        (S.REJECTED, S.GRANTED),
        (S.IDEA, S.RUNNING),
        (S.IDEA, S.GRANTED),
        (S.RUNNING, S.IDEA),
        (S.GRANTED, S.APPLIED),
        (S.RUNNING, S.RUNNING),
    ],
)
def test_impossible_moves_are_refused(director, meeting, start, to):
    project = ProjectFactory(status=start)
    with pytest.raises(ValidationError) as error:
        project_change_status(project=project, to_status=to, acting_user=director, meeting=meeting)
    assert "kan inte flyttas till" in str(error.value)
    project.refresh_from_db()
    assert project.status == start
    assert not StatusChange.objects.filter(project=project).exists()


@pytest.mark.parametrize("to", [S.GRANTED, S.REJECTED])
def test_board_decisions_need_the_board_meeting(director, to):
    project = ProjectFactory(status=S.APPLIED)
    with pytest.raises(ValidationError) as error:
        project_change_status(project=project, to_status=to, acting_user=director)
    assert "styrelsemötet" in str(error.value)


def test_only_a_board_meeting_can_decide(director):
    project = ProjectFactory(status=S.APPLIED)
    event = Meeting.objects.create(
        kind=MeetingKind.objects.get(code=MeetingKind.EVENT),
        title="Lindedagen",
        starts_on=datetime.date(2018, 5, 16),
        year=2018,
    )
    with pytest.raises(ValidationError, match="styrelsemöte"):
        project_change_status(project=project, to_status=S.GRANTED, acting_user=director, meeting=event)


def test_an_idea_may_be_rejected(director, meeting):
    project = ProjectFactory(status=S.IDEA)
    project_change_status(project=project, to_status=S.REJECTED, acting_user=director, meeting=meeting)
    project.refresh_from_db()
    assert project.status == S.REJECTED
    assert project.allowed_moves() == ()


def test_an_individual_project_with_one_member_is_saved_with_a_warning_not_refused():
    one = Member.objects.get(name="Region Örebro län")
    project = project_save(
        project=Project(name="Ensam", kind=Project.Kind.INDIVIDUAL),
        owners=[(one, "Vuxenpsykiatrin")],
        participants=[one],
        acting_user=None,
    )
    assert project.pk
    assert project.member_warning == (
        "Individinriktad insats ska enligt lagen om finansiell samordning involvera minst två medlemmar; "
        "insatsen nämner bara en medlem (Region Örebro län). Ange de deltagande medlemmarna när de är kända."
    )
    assert (
        "ingen medlem"
        in project_save(
            project=Project(name="Ingen", kind=Project.Kind.BOTH), owners=[], acting_user=None
        ).member_warning
    )


@pytest.mark.parametrize("kind", [Project.Kind.INDIVIDUAL, Project.Kind.BOTH])
def test_two_members_from_owners_and_participants_together_are_enough(kind):
    first, second = MemberFactory(), MemberFactory()
    project = project_save(
        project=Project(name="Två", kind=kind), owners=[first], participants=[second], acting_user=None
    )
    assert [row.member for row in project.owners_in_order] == [first]
    assert set(project.participants.all()) == {second}
    assert project.member_warning == ""


def test_a_structural_project_may_have_one_member():
    one = MemberFactory()
    project = project_save(
        project=Project(name="Rehabmessa", kind=Project.Kind.STRUCTURAL),
        owners=[one],
        participants=[],
        acting_user=None,
    )
    assert project.pk


def test_a_project_cannot_end_before_it_starts():
    first, second = MemberFactory(), MemberFactory()
    project = Project(name="Baklänges", starts_on=datetime.date(2018, 6, 1), ends_on=datetime.date(2018, 1, 1))
    with pytest.raises(ValidationError, match="Perioden slutar"):
        project_save(project=project, owners=[first], participants=[second], acting_user=None)


def test_a_goal_without_number_keeps_its_words_and_is_not_measurable():
    goal = GoalFactory.build(project=ProjectFactory(), text="Att öka verksamhetens omfattning.", measure="")
    goal_save(goal=goal)
    goal.refresh_from_db()
    assert goal.text == "Att öka verksamhetens omfattning."
    assert goal.target is None and goal.target_spec is None
    assert not goal.is_measurable


def test_a_range_needs_its_upper_bound():
    goal = GoalFactory.build(project=ProjectFactory(), comparison="intervall", target=Decimal(15), target_max=None)
    with pytest.raises(ValidationError, match="övre gräns"):
        goal_save(goal=goal)


def test_a_share_cannot_pass_100():
    goal = GoalFactory.build(project=ProjectFactory(), target=Decimal(120))
    with pytest.raises(ValidationError, match="100"):
        goal_save(goal=goal)


def test_a_report_records_values_and_replaces_them_on_edit(director):
    goal = GoalFactory()
    report = FollowUpReportFactory.build(project=goal.project, meeting=BoardMeetingFactory())
    report_save(report=report, values={goal: Decimal(25)}, acting_user=director)
    assert report.recorded_by == director
    assert GoalResult.objects.get(report=report, goal=goal).value == Decimal(25)

    report_save(report=report, values={goal: Decimal(31)})
    assert GoalResult.objects.get(report=report, goal=goal).value == Decimal(31)
    report_save(report=report, values={goal: None})
    assert not GoalResult.objects.filter(report=report).exists()


def test_a_report_refuses_a_goal_of_another_project():
    other = GoalFactory()
    report = FollowUpReportFactory.build(project=ProjectFactory(), meeting=BoardMeetingFactory())
    with pytest.raises(ValidationError, match="annan insats"):
        report_save(report=report, values={other: Decimal(1)})


def test_a_report_period_must_be_ordered():
    report = FollowUpReportFactory.build(
        project=ProjectFactory(),
        meeting=None,
        period_start=datetime.date(2018, 6, 1),
        period_end=datetime.date(2018, 1, 1),
    )
    with pytest.raises(ValidationError, match="Periodens slut"):
        report_save(report=report, values={})
