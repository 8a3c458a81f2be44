"""Reads for the calendar pages, the start page and the iCalendar feeds, each in a fixed number of queries."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch

from .documents import MeetingDocument, document_providers
from .models import CalendarAdoption, CalendarSubscription, Meeting, MeetingKind
from .permissions import can_subscribe_to_calendar, can_view_meetings, is_board_member

# How each built-in kind's table looks, as in the seed's "ÅRSPLANERING 2018 SOFINT";
# a kind added in the admin is laid out like the collaboration events.
BOARD_LAYOUT = "board"  # month, theme, date, time
PREPARATORY_LAYOUT = "preparatory"  # month, theme, date
EVENT_LAYOUT = "event"  # what, where, date or date range
LAYOUTS = {MeetingKind.BOARD: BOARD_LAYOUT, MeetingKind.PREPARATORY_GROUP: PREPARATORY_LAYOUT}
BUILTIN_KINDS = (MeetingKind.BOARD, MeetingKind.EVENT, MeetingKind.PREPARATORY_GROUP)


@dataclass
class KindTable:
    """One kind's entries for a year, with the layout its table uses."""

    kind: MeetingKind
    layout: str
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class YearCalendar:
    """A year's årsplanering: one table per kind, the board's adoption, and the years to move between."""

    year: int
    tables: list[KindTable]
    adoption: CalendarAdoption | None
    years: list[int]

    @property
    def is_empty(self) -> bool:
        return not any(table.meetings for table in self.tables)

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def next_year(self) -> int:
        return self.year + 1

    @property
    def next_year_exists(self) -> bool:
        return self.next_year in self.years

    @property
    def nav_years(self) -> list[int]:
        """Return the years to offer: those with entries, and always this one."""
        return sorted(set(self.years) | {self.year})


def calendar_years() -> list[int]:
    """Return every year that has entries or an adopted calendar, in order."""
    years = set(Meeting.objects.values_list("year", flat=True).distinct())
    years.update(CalendarAdoption.objects.values_list("year", flat=True))
    return sorted(years)


def default_year(*, today: datetime.date, years: list[int] | None = None) -> int:
    """Return the year the calendar opens on: this year if it has entries, else the nearest earlier one."""
    years = calendar_years() if years is None else years
    if not years or today.year in years:
        return today.year
    earlier = [year for year in years if year < today.year]
    return earlier[-1] if earlier else years[0]


def year_calendar(*, year: int, years: list[int] | None = None) -> YearCalendar:
    """Return `year`'s årsplanering: the built-in kinds always, other kinds when they have entries.

    Pass `years` (from calendar_years()) when the caller has it already.
    """
    kinds = list(MeetingKind.objects.all())
    meetings = (
        Meeting.objects.for_year(year)
        .select_related("kind")
        .prefetch_related(Prefetch("calendar_adoptions", queryset=CalendarAdoption.objects.order_by("year")))
        .order_by("starts_on", "start_time", "pk")
    )
    by_kind: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_kind.setdefault(meeting.kind_id, []).append(meeting)
    tables = [
        KindTable(kind, LAYOUTS.get(kind.code, EVENT_LAYOUT), by_kind.get(kind.pk, []))
        for kind in kinds
        if kind.code in BUILTIN_KINDS or kind.pk in by_kind
    ]
    adoption = CalendarAdoption.objects.select_related("meeting").filter(year=year).first()
    years = calendar_years() if years is None else years
    return YearCalendar(year=year, tables=tables, adoption=adoption, years=years)


def upcoming_meetings(*, today: datetime.date, limit: int = 5, board_first: bool = False) -> list[Meeting]:
    """Return the next planned entries; with `board_first`, the next board meeting leads the list."""
    upcoming = list(Meeting.objects.upcoming(today=today).select_related("kind")[:limit])
    if board_first:
        board = next((meeting for meeting in upcoming if meeting.kind.code == MeetingKind.BOARD), None)
        if board is None:
            board = Meeting.objects.upcoming(today=today).board().select_related("kind").first()
        if board is not None:
            upcoming = [board] + [meeting for meeting in upcoming if meeting.pk != board.pk][: limit - 1]
    return upcoming


def meeting_get(*, meeting_id: int) -> Meeting:
    """Return one entry with its kind and the calendars adopted at it; raises Meeting.DoesNotExist."""
    return (
        Meeting.objects.select_related("kind")
        .prefetch_related(Prefetch("calendar_adoptions", queryset=CalendarAdoption.objects.order_by("year")))
        .get(pk=meeting_id)
    )


def meeting_documents(*, meeting: Meeting) -> list[MeetingDocument]:
    """Return the documents other apps have sent to `meeting`, oldest first.

    The plans app registers a provider for its plan versions (see meetings/documents.py).
    """
    documents = [document for provider in document_providers() for document in provider(meeting)]
    return sorted(documents, key=lambda document: (document.sent_on or datetime.date.min, document.title))


def adoption_candidates(*, year: int):
    """Return the board meetings that may adopt `year`'s calendar: planned ones the year before."""
    return Meeting.objects.for_year(year - 1).board().planned().select_related("kind").order_by("-starts_on")


def feed_meetings(*, year: int | None = None) -> list[Meeting]:
    """Return the entries a feed shows: all of them, or one year's; cancelled ones included, marked so."""
    meetings = Meeting.objects.select_related("kind").order_by("starts_on", "start_time", "pk")
    if year is not None:
        meetings = meetings.for_year(year)
    return list(meetings)


def feed_fingerprint() -> str:
    """Return a short digest that changes whenever anything a feed shows changes.

    Every write to an entry moves its `updated_at` (auto_now, bulk_create included) and
    deleting one lowers the count; the kinds' names go into each entry's summary. Two small
    queries, whatever the size of the calendar, so a feed can be answered from the cache.
    """
    entries = Meeting.objects.aggregate(count=Count("pk"), changed=Max("updated_at"))
    kinds = list(MeetingKind.objects.order_by("pk").values_list("pk", "code", "name"))
    material = repr((entries["count"], entries["changed"] and entries["changed"].isoformat(), kinds))
    return hashlib.sha256(material.encode()).hexdigest()[:32]


def subscription_get(*, user) -> CalendarSubscription | None:
    return CalendarSubscription.objects.filter(user=user).first()


def subscription_authenticate(*, key: str, secret: str):
    """Return the active user whose feed address this is, or None.

    The key finds the row; the secret is compared in constant time. A wrong key and a
    wrong secret look the same to the caller.
    """
    subscription = CalendarSubscription.objects.select_related("user").filter(key=key).first()
    if subscription is None:
        # Compare anyway so a wrong key takes as long as a wrong secret.
        secrets.compare_digest(secret.encode(), secrets.token_urlsafe(32).encode())
        return None
    if not secrets.compare_digest(secret.encode(), subscription.secret.encode()):
        return None
    return subscription.user if subscription.user.is_active else None


@dataclass
class SubscriptionOffer:
    """What a user's account page offers of the calendar feed: nothing, a feed to create, or theirs."""

    can_subscribe: bool
    subscription: CalendarSubscription | None = None


def subscription_offer(*, user) -> SubscriptionOffer:
    """Return whether `user` may subscribe to the calendar, with their feed when they have one."""
    if not can_subscribe_to_calendar(user):
        return SubscriptionOffer(can_subscribe=False)
    return SubscriptionOffer(can_subscribe=True, subscription=subscription_get(user=user))


@dataclass
class UpcomingMeetings:
    """The coming meetings the start page lists for one user; `visible` is False when they may not read them."""

    visible: bool
    board_first: bool = False
    meetings: list[Meeting] = field(default_factory=list)
    latest_year: int | None = None  # when nothing is planned: the last year that has a calendar


def upcoming_for_user(*, user, today: datetime.date, limit: int = 5) -> UpcomingMeetings:
    """Return the next planned entries `user` may read; board members get the next board meeting first."""
    if not can_view_meetings(user):
        return UpcomingMeetings(visible=False)
    board_first = is_board_member(user)
    meetings = upcoming_meetings(today=today, limit=limit, board_first=board_first)
    years = [] if meetings else calendar_years()
    return UpcomingMeetings(
        visible=True, board_first=board_first, meetings=meetings, latest_year=years[-1] if years else None
    )


def board_meetings_in(*, years: list[int]):
    """Return the board meetings dated in `years`, in date order (a queryset, for a form's choice field)."""
    return Meeting.objects.board().filter(starts_on__year__in=years).order_by("starts_on")


def year_has_entries(*, year: int) -> bool:
    """Return True when `year`'s årsplanering has any entry."""
    return Meeting.objects.for_year(year).exists()
