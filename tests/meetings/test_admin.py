"""The admin saves through the services: an edit raises SEQUENCE, an adoption is audited, a stale save is refused."""

import datetime

from django.urls import reverse

from core.models import AuditEvent
from meetings.models import CalendarAdoption, Meeting, MeetingKind
from tests.meetings.factories import MeetingFactory


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


def test_admin_adopts_a_calendar_through_the_service_which_records_it(client_for, users):
    client = client_for("forbundschef")
    MeetingFactory(starts_on=datetime.date(2020, 2, 7))
    december = MeetingFactory(title="DECEMBERMÖTE", starts_on=datetime.date(2019, 12, 13))
    response = client.post(reverse("admin:meetings_calendaradoption_add"), {"year": "2020", "meeting": december.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarAdoption.objects.get(year=2020).meeting == december
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.CALENDAR_ADOPTED)
    assert (event.user, event.details["year"]) == (users["forbundschef"], 2020)


def test_admin_shows_the_services_refusal_on_the_form(client_for):
    # A year without meetings is refused by calendar_adopt, not by the form: the admin used to save it anyway.
    client = client_for("forbundschef")
    december = MeetingFactory(title="DECEMBERMÖTE", starts_on=datetime.date(2029, 12, 14))
    response = client.post(reverse("admin:meetings_calendaradoption_add"), {"year": "2030", "meeting": december.pk})
    assert response.status_code == 200
    assert "Kalendariet för 2030 har inga möten ännu." in response.content.decode()
    assert not CalendarAdoption.objects.filter(year=2030).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CALENDAR_ADOPTED).exists()


def test_admin_refuses_a_change_from_a_page_opened_before_anothers_save(client_for):
    client = client_for("forbundschef")
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    opened = client.get(url).context["adminform"].form["revision"].value()
    data = admin_data(kind=meeting.kind_id, title="PLANERING", year="2018", starts_on="2018-10-12", start_time="09:30")
    assert client.post(url, {**data, "location": "Lindesberg", "revision": opened}).status_code == 302
    response = client.post(url, {**data, "location": "Nora", "revision": opened})
    assert response.status_code == 409
    assert "Plats: sparat ”Lindesberg”, du skickade ”Nora”" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.location, meeting.sequence) == ("Lindesberg", 1)
