"""History entered afterwards: a project created with the status it has now, past changes and grants dated."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from projects.models import Project, ProjectYear, StatusChange
from projects.services import project_change_status, project_save, project_status_history_add
from tests.core.factories import UserFactory
from tests.projects.factories import BoardMeetingFactory, ProjectFactory
from tests.projects.test_views import JUNE_BOARD_MEETING, _project_post, _text

pytestmark = pytest.mark.django_db
S = Project.Status
day = datetime.date


@pytest.fixture
def director():
    return UserFactory(username="chef")


def _running_since_2016(director) -> Project:
    return project_save(
        project=Project(name="Arbetsmarknadsenheten", kind=Project.Kind.STRUCTURAL),
        acting_user=director,
        initial_status=S.RUNNING,
        status_on=day(2016, 3, 1),
    )


def test_a_project_that_started_years_ago_is_entered_in_one_step(director):
    project = _running_since_2016(director)
    assert project.status == S.RUNNING
    [change] = project.status_changes.all()
    assert (change.from_status, change.to_status, change.decided_on) == ("", S.RUNNING, day(2016, 3, 1))
    # Entered today, dated as the user gave it: never stamped with today.
    assert change.changed_at.date() == timezone.now().date()
    event = AuditEvent.objects.get(action=AuditEvent.Action.PROJECT_STATUS_CHANGED)
    assert "den 2016-03-01" in event.summary and "(historik)" in event.summary


def test_past_changes_are_added_before_the_current_status_with_their_decision(director):
    project = _running_since_2016(director)
    project_status_history_add(
        project=project,
        status=S.GRANTED,
        decided_on=day(2016, 1, 20),
        decision_reference="Styrelsebeslut 2016-01-20 § 4",
        acting_user=director,
    )
    project_status_history_add(project=project, status=S.APPLIED, decided_on=day(2015, 11, 2), acting_user=director)
    changes = list(project.status_changes.order_by("decided_on"))
    assert [(c.from_status, c.to_status, c.decided_on) for c in changes] == [
        ("", S.APPLIED, day(2015, 11, 2)),
        (S.APPLIED, S.GRANTED, day(2016, 1, 20)),
        (S.GRANTED, S.RUNNING, day(2016, 3, 1)),
    ]
    assert changes[1].decision_label == "Styrelsebeslut 2016-01-20 § 4"
    project.refresh_from_db()
    assert project.status == S.RUNNING  # the history does not move the project


def test_a_later_status_dated_before_an_earlier_one_is_refused(director):
    project = _running_since_2016(director)
    with pytest.raises(ValidationError) as error:
        project_status_history_add(
            project=project,
            status=S.GRANTED,
            decided_on=day(2017, 5, 12),
            decision_reference="§ 4",
            acting_user=director,
        )
    assert "Statusen pågående (2016-03-01) kan inte komma före beviljad (2017-05-12)" in str(error.value)
    assert project.status_changes.count() == 1


def test_a_status_change_in_the_future_is_refused(director):
    project = ProjectFactory(status=S.IDEA)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="ligger i framtiden"):
        project_change_status(project=project, to_status=S.APPLIED, decided_on=tomorrow, acting_user=director)
    with pytest.raises(ValidationError, match="ligger i framtiden"):
        project_save(
            project=Project(name="Framtid"), initial_status=S.RUNNING, status_on=tomorrow, acting_user=director
        )
    assert not StatusChange.objects.filter(project=project).exists()
    assert not Project.objects.filter(name="Framtid").exists()


def test_a_move_dated_before_the_latest_recorded_change_is_refused(director):
    project = _running_since_2016(director)
    with pytest.raises(ValidationError, match="före den senast registrerade statusändringen"):
        project_change_status(project=project, to_status=S.FINISHED, decided_on=day(2015, 1, 1), acting_user=director)
    change = project_change_status(
        project=project, to_status=S.FINISHED, decided_on=day(2019, 12, 31), acting_user=director
    )
    assert change.decided_on == day(2019, 12, 31)


def test_a_board_decision_takes_a_meeting_or_a_reference_and_not_a_day_before_the_meeting(director):
    project = ProjectFactory(status=S.APPLIED)
    with pytest.raises(ValidationError, match="eller en beslutshänvisning"):
        project_change_status(project=project, to_status=S.GRANTED, decided_on=day(2017, 5, 12), acting_user=director)
    meeting = BoardMeetingFactory(starts_on=day(2017, 5, 12))
    with pytest.raises(ValidationError, match="före styrelsemötet 2017-05-12"):
        project_change_status(
            project=project, to_status=S.GRANTED, meeting=meeting, decided_on=day(2017, 5, 1), acting_user=director
        )
    change = project_change_status(
        project=project,
        to_status=S.GRANTED,
        decided_on=day(2017, 5, 12),
        decision_reference="Styrelsebeslut 2017-05-12 § 4",
        acting_user=director,
    )
    assert (change.meeting, change.decision_reference) == (None, "Styrelsebeslut 2017-05-12 § 4")


def test_only_a_status_before_the_current_one_can_be_added_to_the_history(director):
    project = ProjectFactory(status=S.GRANTED)
    with pytest.raises(ValidationError, match="kan inte komma före insatsens nuvarande status beviljad"):
        project_status_history_add(project=project, status=S.FINISHED, decided_on=day(2017, 1, 1), acting_user=director)


def test_the_project_page_creates_a_running_project_with_its_dated_decision(client_for):
    client = client_for("forbundschef")
    data = _project_post(
        name="Vårdcentralen i Nora",
        initial_status="pagaende",
        status_on="2016-03-01",
        status_reference="Styrelsebeslut 2016-02-10 § 7",
        starts_on="2016-03",
        ends_on="",
    )
    response = client.post("/insatser/ny/", data, follow=True)
    project = Project.objects.get(name="Vårdcentralen i Nora")
    assert project.status == S.RUNNING
    page = _text(response)
    assert "2016-03-01" in page and "Styrelsebeslut 2016-02-10 § 7" in page
    assert "mars 2016 – …" in page


def test_the_history_page_records_a_past_change_and_refuses_a_wrong_order(client_for):
    client = client_for("forbundschef")
    project = project_save(
        project=Project(name="Gammal", kind=Project.Kind.STRUCTURAL),
        acting_user=UserFactory(),
        initial_status=S.RUNNING,
        status_on=day(2018, 8, 1),
    )
    url = f"/insatser/{project.pk}/historik/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "beviljad", "decided_on": "2018-09-01", "meeting": JUNE_BOARD_MEETING})
    assert response.status_code == 200
    assert "kan inte komma före beviljad (2018-09-01)" in _text(response).replace("&quot;", '"')
    assert project.status_changes.count() == 1
    response = client.post(url, {"status": "beviljad", "decided_on": "2018-06-01", "meeting": JUNE_BOARD_MEETING})
    assert response.status_code == 302
    page = _text(client.get(f"/insatser/{project.pk}/"))
    assert "beslut vid styrelsemötet 2018-06-01" in page
    assert page.index("2018-06-01") < page.index("2018-08-01")  # in date order


def test_status_form_takes_a_past_date_and_a_reference(client_for):
    client = client_for("forbundschef")
    project = ProjectFactory(status=S.APPLIED)
    response = client.post(
        f"/insatser/{project.pk}/status/",
        {"to_status": "beviljad", "decided_on": "2017-05-12", "decision_reference": "Styrelsebeslut 2017-05-12 § 4"},
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(project=project)
    assert (change.decided_on, change.decision_reference) == (day(2017, 5, 12), "Styrelsebeslut 2017-05-12 § 4")
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(f"/insatser/{project.pk}/status/", {"to_status": "pagaende", "decided_on": future})
    assert response.status_code == 200 and "ligger i framtiden" in _text(response)


def test_a_grant_carries_its_decision_date_and_reference(client_for):
    client = client_for("forbundschef")
    data = _project_post(
        **{
            "years-0-decided_on": "2018-11-20",
            "years-0-decision_reference": "Styrelsebeslut 2018-11-20 § 9",
        }
    )
    response = client.post("/insatser/ny/", data, follow=True)
    row = ProjectYear.objects.get(project__name="Unga till arbete")
    assert (row.decided_on, row.decision_reference) == (day(2018, 11, 20), "Styrelsebeslut 2018-11-20 § 9")
    assert "2018-11-20, Styrelsebeslut 2018-11-20 § 9" in _text(response)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post("/insatser/ny/", _project_post(name="Framåt", **{"years-0-decided_on": future}))
    assert response.status_code == 200 and "ligger i framtiden" in _text(response)
    assert not Project.objects.filter(name="Framåt").exists()


def test_a_status_whose_day_the_plan_does_not_give_is_undated_never_today(director, client_for):
    project = project_save(
        project=Project(name="Utan datum", kind=Project.Kind.STRUCTURAL), acting_user=director, initial_status=S.RUNNING
    )
    [change] = project.status_changes.all()
    assert change.decided_on is None
    project_status_history_add(project=project, status=S.GRANTED, decided_on=day(2016, 1, 20), acting_user=director)
    project_status_history_add(project=project, status=S.APPLIED, decided_on=None, acting_user=director)
    with pytest.raises(ValidationError, match=r"Statusen beviljad finns redan i historiken \(2016-01-20\)"):
        project_status_history_add(project=project, status=S.GRANTED, decided_on=None, acting_user=director)
    page = _text(client_for("revisor").get(f"/insatser/{project.pk}/"))
    history = page[page.index('id="status-history"') :]
    assert history.index("Ansökan") < history.index("Beviljad") < history.index("Pågående")
    assert history.count("datum okänt") == 2
    project_change_status(project=project, to_status=S.FINISHED, decided_on=day(2019, 6, 30), acting_user=director)
    with pytest.raises(ValidationError, match="kan inte komma före"):
        # A day before the grant for a status that comes after it.
        later = project_save(
            project=Project(name="Baklänges", kind=Project.Kind.STRUCTURAL),
            acting_user=director,
            initial_status=S.RUNNING,
            status_on=day(2015, 1, 1),
        )
        project_status_history_add(project=later, status=S.GRANTED, decided_on=day(2015, 6, 1), acting_user=director)
