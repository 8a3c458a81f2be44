"""The admin saves through the services, so an edit there raises SEQUENCE like one in the app's forms."""

import datetime

from django.urls import reverse

from meetings.models import Meeting, MeetingKind


def admin_data(**overrides):
    data = {
        "kind": MeetingKind.objects.get(code=MeetingKind.EVENT).pk,
        "title": "Handläggarträff",
        "year": "2019",
        "starts_on": "2019-09-03",
        "ends_on": "",
        "start_time": "",
        "end_time": "",
        "location": "Nora",
        "description": "",
        "status": "planerat",
    }
    data.update(overrides)
    return data


def test_admin_add_and_change_go_through_the_services(client_for):
    client = client_for("forbundschef")
    response = client.post(reverse("admin:meetings_meeting_add"), admin_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="Handläggarträff")
    assert (meeting.sequence, meeting.starts_on) == (0, datetime.date(2019, 9, 3))
    response = client.post(
        reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        admin_data(location="Lindesberg", revision=meeting.revision),  # as the page carries it
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.sequence, meeting.location) == (1, "Lindesberg")


def test_admin_shows_the_adoption_with_its_date(client_for):
    page = client_for("revisor").get(reverse("admin:meetings_calendaradoption_changelist")).content.decode()
    assert "2018-11-30" in page
