"""Writes to the calendar: meetings, next year's copy, the board's adoption, personal feeds.

A meeting edited from a form opened before someone else's save is refused (core.revisions);
the board's adoption of a year's calendar is recorded in the audit trail.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import formatting
from core.domain import year_in_range, year_range
from core.history import bulk_create_with_changes
from core.models import AuditEvent
from core.references import protecting_records
from core.revisions import StaleWriteError, revision_claim
from core.services import audit_record

from .models import CalendarAdoption, CalendarSubscription, Meeting, MeetingKind

# Fields that a subscriber's calendar shows; changing any of them raises SEQUENCE so
# Outlook and phones replace their copy instead of keeping the old one.
SUBSCRIBER_FIELDS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "all_day",
    "start_time",
    "end_time",
    "location",
    "description",
    "status",
)
# The plan year decides which year's table an entry sits in; a feed never shows it.
EDITABLE_FIELDS = (*SUBSCRIBER_FIELDS, "year")


@transaction.atomic
def meeting_create(
    *,
    kind: MeetingKind,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    all_day: bool = False,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    location: str = "",
    description: str = "",
    year: int | None = None,
    status: str = Meeting.Status.PLANNED,
    acting_user=None,
) -> Meeting:
    """Create and save a calendar entry; its year is the year of its date unless given."""
    meeting = Meeting(
        kind=kind,
        title=title,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        all_day=all_day,
        start_time=start_time,
        end_time=end_time,
        location=location,
        description=description,
        status=status,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, acting_user=None, expected_revision: int | None = None) -> Meeting:
    """Change the fields in `data` and raise SEQUENCE when a subscriber would see the change.

    Refused when the meeting changed since `expected_revision` (the revision the form
    was opened at). The stored row is compared, not the instance passed in: a ModelForm
    has already written the new values into its instance before the view calls this.
    """
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    stored = revision_claim(meeting, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=meeting, current=None)
    before = _field_values(stored)
    for name, value in data.items():
        setattr(stored, name, value)
    stored.full_clean()
    # Compare after clean(), which may normalise (an end date equal to the start date is dropped).
    after = _field_values(stored)
    changed = [name for name in EDITABLE_FIELDS if after[name] != before[name]]
    if any(name in SUBSCRIBER_FIELDS for name in changed):
        stored.sequence += 1
    if changed:
        stored.revision = meeting.revision  # the next one, claimed above
        stored.save()
    return stored


def _field_values(meeting: Meeting) -> dict:
    # The kind by id, so comparing never fetches the related row.
    return {name: meeting.kind_id if name == "kind" else getattr(meeting, name) for name in EDITABLE_FIELDS}


def meeting_delete_refusal(meeting: Meeting) -> str | None:
    """Return why `meeting` may not be deleted, or None when it may.

    A meeting that took a decision or received documents (an adopted calendar, a plan, a
    project's grant or report: any record that holds it) is the board's history; a meeting
    in a calendar the board has adopted is cancelled instead, so the adopted calendar and
    the subscribers' calendars keep it as inställt.
    """
    holders = protecting_records(meeting)
    if holders:
        return _(
            "Mötet kan inte tas bort: det har fattat beslut eller fått handlingar (%(records)s). "
            "Ställ in det i stället."
        ) % {"records": ", ".join(holders)}
    if CalendarAdoption.objects.filter(year=meeting.year).exists():
        return _(
            "Kalendariet för %(year)s är fastställt av styrelsen: ställ in mötet i stället för att ta bort det."
        ) % {"year": meeting.year}
    return None


@transaction.atomic
def meeting_delete(*, meeting: Meeting, acting_user, expected_revision: int | None = None) -> None:
    """Delete a meeting entered by mistake, and audit it; refused for one the board's records hold.

    Refused too when the meeting changed since `expected_revision` (the page that asked).
    """
    stored = revision_claim(meeting, expected_revision=expected_revision)
    if stored is None:
        raise StaleWriteError(row=meeting, current=None)
    refusal = meeting_delete_refusal(stored)
    if refusal:
        raise ValidationError(refusal, code="protected")
    summary = _("%(meeting)s %(date)s borttaget ur kalendariet %(year)s") % {
        "meeting": stored.title,
        "date": formatting.isodate(stored.starts_on),
        "year": stored.year,
    }
    details = {
        "meeting": stored.pk,
        "uid": str(stored.uid),
        "title": stored.title,
        "starts_on": stored.starts_on.isoformat(),
        "year": stored.year,
    }
    stored.delete()
    audit_record(acting_user=acting_user, action=AuditEvent.Action.MEETING_DELETED, summary=summary, details=details)


def meeting_cancel(*, meeting: Meeting, acting_user=None) -> Meeting:
    """Mark the meeting inställt; it stays in the feed as STATUS:CANCELLED so calendars drop it."""
    return meeting_update(meeting=meeting, data={"status": Meeting.Status.CANCELLED}, acting_user=acting_user)


def meeting_reinstate(*, meeting: Meeting, acting_user=None) -> Meeting:
    """Undo a cancellation."""
    return meeting_update(meeting=meeting, data={"status": Meeting.Status.PLANNED}, acting_user=acting_user)


def same_week_next_year(day: datetime.date, *, years: int = 1) -> datetime.date:
    """Return the same weekday of the same ISO week `years` later.

    Week 53 becomes week 52 in a year without one, and the result is kept in the
    calendar year `years` after `day` (moving a week when the ISO year and the
    calendar year disagree around New Year), so a copied entry always lands in the
    copied year and keeps its weekday.
    """
    iso_year, week, weekday = day.isocalendar()
    target_iso_year = iso_year + years
    weeks_in_target = datetime.date(target_iso_year, 12, 28).isocalendar().week
    moved = datetime.date.fromisocalendar(target_iso_year, min(week, weeks_in_target), weekday)
    week_step = datetime.timedelta(weeks=1)
    while moved.year < day.year + years:
        moved += week_step
    while moved.year > day.year + years:
        moved -= week_step
    return moved


@transaction.atomic
def calendar_copy_to_next_year(*, year: int, acting_user=None) -> list[Meeting]:
    """Create next year's calendar as a copy of `year`'s planned entries, each on the same weekday of the same week.

    The copies are new entries (new UIDs, SEQUENCE 0) that the förbundschef then adjusts.
    Refused when next year already has entries, so running it twice never doubles a calendar.
    """
    next_year = year + 1
    if not year_in_range(next_year):
        raise ValidationError(
            _("Kalendariet kan inte kopieras till %(year)s: det ligger utanför åren %(first)s–%(last)s.")
            % {"year": next_year, "first": year_range()[0], "last": year_range()[1]}
        )
    if Meeting.objects.for_year(next_year).exists():
        raise ValidationError(
            _("Kalendariet för %(year)s har redan möten; ändra dem i stället för att kopiera.") % {"year": next_year}
        )
    originals = list(Meeting.objects.for_year(year).planned().select_related("kind"))
    if not originals:
        raise ValidationError(_("Kalendariet för %(year)s har inga planerade möten att kopiera.") % {"year": year})
    copies = []
    for original in originals:
        starts_on = same_week_next_year(original.starts_on)
        ends_on = starts_on + (original.ends_on - original.starts_on) if original.ends_on else None
        copy = Meeting(
            kind=original.kind,
            title=original.title,
            year=next_year,
            starts_on=starts_on,
            ends_on=ends_on,
            all_day=original.all_day,
            start_time=original.start_time,
            end_time=original.end_time,
            location=original.location,
            description=original.description,
        )
        copy.full_clean()
        copies.append(copy)
    return bulk_create_with_changes(copies, Meeting, acting_user=acting_user)


@transaction.atomic
def calendar_adopt(*, year: int, meeting: Meeting, acting_user) -> CalendarAdoption:
    """Record that the board, at `meeting`, adopted (fastställde) the calendar for `year`, and audit it."""
    if not Meeting.objects.for_year(year).exists():
        raise ValidationError(_("Kalendariet för %(year)s har inga möten ännu.") % {"year": year})
    adoption = CalendarAdoption(year=year, meeting=meeting)
    adoption.full_clean()  # one adoption per year, and the meeting must be a board meeting the year before
    adoption.save()
    audit_record(
        acting_user=acting_user,
        action=AuditEvent.Action.CALENDAR_ADOPTED,
        summary=_("Kalendarium %(year)s fastställt %(date)s (%(meeting)s)")
        % {"year": year, "date": formatting.isodate(meeting.starts_on), "meeting": meeting.title},
        details={"year": year, "meeting": meeting.pk, "adoption": adoption.pk},
    )
    return adoption


def _new_token(nbytes: int) -> str:
    # URL-safe base64 of `nbytes` random bytes: fits the feed URL's <slug:> converters.
    return secrets.token_urlsafe(nbytes)


@transaction.atomic
def subscription_regenerate(*, user) -> CalendarSubscription:
    """Give `user` a new personal feed address; the old address stops working at once.

    The secret is 32 random bytes (256 bits); the key only finds the row.
    """
    subscription, _created = CalendarSubscription.objects.update_or_create(
        user=user, defaults={"key": _new_token(12), "secret": _new_token(32)}
    )
    return subscription
