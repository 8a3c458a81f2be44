"""A meeting's shown state follows the calendar: held once its day has passed, never stored."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Meeting, MeetingKind
from meetings.selectors import adoption_candidates
from plans.models import Plan
from plans.selectors import plan_document
from tests.helpers import STOCKHOLM
from tests.meetings.factories import MeetingFactory, grow_meetings

pytestmark = pytest.mark.django_db

D = datetime.date
# A day in the demo's 2018 calendar: the board met on 2018-03-23, meets next on 2018-06-01.
TODAY = datetime.datetime(2018, 5, 15, 9, tzinfo=STOCKHOLM)


def clock(moment=TODAY):
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "status", "state"),
    [
        (D(2018, 5, 14), None, Meeting.Status.PLANNED, Meeting.State.HELD),
        (D(2018, 5, 15), None, Meeting.Status.PLANNED, Meeting.State.TODAY),
        (D(2018, 5, 16), None, Meeting.Status.PLANNED, Meeting.State.PLANNED),
        (D(2018, 5, 14), D(2018, 5, 16), Meeting.Status.PLANNED, Meeting.State.ONGOING),
        (D(2018, 5, 12), D(2018, 5, 14), Meeting.Status.PLANNED, Meeting.State.HELD),
        (D(2018, 5, 14), None, Meeting.Status.CANCELLED, Meeting.State.CANCELLED),
        (D(2018, 5, 16), None, Meeting.Status.CANCELLED, Meeting.State.CANCELLED),
    ],
)
def test_the_state_is_read_from_the_day(starts_on, ends_on, status, state):
    meeting = Meeting(starts_on=starts_on, ends_on=ends_on, status=status)
    assert meeting.state_on(D(2018, 5, 15)) == state
    with clock():
        assert meeting.state == state and meeting.state_label == state.label


def meeting_page(client, meeting) -> str:
    return client.get(meeting.get_absolute_url()).content.decode()


def test_the_meeting_page_shows_held_cancelled_planned_and_today(client_for):
    client = client_for("styrelse")
    yesterday = MeetingFactory(title="I GÅR", starts_on=D(2018, 5, 14))
    cancelled = MeetingFactory(title="INSTÄLLT", starts_on=D(2018, 5, 14), status=Meeting.Status.CANCELLED)
    coming = MeetingFactory(title="KOMMANDE", starts_on=D(2018, 5, 16))
    today = MeetingFactory(title="I DAG", starts_on=D(2018, 5, 15))
    with clock():
        assert '<dd class="col-sm-9" id="meeting-state">Genomfört</dd>' in meeting_page(client, yesterday)
        assert '<dd class="col-sm-9" id="meeting-state">Inställt</dd>' in meeting_page(client, cancelled)
        assert '<dd class="col-sm-9" id="meeting-state">Planerat</dd>' in meeting_page(client, coming)
        assert '<dd class="col-sm-9" id="meeting-state">I dag</dd>' in meeting_page(client, today)
    # The day passing changes nothing stored: the meeting is still planned in the database.
    yesterday.refresh_from_db()
    assert yesterday.status == Meeting.Status.PLANNED


def test_every_demo_meeting_of_2018_is_held_today(client_for):
    """The real today (after 2018): no demo meeting of 2018 says Planerat, the cancelled ones Inställt."""
    client = client_for("styrelse")
    for meeting in Meeting.objects.for_year(2018):
        page = meeting_page(client, meeting)
        expected = "Inställt" if meeting.is_cancelled else "Genomfört"
        assert f'id="meeting-state">{expected}</dd>' in page, meeting


def test_the_year_page_marks_held_entries_and_today(client_for):
    MeetingFactory(title="STÄLLS IN", starts_on=D(2018, 9, 14), status=Meeting.Status.CANCELLED)
    MeetingFactory(title="PÅ MÖTESDAGEN", starts_on=D(2018, 5, 15))
    with clock():
        page = client_for("styrelse").get(reverse("meetings:year", kwargs={"year": 2018})).content.decode()
    held, rest = page.split("PÅ MÖTESDAGEN", 1)
    # 2018-03-23 HELÅRSREDOVISNING was held; the board meeting of 2018-06-01 is still to come.

    def cell(text: str, after: str) -> str:
        return text.split(after, 1)[1].split("</td>", 1)[0].strip()

    assert cell(held, "HELÅRSREDOVISNING") == '</a> <span class="badge text-bg-secondary">Genomfört</span>'
    assert rest.split("</td>", 1)[0].strip() == '</a> <span class="badge text-bg-primary">I dag</span>'
    assert cell(rest, "UPPFÖLJNING") == "</a>"  # planned: no badge
    assert '<span class="badge text-bg-danger">Inställt</span>' in page


def test_the_plans_calendar_marks_the_cancelled_only(client_for):
    """The plan's calendar is the year as planned: its versions would otherwise say "genomfört" as of when
    they were rendered (the demo's adopted 2018 version is rendered today)."""
    MeetingFactory(title="STÄLLS IN", starts_on=D(2018, 9, 14), year=2018, status=Meeting.Status.CANCELLED)
    MeetingFactory(title="PÅ MÖTESDAGEN", starts_on=D(2018, 5, 15), year=2018)
    plan = Plan.objects.get(first_year=2018)
    with clock():
        blocks = [section.block_html for section in plan_document(plan).sections]
    calendar = next(html for html in blocks if "HELDAG" in html)
    assert "HELÅRSREDOVISNING</td>" in calendar and "genomfört" not in calendar
    assert "STÄLLS IN (inställt)" in calendar
    assert "PÅ MÖTESDAGEN</td>" in calendar and "I dag" not in calendar
    assert "UPPFÖLJNING</td>" in calendar  # 2018-06-01, still planned


def test_the_admin_list_shows_the_state(client_for):
    held = MeetingFactory(title="ADMINLISTAN", starts_on=D(2018, 5, 14))
    with clock():
        page = client_for("forbundschef").get(reverse("admin:meetings_meeting_changelist")).content.decode()
    row = page.split("ADMINLISTAN", 1)[1].split("</tr>", 1)[0]
    assert '<td class="field-state_display">Genomfört</td>' in row
    assert held.status == Meeting.Status.PLANNED


def test_planned_and_upcoming_read_the_stored_status_not_the_day():
    """planned() keeps every entry not cancelled (the year copy and adoption candidates need the held ones);
    upcoming() leaves out the held ones by their date."""
    held = MeetingFactory(title="HÖLLS", starts_on=D(2018, 5, 14))
    cancelled = MeetingFactory(title="STÄLLDES IN", starts_on=D(2018, 5, 20), status=Meeting.Status.CANCELLED)
    planned = set(Meeting.objects.planned())
    assert held in planned and cancelled not in planned
    upcoming = set(Meeting.objects.upcoming(today=D(2018, 5, 15)))
    assert held not in upcoming and cancelled not in upcoming
    assert held in set(adoption_candidates(year=2019))  # a held board meeting may adopt next year's calendar


@pytest.mark.parametrize("name", ["meetings:year", "meetings:calendar", "admin:meetings_meeting_changelist"])
def test_the_calendar_pages_queries_do_not_grow(name, client_for, django_assert_max_num_queries):
    client = client_for("forbundschef")
    path = reverse(name, kwargs={"year": 2018}) if name == "meetings:year" else reverse(name)
    with clock():
        with CaptureQueriesContext(connection) as at_1x:
            assert client.get(path).status_code == 200
        grow_meetings(factor=20)
        MeetingFactory.create_batch(20, kind=MeetingKind.objects.get(code=MeetingKind.EVENT), starts_on=D(2018, 5, 15))
        with django_assert_max_num_queries(len(at_1x)):
            assert client.get(path).status_code == 200


def test_the_start_pages_coming_meetings_mark_the_one_today(client_for):
    MeetingFactory(title="PÅ MÖTESDAGEN", starts_on=D(2018, 5, 15), year=2018)
    with clock():
        page = client_for("styrelse").get("/").content.decode()
    coming = page.split('id="card-upcoming"', 1)[1].split("</ul>", 1)[0]
    assert 'PÅ MÖTESDAGEN</a> <span class="badge text-bg-primary">I dag</span>' in coming
    assert "Genomfört" not in coming  # held meetings are not coming
