import datetime

import pytest
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import CalendarAdoption, Meeting, MeetingKind
from tests.core.factories import UserFactory
from tests.meetings.factories import MeetingFactory

D = datetime.date


def kind(code=MeetingKind.BOARD):
    return MeetingKind.objects.get(code=code)


@pytest.mark.django_db
def test_create_sets_year_from_the_date_and_starts_at_sequence_zero():
    meeting = services.meeting_create(kind=kind(), title="PLANERING", starts_on=D(2018, 10, 12))
    assert (meeting.year, meeting.sequence, meeting.status) == (2018, 0, Meeting.Status.PLANNED)


@pytest.mark.django_db
def test_create_refuses_what_clean_refuses(empty_calendar):
    with pytest.raises(ValidationError):
        services.meeting_create(kind=kind(), title="X", starts_on=D(2018, 4, 18), ends_on=D(2018, 4, 17))
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_update_raises_sequence_only_when_a_subscriber_would_see_it():
    meeting = services.meeting_create(kind=kind(), title="PLANERING", starts_on=D(2018, 10, 12))
    uid = meeting.uid
    same = services.meeting_update(meeting=meeting, data={"title": "PLANERING", "starts_on": D(2018, 10, 12)})
    assert same.sequence == 0
    moved = services.meeting_update(meeting=meeting, data={"starts_on": D(2018, 10, 19)})
    assert (moved.sequence, moved.uid, moved.starts_on) == (1, uid, D(2018, 10, 19))
    renamed = services.meeting_update(meeting=moved, data={"title": "PLANERING 2019", "location": "Lindesberg"})
    assert renamed.sequence == 2
    # An end date equal to the start date is no change at all once clean() has normalised it.
    assert services.meeting_update(meeting=renamed, data={"ends_on": D(2018, 10, 19)}).sequence == 2


@pytest.mark.django_db
def test_update_compares_with_the_stored_row_not_the_form_instance():
    meeting = services.meeting_create(kind=kind(), title="PLANERING", starts_on=D(2018, 10, 12))
    meeting.title = "ÄNDRAD"  # what a ModelForm does to its instance before the view calls the service
    assert services.meeting_update(meeting=meeting, data={"title": "ÄNDRAD"}).sequence == 1


@pytest.mark.django_db
def test_update_refuses_invalid_changes_and_unknown_fields():
    meeting = services.meeting_create(kind=kind(), title="X", starts_on=D(2018, 10, 12))
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, data={"ends_on": D(2018, 10, 1)})
    with pytest.raises(ValueError, match="uid"):
        services.meeting_update(meeting=meeting, data={"uid": "x"})
    meeting.refresh_from_db()
    assert (meeting.ends_on, meeting.sequence) == (None, 0)


@pytest.mark.django_db
def test_cancel_and_reinstate_raise_sequence():
    meeting = services.meeting_create(kind=kind(), title="X", starts_on=D(2018, 10, 12))
    cancelled = services.meeting_cancel(meeting=meeting)
    assert (cancelled.status, cancelled.sequence) == (Meeting.Status.CANCELLED, 1)
    assert services.meeting_cancel(meeting=cancelled).sequence == 1  # cancelling twice changes nothing
    reinstated = services.meeting_reinstate(meeting=cancelled)
    assert (reinstated.status, reinstated.sequence) == (Meeting.Status.PLANNED, 2)


@pytest.mark.parametrize(
    ("day", "moved"),
    [
        (D(2018, 2, 9), D(2019, 2, 8)),  # Friday, week 6
        (D(2018, 6, 1), D(2019, 5, 31)),  # Friday, week 22: the copy moves to May
        (D(2018, 11, 30), D(2019, 11, 29)),
        (D(2017, 10, 24), D(2018, 10, 23)),
        (D(2020, 12, 31), D(2021, 12, 30)),  # Thursday of week 53; 2021 has no week 53
        (D(2018, 12, 31), D(2019, 12, 30)),  # Monday of ISO week 1 of 2019, still a 2018 date
        (D(2021, 1, 1), D(2022, 1, 7)),  # Friday of 2020's week 53: kept in 2022, not moved back to 2021
    ],
)
def test_same_week_next_year(day, moved):
    assert services.same_week_next_year(day) == moved
    assert moved.isoweekday() == day.isoweekday()


def test_same_week_next_year_keeps_weekday_week_and_year_for_every_day_of_forty_years():
    day = D(2000, 1, 1)
    while day < D(2040, 1, 1):
        moved = services.same_week_next_year(day)
        assert moved.isoweekday() == day.isoweekday(), day
        assert moved.year == day.year + 1, day
        week, moved_week = day.isocalendar().week, moved.isocalendar().week
        if 1 < week < 52:  # around New Year the calendar year wins over the ISO week
            assert moved_week == week, day
        day += datetime.timedelta(days=1)


@pytest.mark.django_db
def test_copy_makes_next_years_calendar_on_the_same_weekday_of_the_same_week(empty_calendar):
    board = MeetingFactory(title="HELÅRSREDOVISNING", starts_on=D(2018, 2, 9), all_day=True)
    span = MeetingFactory(
        kind=kind(MeetingKind.EVENT),
        title="Psykiatriveckan",
        starts_on=D(2018, 11, 12),
        ends_on=D(2018, 11, 15),
        location="LINDESBERG",
    )
    MeetingFactory(title="Inställt", starts_on=D(2018, 5, 4), status=Meeting.Status.CANCELLED)
    copies = {copy.title: copy for copy in services.calendar_copy_to_next_year(year=2018)}
    assert set(copies) == {"HELÅRSREDOVISNING", "Psykiatriveckan"}  # cancelled entries are not copied
    copy = copies["HELÅRSREDOVISNING"]
    assert (copy.starts_on, copy.year, copy.all_day, copy.sequence) == (D(2019, 2, 8), 2019, True, 0)
    assert copy.uid != board.uid
    week = copies["Psykiatriveckan"]
    assert (week.starts_on, week.ends_on, week.location) == (D(2019, 11, 11), D(2019, 11, 14), span.location)


@pytest.mark.django_db
def test_copy_is_refused_when_next_year_has_entries_or_this_year_has_none(empty_calendar):
    MeetingFactory(starts_on=D(2018, 2, 9))
    with pytest.raises(ValidationError, match="inga planerade möten"):
        services.calendar_copy_to_next_year(year=2015)
    services.calendar_copy_to_next_year(year=2018)
    with pytest.raises(ValidationError, match="har redan möten"):
        services.calendar_copy_to_next_year(year=2018)
    assert Meeting.objects.for_year(2019).count() == 1


def test_demo_2019_is_the_copy_of_2018(demo):
    """The demo's 2019 calendar is what the copy rule makes of 2018, and was adopted 2018-11-30."""
    assert CalendarAdoption.objects.get(year=2019).meeting.starts_on == D(2018, 11, 30)
    demo_2019 = {(m.kind_id, m.title, m.starts_on, m.ends_on) for m in Meeting.objects.for_year(2019)}
    CalendarAdoption.objects.all().delete()
    Meeting.objects.for_year(2019).delete()
    copied = {(m.kind_id, m.title, m.starts_on, m.ends_on) for m in services.calendar_copy_to_next_year(year=2018)}
    assert copied == demo_2019
    assert len(copied) == 19


@pytest.mark.django_db
def test_adopt_records_the_board_meeting(empty_calendar):
    MeetingFactory(starts_on=D(2019, 2, 8))
    november = MeetingFactory(title="INTERNSTYRNING & KONTROLLPLAN", starts_on=D(2018, 11, 30))
    adoption = services.calendar_adopt(year=2019, meeting=november, acting_user=None)
    assert (adoption.year, adoption.adopted_on) == (2019, D(2018, 11, 30))
    with pytest.raises(ValidationError):
        services.calendar_adopt(year=2019, meeting=november, acting_user=None)  # once per year


@pytest.mark.django_db
def test_adopt_is_refused_for_an_empty_year_or_a_wrong_meeting(empty_calendar):
    november = MeetingFactory(starts_on=D(2018, 11, 30))
    with pytest.raises(ValidationError, match="inga möten"):
        services.calendar_adopt(year=2019, meeting=november, acting_user=None)
    MeetingFactory(starts_on=D(2019, 2, 8))
    event = MeetingFactory(kind=kind(MeetingKind.EVENT), starts_on=D(2018, 11, 12))
    with pytest.raises(ValidationError, match="styrelsemöte"):
        services.calendar_adopt(year=2019, meeting=event, acting_user=None)
    assert not CalendarAdoption.objects.exists()


@pytest.mark.django_db
def test_regenerate_gives_a_new_secret_of_at_least_128_bits():
    user = UserFactory()
    first = services.subscription_regenerate(user=user)
    old_key, old_secret = first.key, first.secret
    assert len(old_secret) >= 43  # 32 random bytes in URL-safe base64: 256 bits
    second = services.subscription_regenerate(user=user)
    assert second.pk == first.pk
    assert second.secret != old_secret
    assert second.key != old_key


@pytest.mark.django_db
def test_changing_only_the_plan_year_moves_the_table_row_but_not_the_feed():
    meeting = services.meeting_create(kind=kind(), title="X", starts_on=D(2017, 10, 24))
    moved = services.meeting_update(meeting=meeting, data={"year": 2018})
    assert (moved.year, moved.sequence) == (2018, 0)
