"""The calendar as RFC 5545 iCalendar, for subscriptions (Outlook, Google Calendar, phones) and downloads."""

import datetime
import logging
import zoneinfo
from collections.abc import Callable, Iterable

from django.conf import settings
from icalendar import Calendar, Event

from core.domain import date_range

from .models import Meeting

PRODID = "-//sofint//Kalendarium//SV"
ONE_DAY = datetime.timedelta(days=1)

# Never log the feed's address: it carries the subscriber's secret.
logger = logging.getLogger("sofint.calendar")


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def meeting_event(meeting: Meeting, *, url: str | None = None) -> Event:
    """Return `meeting` as a VEVENT.

    All-day entries, and entries with no time set, are DATE values with an exclusive
    DTEND (the day after the last day). Timed entries are local times in the
    förbund's time zone; a one-day entry with only a start time has no DTEND and so,
    per RFC 5545, takes no time. The UID never changes; SEQUENCE is raised by the services on every
    change a subscriber would see; DTSTAMP is when the entry was last changed.
    """
    event = Event()
    event.add("uid", str(meeting.uid))
    changed = meeting.updated_at.astimezone(datetime.UTC)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("sequence", meeting.sequence)
    event.add("summary", _summary(meeting))
    if meeting.all_day or meeting.start_time is None:
        event.add("dtstart", meeting.starts_on)
        event.add("dtend", meeting.last_day + ONE_DAY)
    else:
        zone = local_zone()
        event.add("dtstart", datetime.datetime.combine(meeting.starts_on, meeting.start_time, tzinfo=zone))
        if meeting.end_time is not None:
            event.add("dtend", datetime.datetime.combine(meeting.last_day, meeting.end_time, tzinfo=zone))
        elif meeting.is_multi_day:
            # No end time, but several days: it lasts until the end of its last day.
            event.add("dtend", datetime.datetime.combine(meeting.last_day + ONE_DAY, datetime.time(0), tzinfo=zone))
    if meeting.location:
        event.add("location", meeting.location)
    if meeting.description:
        event.add("description", meeting.description)
    event.add("categories", [meeting.kind.name])
    # iCalendar has no "held" for an event (RFC 5545: TENTATIVE, CONFIRMED, CANCELLED): a held meeting
    # stays CONFIRMED, and the feed does not change as days pass (its fingerprint stays the same).
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE" if meeting.kind.code == meeting.kind.BOARD else "TRANSPARENT")
    if url:
        event.add("url", url)
    return event


def is_writable(meeting: Meeting) -> bool:
    """Return whether `meeting`'s dates lie within the years the förbund can mean.

    The model refuses other dates, but a row written around it (a queryset update, a
    restore, an older version) must not take every subscriber's calendar down with it:
    9999-12-31 has no day after it for DTEND, and no time zone rules are written for it.
    """
    first, last = date_range()
    return first <= meeting.starts_on <= last and first <= meeting.last_day <= last


def _summary(meeting: Meeting) -> str:
    # "Styrelsemöte: HELÅRSREDOVISNING" reads well in a phone's day view; an event's own name is enough.
    if meeting.kind.code == meeting.kind.EVENT:
        return meeting.title
    return f"{meeting.kind.name}: {meeting.title}"


def render_calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    url_for: Callable[[Meeting], str] | None = None,
) -> bytes:
    """Return `meetings` as one VCALENDAR, with the VTIMEZONE its timed entries use.

    An entry dated outside the förbund's years is left out, with a warning naming the
    entry (never the address the feed was asked for).
    """
    meetings = list(meetings)
    skipped = [meeting for meeting in meetings if not is_writable(meeting)]
    for meeting in skipped:
        logger.warning(
            "Calendar entry %s (uid %s) left out of a calendar: its dates %s–%s are outside the förbund's years",
            meeting.pk,
            meeting.uid,
            meeting.starts_on,
            meeting.last_day,
        )
    if skipped:
        meetings = [meeting for meeting in meetings if is_writable(meeting)]
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    # Ask subscribing clients to look again every few hours (RFC 7986 and Outlook's older name for it).
    calendar.add("refresh-interval", datetime.timedelta(hours=4), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT4H")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url=url_for(meeting) if url_for else None))
    if meetings:
        # The VTIMEZONE covers the years the entries span, so it stays short.
        first = min(meeting.starts_on for meeting in meetings).replace(month=1, day=1)
        last = max(meeting.last_day for meeting in meetings).replace(month=12, day=31) + ONE_DAY
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
