"""The förbund's year: board meetings, beredningsgrupp meetings and collaboration events."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import formatting
from core.domain import DateInRange, YearInRange, year_in_range
from core.history import tracked
from core.revisions import Revisioned


class MeetingKindManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class MeetingKind(models.Model):
    """A kind of calendar entry; the three the seeds show are built in, more can be added."""

    BOARD = "styrelsemote"
    PREPARATORY_GROUP = "beredningsgrupp"
    EVENT = "samverkan"

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    objects = MeetingKindManager()

    class Meta:
        verbose_name = _("typ av möte")
        verbose_name_plural = _("typer av möten")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class MeetingQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """Return the entries of `year`'s årsplanering (which may hold an entry dated outside it)."""
        return self.filter(year=year)

    def planned(self):
        """Return the entries not cancelled, held or not: the stored status, not the shown state (state_on)."""
        return self.filter(status=Meeting.Status.PLANNED)

    def board(self):
        return self.filter(kind__code=MeetingKind.BOARD)

    def upcoming(self, *, today: datetime.date):
        """Return planned entries that have not ended by `today`, soonest first."""
        return (
            self.planned()
            .filter(Q(starts_on__gte=today) | Q(ends_on__gte=today))
            .order_by("starts_on", "start_time", "pk")
        )


class Meeting(Revisioned):
    """A meeting or event on the förbund's calendar: a day, a span of days, all day or timed.

    Two counters: `revision` (core.revisions) refuses a save from a form opened before
    the last one; `sequence` tells subscribers' calendars to replace their copy.
    """

    class Status(models.TextChoices):
        PLANNED = "planerat", _("Planerat")
        CANCELLED = "installt", _("Inställt")

    class State(models.TextChoices):
        """What the pages show: the stored status read against today's date (state_on), never stored."""

        PLANNED = "planerat", _("Planerat")
        TODAY = "i-dag", _("I dag")
        ONGOING = "pagar", _("Pågår")
        HELD = "genomfort", _("Genomfört")
        CANCELLED = "installt", _("Inställt")

    kind = models.ForeignKey(MeetingKind, verbose_name=_("typ"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("tema eller rubrik"), max_length=200)
    # The årsplanering an entry belongs to. Usually the year of its date, but a plan can
    # list an entry from another year (SOFINT 2018 lists a fair on 2017-10-24).
    year = models.PositiveSmallIntegerField(
        _("årsplanering"),
        blank=True,
        validators=[YearInRange()],
        help_text=_("Året vars kalendarium mötet hör till; normalt samma år som datumet."),
    )
    starts_on = models.DateField(_("datum"), validators=[DateInRange()])
    ends_on = models.DateField(
        _("slutdatum"), null=True, blank=True, help_text=_("För möten över flera dagar."), validators=[DateInRange()]
    )
    all_day = models.BooleanField(_("heldag"), default=False)
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    location = models.CharField(_("plats"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # iCalendar: the UID never changes; SEQUENCE rises with every change a subscriber should see.
    uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("versionsnummer"), default=0, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    history = tracked(verbose_name=_("historik för möte"))

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_on", "start_time", "pk"]
        indexes = [models.Index(fields=["starts_on"]), models.Index(fields=["year", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="meeting_ends_after_start",
                violation_error_message=_("Slutdatumet kan inte ligga före startdatumet."),
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="meeting_end_time_needs_start_time",
                violation_error_message=_("Ange en starttid när du anger en sluttid."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.starts_on.isoformat()}"

    def get_absolute_url(self):
        return reverse("meetings:meeting", kwargs={"meeting_id": self.pk})

    def clean(self):
        if self.year is None and self.starts_on:
            self.year = self.starts_on.year
        errors = {}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Slutdatumet kan inte ligga före startdatumet.")
        if self.end_time and not self.start_time:
            errors["end_time"] = _("Ange en starttid när du anger en sluttid.")
        if (
            self.start_time
            and self.end_time
            and (not self.ends_on or self.ends_on == self.starts_on)
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("Sluttiden måste ligga efter starttiden.")
        if self.all_day and (self.start_time or self.end_time):
            errors["all_day"] = _("Ett heldagsmöte har ingen start- eller sluttid.")
        if self.ends_on and self.ends_on == self.starts_on:
            # One day is a one-day meeting; keeping ends_on empty keeps the tables and feed simple.
            self.ends_on = None
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def state_on(self, today: datetime.date) -> "Meeting.State":
        """Return the state on `today`: cancelled, held (its last day has passed), today, ongoing or planned.

        Computed, never stored: the day passing changes nothing in the database, and a
        meeting set back to planned after its day shows as held at once.
        """
        if self.is_cancelled:
            return self.State.CANCELLED
        if self.last_day < today:
            return self.State.HELD
        if self.starts_on <= today:
            return self.State.ONGOING if self.is_multi_day else self.State.TODAY
        return self.State.PLANNED

    @property
    def state(self) -> "Meeting.State":
        """Return the state today (timezone.localdate(), the förbund's day)."""
        return self.state_on(timezone.localdate())

    @property
    def state_label(self) -> str:
        return str(self.state.label)

    @property
    def is_held(self) -> bool:
        return self.state == self.State.HELD

    @property
    def is_board_meeting(self) -> bool:
        return self.kind.code == MeetingKind.BOARD

    @property
    def last_day(self) -> datetime.date:
        return self.ends_on or self.starts_on

    @property
    def is_multi_day(self) -> bool:
        return self.ends_on is not None and self.ends_on > self.starts_on

    @property
    def date_label(self) -> str:
        """Return the date as the årsplanering writes it: `2018-04-17/18`, `12–15 november 2018`."""
        return formatting.date_span(self.starts_on, self.ends_on)

    @property
    def time_label(self) -> str:
        """Return `HELDAG`, `09.30–12.00`, `från 09.30` or nothing when no time is set."""
        return formatting.time_span(all_day=self.all_day, start=self.start_time, end=self.end_time)

    @property
    def month_label(self) -> str:
        return formatting.month_name(self.starts_on.month).capitalize()


class CalendarAdoption(models.Model):
    """The board's decision, at one of its meetings, that fixes a year's calendar."""

    year = models.PositiveSmallIntegerField(_("år"), unique=True, validators=[YearInRange()])
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("beslutat vid"), on_delete=models.PROTECT, related_name="calendar_adoptions"
    )
    recorded_at = models.DateTimeField(_("registrerat"), auto_now_add=True)

    class Meta:
        verbose_name = _("fastställt kalendarium")
        verbose_name_plural = _("fastställda kalendarier")
        ordering = ["-year"]

    def __str__(self):
        return _("Kalendarium för %(year)s") % {"year": self.year}

    def clean(self):
        # Django runs clean() after a field error too: a year outside the förbund's has had its message.
        if self.meeting_id is None or self.year is None or not year_in_range(self.year):
            return
        errors = []
        if self.meeting.kind.code != MeetingKind.BOARD:
            errors.append(_("Kalendariet fastställs av styrelsen: välj ett styrelsemöte."))
        if self.meeting.is_cancelled:
            errors.append(_("Mötet är inställt och kan inte ha fattat beslut."))
        if self.meeting.starts_on.year >= self.year:
            errors.append(_("Kalendariet för %(year)s fastställs av ett styrelsemöte året före.") % {"year": self.year})
        if errors:
            raise ValidationError({"meeting": errors})

    @property
    def adopted_on(self) -> datetime.date:
        return self.meeting.starts_on


class CalendarSubscription(models.Model):
    """A user's personal iCalendar address: a public key to find it and a secret to prove it.

    The key is looked up in the database; the secret is then compared in constant time,
    so neither the query nor the comparison reveals how much of a guessed secret was right.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användare"),
        on_delete=models.CASCADE,
        related_name="calendar_subscription",
    )
    key = models.CharField(_("nyckel"), max_length=32, unique=True)
    secret = models.CharField(_("hemlighet"), max_length=64)
    created_at = models.DateTimeField(_("skapad"), auto_now=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("meetings:feed", kwargs={"key": self.key, "secret": self.secret})
