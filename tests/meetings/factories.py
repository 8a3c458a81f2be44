"""Factories for calendar entries, and a way to multiply the demo calendar for query-count checks."""

import datetime

import factory

from meetings.models import CalendarAdoption, Meeting, MeetingKind


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    kind = factory.LazyFunction(lambda: MeetingKind.objects.get(code=MeetingKind.BOARD))
    title = factory.Sequence(lambda n: f"Möte {n}")
    starts_on = datetime.date(2018, 3, 23)
    year = factory.LazyAttribute(lambda o: o.starts_on.year)


def grow_meetings(*, factor: int) -> None:
    """Add (factor - 1) copies of every demo entry and adoption, so each year holds `factor` times as much."""
    originals = list(Meeting.objects.select_related("kind").order_by("pk"))
    adoptions = list(CalendarAdoption.objects.order_by("pk"))
    copies = []
    for copy in range(1, factor):
        for meeting in originals:
            copies.append(
                Meeting(
                    kind=meeting.kind,
                    title=f"{meeting.title} ({copy})",
                    year=meeting.year,
                    starts_on=meeting.starts_on,
                    ends_on=meeting.ends_on,
                    all_day=meeting.all_day,
                    start_time=meeting.start_time,
                    end_time=meeting.end_time,
                    location=meeting.location,
                    status=Meeting.Status.CANCELLED if copy % 5 == 0 else meeting.status,
                )
            )
    Meeting.objects.bulk_create(copies)
    # Adopted calendars for other years, adopted at copies of the adopting meetings.
    for adoption in adoptions:
        for copy in range(1, factor):
            meeting = Meeting.objects.filter(
                title=f"{adoption.meeting.title} ({copy})", starts_on=adoption.meeting.starts_on
            ).first()
            CalendarAdoption.objects.create(year=adoption.year + 100 + copy, meeting=meeting)
    # And one future meeting per copy, so the start page's upcoming list is full.
    today = datetime.date.today()
    kinds = list(MeetingKind.objects.all())
    Meeting.objects.bulk_create(
        Meeting(
            kind=kinds[copy % len(kinds)],
            title=f"Kommande {copy}",
            year=today.year + 1,
            starts_on=today + datetime.timedelta(days=30 + copy),
        )
        for copy in range(factor)
    )
