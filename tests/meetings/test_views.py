import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.roles import DIRECTOR
from meetings.models import CalendarAdoption, Meeting, MeetingKind
from tests.core.factories import UserFactory
from tests.helpers import STOCKHOLM
from tests.meetings.factories import MeetingFactory

D = datetime.date


def form_data(**overrides):
    data = {
        "kind": MeetingKind.objects.get(code=MeetingKind.BOARD).pk,
        "title": "EXTRA STYRELSEMÖTE",
        "starts_on": "2019-06-14",
        "ends_on": "",
        "start_time": "13:00",
        "end_time": "15:00",
        "location": "Lindesberg",
        "description": "",
        "year": "",
    }
    data.update(overrides)
    return data


def test_year_page_shows_the_seeds_tables(client_for):
    page = client_for("styrelse").get(reverse("meetings:year", kwargs={"year": 2018})).content.decode()
    for text in (
        "HELÅRSREDOVISNING",
        "HELDAG",
        "09.30–12.00",
        "2018-04-17/18",
        "12–15 november 2018",
        "CITY KONFERENS CENTER ÖREBRO",
        "2017-10-24",
        "utanför 2018",
        "HELÅRSREDOVINSNING",
        "fastställde kalendarium 2019",
    ):
        assert text in page, text
    assert "Nytt möte" not in page  # the board reads


def test_year_page_shows_the_adoption_line(client_for):
    page = client_for("ekonom").get(reverse("meetings:year", kwargs={"year": 2019})).content.decode()
    assert "Kalendarium för 2019 fastställt av styrelsen" in page
    assert ">2018-11-30</a>" in page


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (datetime.datetime(2018, 5, 15, 9, tzinfo=STOCKHOLM), 2018),  # a year with a calendar: that one
        (datetime.datetime(2019, 12, 31, 9, tzinfo=STOCKHOLM), 2019),
        (datetime.datetime(2026, 12, 2, 9, tzinfo=STOCKHOLM), 2019),  # after the demo's calendar: the latest before
    ],
)
def test_calendar_opens_on_this_year_or_the_latest_before_it(client_for, today, year):
    with time_machine.travel(today, tick=True):
        response = client_for("styrelse").get(reverse("meetings:calendar"))
    assert response.context["calendar"].year == year


def test_forbundschef_adds_a_meeting(client_for):
    client = client_for("forbundschef")
    response = client.post(reverse("meetings:meeting_create"), form_data())
    assert response.status_code == 302
    assert response["Location"] == "/kalender/2019/"
    meeting = Meeting.objects.get(title="EXTRA STYRELSEMÖTE")
    assert (meeting.year, meeting.start_time, meeting.sequence) == (2019, datetime.time(13), 0)
    assert "EXTRA STYRELSEMÖTE är tillagt i kalendariet." in client.get(response["Location"]).content.decode()


def test_the_form_shows_the_rules_in_swedish(client_for):
    client = client_for("forbundschef")
    response = client.post(reverse("meetings:meeting_create"), form_data(ends_on="2019-06-13"))
    assert response.status_code == 200
    assert "Slutdatumet kan inte ligga före startdatumet." in response.content.decode()
    response = client.post(reverse("meetings:meeting_create"), form_data(start_time=""))
    assert "Ange en starttid när du anger en sluttid." in response.content.decode()
    assert not Meeting.objects.filter(title="EXTRA STYRELSEMÖTE").exists()


@pytest.mark.parametrize("role", ["styrelse", "ekonom", "revisor"])
def test_others_cannot_write(client_for, role):
    client = client_for(role)
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    assert client.post(reverse("meetings:meeting_create"), form_data()).status_code == 403
    assert client.post(reverse("meetings:meeting_update", args=[meeting.pk]), form_data()).status_code == 403
    assert client.post(reverse("meetings:meeting_cancel", args=[meeting.pk])).status_code == 403
    assert client.post(reverse("meetings:year_copy", args=[2019])).status_code == 403
    assert client.post(reverse("meetings:year_adopt", args=[2020]), {"meeting": meeting.pk}).status_code == 403
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (Meeting.Status.PLANNED, 0)
    assert not Meeting.objects.for_year(2020).exists()


def test_editing_moves_the_meeting_and_raises_the_sequence(client_for):
    client = client_for("forbundschef")
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    data = form_data(title="PLANERING", starts_on="2018-10-19", start_time="09:30", end_time="12:00", location="")
    data["revision"] = meeting.revision  # as the form carries it
    response = client.post(reverse("meetings:meeting_update", args=[meeting.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert (meeting.starts_on, meeting.sequence) == (D(2018, 10, 19), 1)
    # Saving the same values again changes nothing a subscriber sees.
    data["revision"] = meeting.revision
    client.post(reverse("meetings:meeting_update", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.sequence == 1


def test_cancel_and_reinstate(client_for):
    client = client_for("forbundschef")
    meeting = Meeting.objects.get(title="Lindedagen", year=2018)
    assert "Ställ in mötet" in client.get(reverse("meetings:meeting_cancel", args=[meeting.pk])).content.decode()
    client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    page = client.get(reverse("meetings:year", kwargs={"year": 2018})).content.decode()
    assert "Inställt" in page
    client.post(reverse("meetings:meeting_reinstate", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert (meeting.is_cancelled, meeting.sequence) == (False, 2)


def test_copy_2019_to_2020_then_adopt_it(client_for):
    client = client_for("forbundschef")
    preview = client.get(reverse("meetings:year_copy", args=[2019])).content.decode()
    assert "2020-02-07" in preview  # HELÅRSREDOVISNING: Friday of week 6
    response = client.post(reverse("meetings:year_copy", args=[2019]))
    assert response["Location"] == "/kalender/2020/"
    assert Meeting.objects.for_year(2020).count() == 19
    again = client.post(reverse("meetings:year_copy", args=[2019]), follow=True)
    assert "har redan möten" in again.content.decode()
    assert Meeting.objects.for_year(2020).count() == 19

    november = Meeting.objects.get(year=2019, kind__code="styrelsemote", starts_on=D(2019, 11, 29))
    form = client.get(reverse("meetings:year_adopt", args=[2020])).content.decode()
    assert "2019-11-29 INTERNSTYRNING &amp; KONTROLLPLAN" in form
    response = client.post(reverse("meetings:year_adopt", args=[2020]), {"meeting": november.pk}, follow=True)
    assert "Kalendarium för 2020 fastställt av styrelsen 2019-11-29" in response.content.decode()
    assert CalendarAdoption.objects.get(year=2020).meeting == november


def test_adopting_with_a_meeting_of_the_wrong_year_is_refused(client_for):
    client = client_for("forbundschef")
    MeetingFactory(starts_on=D(2021, 3, 1))
    wrong = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    response = client.post(reverse("meetings:year_adopt", args=[2021]), {"meeting": wrong.pk})
    assert response.status_code == 200
    assert not CalendarAdoption.objects.filter(year=2021).exists()


def test_meeting_page_lists_details_and_documents(client_for):
    meeting = Meeting.objects.get(year=2018, kind__code="styrelsemote", starts_on=D(2018, 11, 30))
    page = client_for("styrelse").get(meeting.get_absolute_url()).content.decode()
    assert "INTERNSTYRNING &amp; KONTROLLPLAN" in page
    assert "Handlingar" in page
    assert "Inga handlingar är skickade till mötet ännu." in page
    assert "Kalendarium för 2019</a> fastställt" in page


def test_missing_meeting_is_404(client_for):
    assert client_for("styrelse").get(reverse("meetings:meeting", args=[99999])).status_code == 404


def test_start_page_lists_upcoming_meetings_and_board_members_see_the_board_first(client_for):
    today = timezone.localdate()
    event = MeetingKind.objects.get(code=MeetingKind.EVENT)
    MeetingFactory(kind=event, title="Konferensen", starts_on=today + datetime.timedelta(days=3))
    MeetingFactory(title="NÄSTA STYRELSEMÖTE", starts_on=today + datetime.timedelta(days=20))
    board_page = client_for("styrelse").get("/").content.decode()
    assert "Nästa styrelsemöte" in board_page
    assert board_page.index("NÄSTA STYRELSEMÖTE") < board_page.index("Konferensen") < board_page.index("Förbundet</h2>")
    other_page = client_for("ekonom").get("/").content.decode()
    assert other_page.index("Förbundet</h2>") < other_page.index("Konferensen") < other_page.index("NÄSTA STYRELSEMÖTE")
    assert "Kommande möten" not in client_for("utan_roll").get("/").content.decode()


def test_nav_has_kalendarium(client_for):
    page = client_for("revisor").get("/kalender/2018/").content.decode()
    assert 'href="/kalender/">Kalendarium</a>' in page


def _opened(client, url) -> dict:
    """Open the form at `url` and return what submitting it unchanged would send, its revision included."""
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in data.items() if value is not False}


@pytest.fixture
def second_director(users):
    """Another förbundschef, in a browser of their own."""
    client = Client()
    client.force_login(UserFactory(username="chef2", role=DIRECTOR))
    return client


def test_a_save_from_a_form_opened_before_anothers_save_is_refused(client_for, second_director):
    first = client_for("forbundschef")
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    url = reverse("meetings:meeting_update", args=[meeting.pk])
    first_data, second_data = _opened(first, url), _opened(second_director, url)

    assert first.post(url, {**first_data, "location": "Lindesberg"}).status_code == 302
    response = second_director.post(url, {**second_data, "location": "Nora", "title": "PLANERING 2019"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Möte ändrades av någon annan medan du redigerade" in page
    assert "Plats: sparat ”Lindesberg”, du skickade ”Nora”" in page
    assert "Ingenting av det du skickade har sparats." in page
    form = response.context["form"]
    assert (form["location"].value(), form["title"].value()) == ("Nora", "PLANERING 2019")  # the user's values kept
    meeting.refresh_from_db()
    assert (meeting.location, meeting.title, meeting.sequence) == ("Lindesberg", "PLANERING", 1)

    # Opened again, the form saves.
    assert second_director.post(url, {**_opened(second_director, url), "location": "Nora"}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.location, meeting.sequence) == ("Nora", 2)


def test_an_edit_posted_without_the_revision_it_was_opened_at_is_refused(client_for):
    client = client_for("forbundschef")
    meeting = Meeting.objects.get(title="PLANERING", year=2018, kind__code="styrelsemote")
    url = reverse("meetings:meeting_update", args=[meeting.pk])
    data = {**_opened(client, url), "location": "Nora"}
    del data["revision"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Sidan är för gammal för att spara" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.location != "Nora"
