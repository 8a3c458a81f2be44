"""The förbund's own goals per plan year, beside the projects' goals, and their follow-up.

A förbund writes goals of its own into its plan: an övergripande mål, verksamhetsmål, a
finansiellt mål, and regional goals that someone outside sofint measures ("andelen unga
vuxna med försörjningsstöd … vid mätningen hösten 2019", read from SCB/Kolada). Each is
kept as written; one with a number behind it has the same measurable target as a
project's goal (projects.targets), and its colour is computed from the outcome. One
without is followed up by a judgement: a colour chosen with the reason for it.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.domain import DateInRange, YearInRange
from core.formatting import format_number
from core.history import tracked
from core.revisions import Revisioned
from projects.targets import Attainment, Comparison, Measure, Target, target_constraints, target_field_errors, target_of

MAX_ORDER = 999
SHORT_LENGTH = 100  # a goal named in a list, a table row or the audit trail


class GoalKind(models.TextChoices):
    """The kinds of goal a förbund sets itself, in the order its plan lists them."""

    OVERALL = "overgripande", _("Övergripande mål")
    OPERATIONAL = "verksamhet", _("Verksamhetsmål")
    FINANCIAL = "finansiellt", _("Finansiellt mål")
    REGIONAL = "regionalt", _("Regionalt mål")


KIND_ORDER = {kind: position for position, kind in enumerate(GoalKind.values)}
# The judgements a follow-up of a goal without a number can make: the colours of projects.targets.
JUDGEMENTS = [Attainment.MET, Attainment.NEAR, Attainment.MISSED]


class ForbundGoalQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """Return the goals that hold in `year` (a multi-year goal holds in each of its years)."""
        return self.filter(first_year__lte=year, last_year__gte=year)


class ForbundGoal(Revisioned):
    """One of the förbund's own goals, worded as the plan words it, for a year or a span of years."""

    kind = models.CharField(_("typ av mål"), max_length=12, choices=GoalKind.choices)
    first_year = models.PositiveSmallIntegerField(_("första år"), validators=[YearInRange()])
    last_year = models.PositiveSmallIntegerField(
        _("sista år"), validators=[YearInRange()], help_text=_("Samma som första år för ett mål som gäller ett år.")
    )
    text = models.TextField(
        _("mål"), max_length=5000, help_text=_("Så som planen formulerar målet. Markdown går att använda.")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0, validators=[MaxValueValidator(MAX_ORDER)])
    measure = models.CharField(_("mäts som"), max_length=10, choices=Measure.choices, blank=True)
    comparison = models.CharField(_("jämförelse"), max_length=10, choices=Comparison.choices, blank=True)
    target = models.DecimalField(
        _("målvärde"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    target_max = models.DecimalField(
        _("målvärde, övre gräns"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    per = models.CharField(_("per"), max_length=40, blank=True, help_text=_("Period eller enhet: kalenderår, coach."))
    # A regional goal is measured outside sofint: who measures it and when, as the plan says.
    measured_by = models.CharField(
        _("mäts av"), max_length=200, blank=True, help_text=_("Källan för ett regionalt mål: SCB/Kolada, Region …")
    )
    measured_when = models.CharField(
        _("mäts när"), max_length=100, blank=True, help_text=_("Som planen skriver det: ”hösten 2019”.")
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = ForbundGoalQuerySet.as_manager()

    history = tracked(verbose_name=_("historik för förbundsmål"))

    class Meta:
        verbose_name = _("förbundsmål")
        verbose_name_plural = _("förbundets mål")
        ordering = ["first_year", "kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="forbundgoal_years_ordered",
                violation_error_message=_("Sista året kan inte ligga före det första."),
            ),
            *target_constraints("forbundgoal"),
        ]

    def __str__(self):
        # The goal's first line, whole words only: what a list, a table row or the audit trail names it by.
        first_line = next((line.strip() for line in self.text.splitlines() if line.strip()), "")
        words = first_line.lstrip("-*# ").split()
        shown = []
        for word in words:
            if len(" ".join([*shown, word])) > SHORT_LENGTH:
                return " ".join(shown) + "…"
            shown.append(word)
        return " ".join(shown)

    def get_absolute_url(self):
        return reverse("goals:detail", kwargs={"forbund_goal_id": self.pk})

    def clean(self):
        errors = {}
        first, last = self.first_year, self.last_year
        if first is not None and last is not None and last < first:
            errors["last_year"] = _("Sista året kan inte ligga före det första.")
        errors.update(target_field_errors(self))
        if self.kind == GoalKind.REGIONAL and not self.measured_by.strip():
            errors["measured_by"] = _("Ange vem som mäter målet: ett regionalt mål mäts utanför sofint.")
        if errors:
            raise ValidationError(errors)

    @property
    def years(self) -> str:
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year}–{self.last_year}"

    @property
    def target_spec(self) -> Target | None:
        """Return the measurable target, or None when the goal is text only."""
        return target_of(self)

    @property
    def is_measurable(self) -> bool:
        return self.target_spec is not None

    @property
    def due_on(self) -> datetime.date:
        """Return the day the goal must be met: the end of its last year."""
        return datetime.date(self.last_year, 12, 31)

    @property
    def measured_label(self) -> str:
        """Say who measures the goal and when, as the plan writes it: "SCB/Kolada, hösten 2019"."""
        return ", ".join(part for part in (self.measured_by.strip(), self.measured_when.strip()) if part)


class GoalIntroduction(models.Model):
    """The words a plan writes before a year's goals of one kind ("Genom den samverkan … skall:")."""

    year = models.PositiveSmallIntegerField(_("år"), validators=[YearInRange()])
    kind = models.CharField(_("typ av mål"), max_length=12, choices=GoalKind.choices)
    text = models.TextField(_("inledning"), max_length=5000, help_text=_("Markdown går att använda."))

    class Meta:
        verbose_name = _("inledning till förbundets mål")
        verbose_name_plural = _("inledningar till förbundets mål")
        ordering = ["year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"],
                name="goalintroduction_one_per_kind",
                violation_error_message=_("Året har redan en inledning för den typen av mål."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}"


class GoalFollowUp(Revisioned):
    """The follow-up of one goal on one date: the outcome or an assessment, and the colour it gets.

    A measurable goal gets its colour from its target and the outcome, as a project's goal
    does; a goal without a number gets the colour the förbund judges, with the reason.
    """

    goal = models.ForeignKey(ForbundGoal, verbose_name=_("mål"), on_delete=models.CASCADE, related_name="follow_ups")
    followed_up_on = models.DateField(
        _("uppföljd den"), validators=[DateInRange()], help_text=_("Dagen för uppföljningen eller mätningen.")
    )
    period = models.CharField(
        _("period"), max_length=100, blank=True, help_text=_("Det uppföljningen avser: ”helåret 2019”, ”hösten 2019”.")
    )
    value = models.DecimalField(
        _("utfall"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Det uppmätta värdet, för ett mål med målvärde."),
    )
    judgement = models.CharField(
        _("bedömd måluppfyllelse"),
        max_length=12,
        blank=True,
        choices=[(attainment.value, attainment.label) for attainment in JUDGEMENTS],
        help_text=_("För ett mål utan målvärde: färgen väljs, med skälet i bedömningen."),
    )
    assessment = models.TextField(
        _("bedömning"), max_length=5000, blank=True, help_text=_("Vad uppföljningen visar, och varför.")
    )
    source = models.CharField(
        _("källa"), max_length=200, blank=True, help_text=_("Varifrån uppgiften kommer: ”SCB/Kolada hösten 2019”.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    history = tracked(verbose_name=_("historik för uppföljning av förbundsmål"))

    class Meta:
        verbose_name = _("uppföljning av förbundsmål")
        verbose_name_plural = _("uppföljningar av förbundets mål")
        ordering = ["goal", "followed_up_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "followed_up_on", "period"],
                name="goalfollowup_one_per_date",
                violation_error_message=_("Målet har redan en uppföljning för den dagen och perioden."),
            ),
        ]

    def __str__(self):
        label = self.followed_up_on.isoformat() if self.followed_up_on else ""
        return f"{label} {self.period}".strip()

    @property
    def value_label(self) -> str:
        """Return the outcome with the goal's unit, the Swedish way: "33,5 %", "9 dagar", "18"."""
        if self.value is None:
            return ""
        value = self.value.normalize()
        text = format_number(value, decimals=max(0, -value.as_tuple().exponent))
        return text + {Measure.SHARE: "\u202f%", Measure.DAYS: " dagar"}.get(self.goal.measure, "")

    @property
    def attainment(self) -> Attainment:
        """Return the colour of this follow-up: computed for a measurable goal, as judged for the others."""
        target = self.goal.target_spec
        if target is None:
            return Attainment(self.judgement) if self.judgement else Attainment.NOT_MEASURABLE
        if self.value is None:
            return Attainment.NO_DATA
        return target.evaluate(self.value, due=self.followed_up_on >= self.goal.due_on)
