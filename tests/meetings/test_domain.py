"""Dates outside the förbund's years are refused in Swedish, and a meeting entered by mistake can be deleted."""

import datetime

import pytest
from django.urls import reverse

from core.models import AuditEvent
from meetings.models import CalendarAdoption, Meeting, MeetingKind
from tests.meetings.factories import MeetingFactory

D = datetime.date
OUT_OF_RANGE = "Datumet måste ligga mellan 2000-01-01 och 2100-12-31."


def form_data(**overrides):
    data = {
        "kind": MeetingKind.objects.get(code=MeetingKind.BOARD).pk,
        "title": "FELSKRIVET MÖTE",
        "starts_on": "2020-06-12",
        "ends_on": "",
        "start_time": "",
        "end_time": "",
        "location": "",
        "description": "",
        "year": "",
        "status": "planerat",
    }
    data.update(overrides)
    return data


CASES = [
    ({"starts_on": "1899-12-31"}, "starts_on", OUT_OF_RANGE),
    ({"starts_on": "9999-12-31"}, "starts_on", OUT_OF_RANGE),
    ({"starts_on": "10000-01-01"}, "starts_on", "Fyll i ett giltigt datum."),
    ({"ends_on": "2101-01-01"}, "ends_on", OUT_OF_RANGE),
    ({"year": "0"}, "year", "Året måste ligga mellan 2000 och 2100."),
    ({"year": "99999"}, "year", "Året måste ligga mellan 2000 och 2100."),
    ({"ends_on": "2020-06-11"}, "ends_on", "Slutdatumet kan inte ligga före startdatumet."),
    ({"start_time": "15:00", "end_time": "13:00"}, "end_time", "Sluttiden måste ligga efter starttiden."),
    ({"start_time": "13:00", "end_time": "13:00"}, "end_time", "Sluttiden måste ligga efter starttiden."),
    ({"end_time": "13:00"}, "end_time", "Ange en starttid när du anger en sluttid."),
    ({"all_day": "on", "start_time": "09:00"}, "all_day", "Ett heldagsmöte har ingen start- eller sluttid."),
    ({"start_time": "25:00"}, "start_time", "Fyll i en giltig tid."),
    ({"title": "x" * 201}, "title", "Säkerställ att detta värde har som mest 200 tecken (den har 201)."),
    ({"location": "x" * 201}, "location", "Säkerställ att detta värde har som mest 200 tecken (den har 201)."),
]


@pytest.mark.parametrize(("data", "field", "message"), CASES, ids=[str(case[0])[:40] for case in CASES])
def test_the_meeting_form_refuses_with_a_swedish_field_error(client_for, data, field, message):
    count = Meeting.objects.count()
    response = client_for("forbundschef").post(reverse("meetings:meeting_create"), form_data(**data))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert Meeting.objects.count() == count


@pytest.mark.parametrize(("data", "field", "message"), CASES, ids=[str(case[0])[:40] for case in CASES])
def test_the_admin_refuses_with_a_swedish_field_error(client_for, data, field, message):
    count = Meeting.objects.count()
    response = client_for("forbundschef").post(reverse("admin:meetings_meeting_add"), form_data(**data))
    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field]
    assert Meeting.objects.count() == count


def test_an_edit_to_1899_is_refused_and_changes_nothing(client_for):
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    data = form_data(title="PLANERING", starts_on="1899-12-31", year="2018", revision=meeting.revision)
    response = client_for("forbundschef").post(reverse("meetings:meeting_update", args=[meeting.pk]), data)
    assert response.status_code == 200
    assert OUT_OF_RANGE in response.context["form"].errors["starts_on"]
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.starts_on, stored.revision, stored.sequence) == (meeting.starts_on, meeting.revision, 0)


# --- A way out: deleting a meeting entered by mistake ---------------------------------------------


def test_the_forbundschef_deletes_a_meeting_entered_by_mistake(client_for, users):
    client = client_for("forbundschef")
    meeting = MeetingFactory(title="FELSKRIVET MÖTE", starts_on=D(2020, 6, 12))
    url = reverse("meetings:meeting_delete", args=[meeting.pk])
    assert "Ta bort" in client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "Ta bort mötet" in page and "FELSKRIVET MÖTE" in page
    response = client.post(url, {"revision": meeting.revision})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:year", kwargs={"year": 2020})
    assert "FELSKRIVET MÖTE är borttaget ur kalendariet." in client.get(response["Location"]).content.decode()
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    [event] = AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_DELETED)
    assert (event.user, event.details["uid"], event.details["starts_on"]) == (
        users["forbundschef"],
        str(meeting.uid),
        "2020-06-12",
    )


def test_the_admin_deletes_through_the_service(client_for):
    meeting = MeetingFactory(title="FELSKRIVET MÖTE", starts_on=D(2020, 6, 12))
    response = client_for("forbundschef").post(
        reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes", "revision": meeting.revision}
    )
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_DELETED).count() == 1


def refused_meetings():
    adopting = CalendarAdoption.objects.get(year=2019).meeting  # adopted the calendar 2019
    in_adopted_year = Meeting.objects.for_year(2019).exclude(pk=adopting.pk).order_by("pk").first()
    return {"adopting": adopting, "in_adopted_year": in_adopted_year}


REFUSALS = {
    "adopting": "Mötet kan inte tas bort: det har fattat beslut eller fått handlingar (fastställda kalendarier",
    "in_adopted_year": "Kalendariet för 2019 är fastställt av styrelsen: ställ in mötet i stället för att ta bort det.",
}


@pytest.mark.parametrize("which", sorted(REFUSALS))
def test_a_meeting_the_boards_records_hold_is_never_deleted(client_for, which):
    client = client_for("forbundschef")
    meeting = refused_meetings()[which]
    url = reverse("meetings:meeting_delete", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert REFUSALS[which] in page
    assert "Ta bort mötet</button>" not in page  # nothing to confirm
    response = client.post(url, {"revision": meeting.revision})
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert REFUSALS[which] in client.get(response["Location"]).content.decode()
    assert REFUSALS[which] in client.get(reverse("admin:meetings_meeting_delete", args=[meeting.pk])).content.decode()
    response = client.post(reverse("admin:meetings_meeting_delete", args=[meeting.pk]), {"post": "yes"})
    assert response.status_code in (200, 302)  # the admin's own list of protected rows, or the service's refusal
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_DELETED).exists()


def test_a_meeting_that_took_a_project_decision_is_never_deleted(client_for):
    from projects.models import Project
    from tests.projects.factories import StatusChangeFactory

    meeting = MeetingFactory(title="BESLUTSMÖTE", starts_on=D(2020, 6, 12))
    StatusChangeFactory(project=Project.objects.order_by("pk").first(), meeting=meeting)
    response = client_for("forbundschef").post(reverse("meetings:meeting_delete", args=[meeting.pk]))
    assert response.status_code == 302
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_delete_from_a_page_opened_before_an_edit_is_refused(client_for):
    client = client_for("forbundschef")
    meeting = MeetingFactory(title="FELSKRIVET MÖTE", starts_on=D(2020, 6, 12))
    opened = meeting.revision
    from meetings import services

    services.meeting_update(meeting=meeting, data={"location": "Nora"})
    response = client.post(reverse("meetings:meeting_delete", args=[meeting.pk]), {"revision": opened})
    assert response.status_code == 302
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("role", ["ekonom", "styrelse", "revisor", "utan_roll"])
def test_only_the_forbundschef_deletes_a_meeting(client_for, role):
    meeting = MeetingFactory(title="FELSKRIVET MÖTE", starts_on=D(2020, 6, 12))
    assert client_for(role).post(reverse("meetings:meeting_delete", args=[meeting.pk])).status_code == 403
    assert Meeting.objects.filter(pk=meeting.pk).exists()


@pytest.mark.parametrize("year", ["0", "1999", "2101", "99999"])
def test_the_admin_refuses_an_adoption_for_a_year_outside_the_forbunds_years(client_for, year):
    december = MeetingFactory(title="DECEMBERMÖTE", starts_on=D(2019, 12, 13))
    count = CalendarAdoption.objects.count()
    response = client_for("forbundschef").post(
        reverse("admin:meetings_calendaradoption_add"), {"year": year, "meeting": december.pk}
    )
    assert response.status_code == 200
    assert "Året måste ligga mellan 2000 och 2100." in response.context["adminform"].form.errors["year"]
    assert "meeting" not in response.context["adminform"].form.errors  # one message, on the year
    assert CalendarAdoption.objects.count() == count
