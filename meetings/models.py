"""The förbund's year: board meetings, beredningsgrupp meetings and collaboration events."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.Model):
    """A kind of calendar entry; the three the seeds show are built in, more can be added."""

    BOARD = "styrelsemote"
    PREPARATORY_GROUP = "beredningsgrupp"
    EVENT = "samverkan"

    code = models.SlugField(_("kod"), max_length=40, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("typ av möte")
        verbose_name_plural = _("typer av möten")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """A meeting or event on the förbund's calendar: a day, a span of days, all day or timed."""

    class Status(models.TextChoices):
        PLANNED = "planerat", _("Planerat")
        CANCELLED = "installt", _("Inställt")

    kind = models.ForeignKey(MeetingKind, verbose_name=_("typ"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("tema eller rubrik"), max_length=200)
    starts_on = models.DateField(_("datum"))
    ends_on = models.DateField(_("slutdatum"), null=True, blank=True, help_text=_("För möten över flera dagar."))
    all_day = models.BooleanField(_("heldag"), default=False)
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    location = models.CharField(_("plats"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    # iCalendar: the UID never changes; SEQUENCE rises with every change a subscriber should see.
    uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("versionsnummer"), default=0, editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("möte")
        verbose_name_plural = _("möten")
        ordering = ["starts_on", "start_time", "pk"]
        indexes = [models.Index(fields=["starts_on"])]
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

    def clean(self):
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
        if errors:
            raise ValidationError(errors)
