import datetime

import pytest

from meetings import selectors, services
from meetings.documents import MeetingDocument, register_document_provider
from meetings.models import Meeting, MeetingKind
from tests.meetings.factories import MeetingFactory, grow_meetings

D = datetime.date

# The seed's "ÅRSPLANERING 2018 SOFINT", table by table, as the year page shows it (sorted by date).
SEED_BOARD = [
    ("Februari", "HELÅRSREDOVISNING", "2018-02-09", "HELDAG"),
    ("Mars", "ÅRSREDOVISNING", "2018-03-23", "09.30–12.00"),
    ("Juni", "UPPFÖLJNING", "2018-06-01", "09.30–12.00"),
    ("September", "HALVÅRSRAPPORT", "2018-09-07", "HELDAG"),
    ("Oktober", "PLANERING", "2018-10-12", "09.30–12.00"),
    ("November", "INTERNSTYRNING & KONTROLLPLAN", "2018-11-30", ""),
]
SEED_EVENTS = [
    ("Mässa, mingel & föreläsningar", "ÖREBRO", "2017-10-24"),
    ("SUS-rapportering", "VERKSAMHET, LINDESBERG", "2018-01-11"),
    ("SUS-rapportering", "BUDGET, LINDESBERG", "2018-01-24"),
    ("Medlemssamråd", "CITY KONFERENS CENTER ÖREBRO", "2018-04-04"),
    ("Finsamkonferensen", "GÖTEBORG", "2018-04-17/18"),
    ("Lindedagen", "LINDESBERG", "2018-05-16"),
    ("Psykiatriveckan", "LINDESBERG, LJUSNARSBERG, NORA , HÄLLEFORS", "12–15 november 2018"),
]
SEED_PREPARATORY = [
    ("Januari", "HELÅRSREDOVINSNING", "2018-01-30"),
    ("Mars", "ÅRSREDOVISNING", "2018-03-13"),
    ("Maj", "UPPFÖLJNING", "2018-05-22"),
    ("Augusti", "HALVÅRSRAPPORT", "2018-08-28"),
    ("Oktober", "PLANERING", "2018-10-02"),
    ("November", "INTERNSTYRNING & KONTROLLPLAN", "2018-11-20"),
]


def test_year_2018_is_the_seeds_arsplanering(demo):
    calendar = selectors.year_calendar(year=2018)
    tables = {table.kind.code: table for table in calendar.tables}
    assert [table.kind.code for table in calendar.tables] == ["styrelsemote", "samverkan", "beredningsgrupp"]
    assert [(m.month_label, m.title, m.date_label, m.time_label) for m in tables["styrelsemote"].meetings] == SEED_BOARD
    assert [(m.title, m.location, m.date_label) for m in tables["samverkan"].meetings] == SEED_EVENTS
    assert [(m.month_label, m.title, m.date_label) for m in tables["beredningsgrupp"].meetings] == SEED_PREPARATORY
    assert [table.layout for table in calendar.tables] == ["board", "event", "preparatory"]
    assert calendar.adoption is None
    assert calendar.years == [2018, 2019]


def test_year_2019_was_adopted_at_the_november_board_meeting(demo):
    calendar = selectors.year_calendar(year=2019)
    assert sum(len(table.meetings) for table in calendar.tables) == 19
    assert calendar.adoption.adopted_on == D(2018, 11, 30)
    assert calendar.adoption.meeting.title == "INTERNSTYRNING & KONTROLLPLAN"


def test_a_kind_added_in_the_admin_gets_a_table_when_it_has_entries(db):
    extra = MeetingKind.objects.create(code="handlaggarsamverkan", name="Handläggarsamverkan", order=4)
    assert "handlaggarsamverkan" not in [t.kind.code for t in selectors.year_calendar(year=2018).tables]
    MeetingFactory(kind=extra, starts_on=D(2018, 9, 4))
    table = selectors.year_calendar(year=2018).tables[-1]
    assert (table.kind, table.layout, len(table.meetings)) == (extra, "event", 1)


def test_year_calendar_queries_do_not_grow(demo, django_assert_num_queries):
    with django_assert_num_queries(6):
        selectors.year_calendar(year=2018)
    grow_meetings(factor=20)
    with django_assert_num_queries(6):
        calendar = selectors.year_calendar(year=2018)
    assert sum(len(table.meetings) for table in calendar.tables) == 19 * 20


def test_default_year_is_this_year_or_the_nearest_earlier_one():
    assert selectors.default_year(today=D(2026, 11, 23), years=[2018, 2019]) == 2019
    assert selectors.default_year(today=D(2018, 5, 1), years=[2018, 2019]) == 2018
    assert selectors.default_year(today=D(2017, 5, 1), years=[2018, 2019]) == 2018
    assert selectors.default_year(today=D(2017, 5, 1), years=[]) == 2017


@pytest.mark.django_db
def test_upcoming_lists_planned_entries_and_puts_the_board_first_for_board_members(empty_calendar):
    today = D(2018, 3, 1)
    event = MeetingKind.objects.get(code=MeetingKind.EVENT)
    MeetingFactory(title="Gammalt", starts_on=D(2018, 2, 9))
    running = MeetingFactory(kind=event, title="Pågår", starts_on=D(2018, 2, 27), ends_on=D(2018, 3, 2))
    soon = MeetingFactory(kind=event, title="Snart", starts_on=D(2018, 3, 5))
    MeetingFactory(kind=event, title="Inställt", starts_on=D(2018, 3, 6), status=Meeting.Status.CANCELLED)
    others = [MeetingFactory(kind=event, title=f"Event {n}", starts_on=D(2018, 4, n + 1)) for n in range(5)]
    board = MeetingFactory(title="ÅRSREDOVISNING", starts_on=D(2018, 6, 1))
    assert selectors.upcoming_meetings(today=today, limit=4) == [running, soon, others[0], others[1]]
    first = selectors.upcoming_meetings(today=today, limit=4, board_first=True)
    assert first == [board, running, soon, others[0]]


@pytest.mark.django_db
def test_meeting_documents_come_from_registered_providers(monkeypatch):
    meeting = MeetingFactory()
    assert selectors.meeting_documents(meeting=meeting) == []

    def provider(for_meeting):
        return [
            MeetingDocument(title="Verksamhetsplan 2019, version 2", url="/b", sent_on=D(2018, 11, 20)),
            MeetingDocument(title="Verksamhetsplan 2019, version 1", url="/a", sent_on=D(2018, 11, 1)),
        ]

    monkeypatch.setattr("meetings.documents._providers", [])
    register_document_provider(provider)
    titles = [document.title for document in selectors.meeting_documents(meeting=meeting)]
    assert titles == ["Verksamhetsplan 2019, version 1", "Verksamhetsplan 2019, version 2"]


@pytest.mark.django_db
def test_subscription_authenticate():
    from meetings import services
    from tests.core.factories import UserFactory

    user = UserFactory()
    subscription = services.subscription_regenerate(user=user)
    assert selectors.subscription_authenticate(key=subscription.key, secret=subscription.secret) == user
    assert selectors.subscription_authenticate(key=subscription.key, secret="x" * 43) is None
    assert selectors.subscription_authenticate(key="nope", secret=subscription.secret) is None
    assert selectors.subscription_authenticate(key=subscription.key, secret="") is None


@pytest.mark.django_db
def test_upcoming_for_a_user_is_hidden_from_those_who_may_not_read_the_calendar(users):
    today = D(2018, 3, 1)
    assert selectors.upcoming_for_user(user=users["utan_roll"], today=today) == selectors.UpcomingMeetings(
        visible=False
    )
    board = selectors.upcoming_for_user(user=users["styrelse"], today=today)
    assert board.visible and board.board_first and board.meetings[0].kind.code == MeetingKind.BOARD
    assert not selectors.upcoming_for_user(user=users["ekonom"], today=today).board_first


@pytest.mark.django_db
def test_with_nothing_planned_the_upcoming_list_names_the_last_calendar_year(users):
    upcoming = selectors.upcoming_for_user(user=users["ekonom"], today=D(2030, 1, 1))
    assert (upcoming.visible, upcoming.meetings, upcoming.latest_year) == (True, [], 2019)


@pytest.mark.django_db
def test_the_subscription_offer_follows_who_may_subscribe(users):
    assert selectors.subscription_offer(user=users["utan_roll"]) == selectors.SubscriptionOffer(can_subscribe=False)
    assert selectors.subscription_offer(user=users["styrelse"]) == selectors.SubscriptionOffer(can_subscribe=True)
    subscription = services.subscription_regenerate(user=users["styrelse"])
    assert selectors.subscription_offer(user=users["styrelse"]).subscription == subscription
