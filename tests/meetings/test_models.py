import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from meetings.models import CalendarAdoption, Meeting, MeetingKind
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def board():
    return MeetingKind.objects.get(code=MeetingKind.BOARD)


def test_builtin_kinds_exist_and_are_found_by_code():
    assert set(MeetingKind.objects.values_list("code", flat=True)) >= {"styrelsemote", "samverkan", "beredningsgrupp"}
    assert MeetingKind.objects.get_by_natural_key("samverkan").name == "Samverkan och evenemang"


def test_end_before_start_is_refused_in_swedish():
    meeting = Meeting(kind=board(), title="X", starts_on=datetime.date(2018, 4, 18), ends_on=datetime.date(2018, 4, 17))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict["ends_on"] == ["Slutdatumet kan inte ligga före startdatumet."]


def test_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(starts_on=datetime.date(2018, 4, 18), ends_on=datetime.date(2018, 4, 17))


def test_end_time_without_start_time_is_refused_in_swedish():
    meeting = Meeting(kind=board(), title="X", starts_on=datetime.date(2018, 3, 23), end_time=datetime.time(12))
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict["end_time"] == ["Ange en starttid när du anger en sluttid."]


def test_end_time_without_start_time_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(end_time=datetime.time(12))


def test_end_time_before_start_time_on_one_day_is_refused():
    meeting = Meeting(
        kind=board(),
        title="X",
        starts_on=datetime.date(2018, 3, 23),
        start_time=datetime.time(12),
        end_time=datetime.time(9, 30),
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert error.value.message_dict["end_time"] == ["Sluttiden måste ligga efter starttiden."]


def test_all_day_has_no_times():
    meeting = Meeting(
        kind=board(), title="X", starts_on=datetime.date(2018, 2, 9), all_day=True, start_time=datetime.time(9)
    )
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "all_day" in error.value.message_dict


def test_year_defaults_to_the_year_of_the_date_and_one_day_span_is_one_day():
    meeting = Meeting(kind=board(), title="X", starts_on=datetime.date(2018, 2, 9), ends_on=datetime.date(2018, 2, 9))
    meeting.full_clean()
    assert meeting.year == 2018
    assert meeting.ends_on is None


def test_an_entry_may_belong_to_another_years_plan():
    """The seed's 2018 plan lists a fair on 2017-10-24."""
    meeting = Meeting(kind=board(), title="Mässa", starts_on=datetime.date(2017, 10, 24), year=2018)
    meeting.full_clean()
    assert meeting.year == 2018


def test_labels_as_the_arsplanering_writes_them():
    meeting = MeetingFactory(
        starts_on=datetime.date(2018, 3, 23), start_time=datetime.time(9, 30), end_time=datetime.time(12)
    )
    assert (meeting.month_label, meeting.date_label, meeting.time_label) == ("Mars", "2018-03-23", "09.30–12.00")
    assert MeetingFactory(all_day=True).time_label == "HELDAG"
    assert MeetingFactory().time_label == ""


def test_adoption_needs_a_board_meeting_the_year_before(empty_calendar):
    event = MeetingFactory(kind=MeetingKind.objects.get(code=MeetingKind.EVENT), starts_on=datetime.date(2018, 11, 30))
    same_year = MeetingFactory(starts_on=datetime.date(2019, 1, 30))
    cancelled = MeetingFactory(starts_on=datetime.date(2018, 11, 30), status=Meeting.Status.CANCELLED)
    for meeting in (event, same_year, cancelled):
        with pytest.raises(ValidationError) as error:
            CalendarAdoption(year=2019, meeting=meeting).full_clean()
        assert "meeting" in error.value.message_dict
    CalendarAdoption(year=2019, meeting=MeetingFactory(starts_on=datetime.date(2018, 11, 30))).full_clean()
